package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's sparsity claim on a small real-image proxy: Fashion-MNIST, C=8, N=1, 16x16, 4
 * epochs, the same seed; GAEA ends with a clearly lower mean edge entropy than DARTS, and below
 * ln 5. Needs the Debian package dataset-fashion-mnist (.ci/run installs it) or
 * GEONAS_FASHION_MNIST pointing at the IDX files.
 */
@Tag("e2e")
class EntropyProxyTest {

    @TempDir
    Path tmp;

    @Test
    void gaeaSharpensTheArchitectureDistributionFasterThanDarts() {
        Path data = Path.of(System.getenv().getOrDefault("GEONAS_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"));
        if (!Files.isDirectory(data)) {
            System.out.println("EntropyProxyTest skipped: no Fashion-MNIST at " + data
                    + " (apt-get install dataset-fashion-mnist, or set GEONAS_FASHION_MNIST)");
        }
        assumeTrue(Files.isDirectory(data), "no Fashion-MNIST at " + data);
        RunResult gaea = TinyRuns.run(proxy("gaea", data), tmp.resolve("gaea"), false);
        RunResult darts = TinyRuns.run(proxy("darts", data), tmp.resolve("darts"), false);
        assertEquals(RunStatus.SUCCEEDED, gaea.status());
        assertEquals(RunStatus.SUCCEEDED, darts.status());
        System.out.println("entropy per epoch, gaea:  " + curve(gaea));
        System.out.println("entropy per epoch, darts: " + curve(darts));
        double g = gaea.epochs().get(3).meanEntropy();
        double d = darts.epochs().get(3).meanEntropy();
        assertTrue(g < Math.log(5) - 0.01, "gaea entropy " + g + " should be clearly below ln 5");
        assertTrue(g < d - 0.01, "gaea entropy " + g + " should be clearly below darts' " + d);
    }

    private static RunSpec proxy(String method, Path data) {
        return TinyRuns.spec("space", "nb201", "method", method, "mode", "bilevel", "dataset", "fashion-mnist", "data_dir", data.toString(), "epochs", 4, "channels", 8, "cells", 1, "batch", 32, "image_size", 16, "train_limit", 4000, "seed", 0L, "eval_limit", 512);
    }

    private static String curve(RunResult r) {
        return r.epochs().stream().map(m -> String.format(java.util.Locale.ROOT, "%.4f", m.meanEntropy()))
                .collect(Collectors.joining(" "));
    }
}
