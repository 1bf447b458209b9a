package org.geonas.core.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark files under ../shared/data (tests skip, printing why, where they are absent). */
final class SharedBenchmarkFiles {

    private SharedBenchmarkFiles() {
    }

    static Path data() {
        return Path.of(System.getProperty("geonas.shared.dir", "../shared"), "data");
    }

    /** The compact NAS-Bench-201 CSV. */
    static Path csv() {
        Path p = data().resolve(Path.of("nb201", "nats_bench.csv"));
        if (!Files.isRegularFile(p)) {
            System.out.println("skipped: no benchmark CSV at " + p);
        }
        assumeTrue(Files.isRegularFile(p), "no benchmark CSV at " + p);
        return p;
    }
}
