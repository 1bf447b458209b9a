package org.geonas.benchmark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark files under ../shared/data (tests skip, printing why, where they are absent). */
final class SharedBenchmark {

    private SharedBenchmark() {
    }

    static Path csv() {
        return require(Path.of(System.getProperty("geonas.shared.dir", "../shared"), "data", "nb201", "nats_bench.csv"));
    }

    static Path officialSamples() {
        return require(Path.of(System.getProperty("geonas.shared.dir", "../shared"), "data", "nats-bench-samples",
                "NATS-tss-v1_0-3ffb9-simple"));
    }

    private static Path require(Path p) {
        if (!Files.exists(p)) {
            System.out.println("skipped: no benchmark data at " + p + " (../shared/data is for tests and demos only)");
        }
        assumeTrue(Files.exists(p), "no benchmark data at " + p);
        return p;
    }
}
