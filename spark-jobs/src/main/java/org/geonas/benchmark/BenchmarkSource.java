package org.geonas.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

/** The forms a NAS-Bench-201 benchmark is downloaded in, told apart by what the path holds. */
public enum BenchmarkSource {
    /** The compact CSV, one row per architecture (test accuracy after 200 epochs, mean over seeds). */
    CSV,
    /** The official NATS-Bench topology folder ("simple" format): meta.pickle.pbz2 and one file per architecture. */
    NATS_SIMPLE,
    /** A table written by {@code geonas import-benchmark}. */
    IMPORTED;

    /** What the path is, or a one-line error saying what was expected. */
    public static BenchmarkSource detect(Path path) {
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .endsWith(".csv")) {
            return CSV;
        }
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(BenchmarkManifest.FILE))) {
            return IMPORTED;
        }
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("meta.pickle.pbz2"))) {
            return NATS_SIMPLE;
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder; give the NAS-Bench-201 CSV "
                    + "(nats_bench.csv), the official NATS-tss-v1_0-3ffb9-simple folder, or an imported table");
        }
        throw new IllegalArgumentException(path + ": not a NAS-Bench-201 benchmark; expected a .csv file, a folder "
                + "with meta.pickle.pbz2 (the official NATS-Bench topology files, simple format), or a folder with "
                + BenchmarkManifest.FILE + " (written by geonas import-benchmark)");
    }
}
