package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every method beyond DARTS and GAEA runs end to end on the NB201 supernet in both modes. */
class MethodRunsTest {

    @TempDir
    Path tmp;

    /** The DARTS CNN space: every method, bilevel (and ERM for one of each family), genotypes in the tables' form. */
    @ParameterizedTest
    @CsvSource({"darts,bilevel", "gaea,bilevel", "pcdarts,bilevel", "gaea-pcdarts,bilevel", "gdas,bilevel",
        "gaea-gdas,bilevel", "rsws,bilevel", "gaea,erm", "gaea-pcdarts,erm", "gaea-gdas,erm"})
    void everyMethodRunsInTheDartsSpace(String method, String mode) {
        RunResult r = TinyRuns.run(TinyRuns.dartsSpace(method, mode, 1, 32, 5), tmp.resolve("d" + method + mode), false);
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.error());
        org.geonas.core.space.DartsGenotype g = org.geonas.core.space.DartsGenotype.parse(r.finalArch());
        assertEquals(r.finalArch(), g.encode());
        for (String type : java.util.List.of("normal", "reduce")) {
            for (double[] row : r.finalWeights().get(type)) {
                assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-9);
            }
        }
    }

    /**
     * Regression: the average pool's count map was closed while autograd still held it, so
     * backward read freed memory and these runs ended in NaN gradients.
     */
    @ParameterizedTest
    @CsvSource({"darts,2,16", "gaea,2,8", "darts,4,16"})
    void dartsSpaceAveragePoolKeepsItsCountMapAliveForBackward(String method, int cells, int size) {
        RunSpec spec = TinyRuns.spec("space", "darts", "method", method, "mode", "bilevel", "dataset", "synthetic", "epochs", 1, "channels", 8, "cells", cells, "batch", 8, "image_size", size, "train_limit", 32, "seed", 0L, "eval_limit", 16, "candidates", 3);
        RunResult r = TinyRuns.run(spec, tmp.resolve("pool" + method + cells + size), false);
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.error());
    }

    @ParameterizedTest
    @CsvSource({"gdas,bilevel", "gaea-gdas,bilevel", "gdas,erm", "gaea-gdas,erm", "rsws,bilevel", "rsws,erm",
        "pcdarts,bilevel", "gaea-pcdarts,bilevel", "pcdarts,erm", "gaea-pcdarts,erm"})
    void methodRunsAndKeepsItsWeightsOnTheSimplex(String method, String mode) {
        RunResult r = TinyRuns.run(TinyRuns.synthetic(method, mode, 1, 64, 3), tmp.resolve(method + mode), false);
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.error());
        Nb201Space.INSTANCE.parse(r.finalArch());
        for (double[] row : r.finalWeights().get("normal")) {
            assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-9);
        }
        assertTrue(r.epochs().get(0).discreteValidAcc() >= 0);
        if (method.equals("rsws")) {
            assertEquals(Math.log(5), r.epochs().get(0).meanEntropy(), 1e-12, "random search learns no distribution");
        }
    }
}
