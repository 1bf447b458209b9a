package org.geonas.core.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.geonas.core.space.Nb201Architecture;

/**
 * Test data of the benchmark tests: the files under ../shared/data (tests skip, printing why,
 * where they are absent) and random cells to look up.
 */
final class BenchmarkTestData {

    private BenchmarkTestData() {
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

    /** {@code n} cells drawn uniformly from the space, reproducibly. */
    static Nb201Architecture[] randomCells(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        Nb201Architecture[] cells = new Nb201Architecture[n];
        for (int i = 0; i < n; i++) {
            cells[i] = new Nb201Architecture(random.ints(6, 0, 5).toArray());
        }
        return cells;
    }
}
