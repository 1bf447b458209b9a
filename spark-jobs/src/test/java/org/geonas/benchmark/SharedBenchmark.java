package org.geonas.benchmark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark files of the tests: the slice shipped in nas-core's test resources (nb201-slice:
 * rows of the CSV with an Index column, and the official files of architectures 0, 11 and 284;
 * always there, see its README.md), and the full files under ../shared/data (the property
 * {@code geonas.shared.dir} moves them; tests of the whole table skip, printing why, where they are
 * absent).
 */
public final class SharedBenchmark {

    private SharedBenchmark() {
    }

    /** The whole NAS-Bench-201 CSV (15,625 rows); the test skips where it is absent. */
    public static Path csv() {
        Path p = fullCsv();
        if (!Files.isRegularFile(p)) {
            System.out.println("skipped: no benchmark data at " + p + " (a test of the whole table; ../shared/data is "
                    + "for tests and demos only)");
        }
        assumeTrue(Files.isRegularFile(p), "no benchmark data at " + p);
        return p;
    }

    /** The slice of the CSV in the test resources: some rows, with their benchmark index (import with allowPartial). */
    public static Path sliceCsv() {
        return require(slice().resolve("nats_bench_slice.csv"));
    }

    /** The whole CSV where ../shared has it, else the slice (which holds every cell the tests' tiny sweeps derive). */
    public static Path csvOrSlice() {
        return Files.isRegularFile(fullCsv()) ? fullCsv() : sliceCsv();
    }

    /** The official NATS-Bench topology files of architectures 0, 11 and 284 with the whole meta file. */
    public static Path officialSamples() {
        return require(slice().resolve("NATS-tss-v1_0-3ffb9-simple"));
    }

    private static Path fullCsv() {
        return Path.of(System.getProperty("geonas.shared.dir", "../shared"), "data", "nb201", "nats_bench.csv");
    }

    private static Path slice() {
        return Path.of(System.getProperty("geonas.project.dir", ".."), "nas-core", "src", "test", "resources",
                "nb201-slice");
    }

    private static Path require(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException("the benchmark slice of the test resources is missing: " + p);
        }
        return p;
    }
}
