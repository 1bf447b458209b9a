package org.geonas.core.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.geonas.core.space.Nb201Architecture;

/**
 * Test data of the benchmark tests: the slice of the benchmark shipped in the test resources
 * (nb201-slice: rows of the CSV and three official files; always there), the full files under
 * ../shared/data (tests of the whole table skip, printing why, where they are absent; the
 * property {@code geonas.shared.dir} moves them), and random cells to look up.
 */
final class BenchmarkTestData {

    private BenchmarkTestData() {
    }

    static Path data() {
        return Path.of(System.getProperty("geonas.shared.dir", "../shared"), "data");
    }

    /** The compact NAS-Bench-201 CSV, all 15,625 rows; the test skips where it is absent. */
    static Path csv() {
        Path p = data().resolve(Path.of("nb201", "nats_bench.csv"));
        if (!Files.isRegularFile(p)) {
            System.out.println("skipped: no benchmark CSV at " + p + " (a test of the whole table)");
        }
        assumeTrue(Files.isRegularFile(p), "no benchmark CSV at " + p);
        return p;
    }

    /** The slice of the benchmark in the test resources (see its README.md). */
    static Path slice() {
        return Path.of(System.getProperty("geonas.project.dir", ".."), "nas-core", "src", "test", "resources",
                "nb201-slice");
    }

    /** Some rows of the CSV, with an Index column: read with {@code Nb201Table.fromCsv(csv, true)}. */
    static Path sliceCsv() {
        return slice().resolve("nats_bench_slice.csv");
    }

    /** The official NATS-Bench topology files of architectures 0, 11 and 284, with the whole meta file. */
    static Path officialSamples() {
        return slice().resolve("NATS-tss-v1_0-3ffb9-simple");
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
