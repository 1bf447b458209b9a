package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gdas_unsampled_ops setting: run ids, where it applies, and that a search uses it. */
class GdasUnsampledOpsSettingTest {

    @TempDir
    Path tmp;

    private static RunSpec tiny(String method, Object... more) {
        Object[] base = {"space", "nb201", "method", method, "mode", "bilevel", "dataset", "synthetic", "epochs", 1,
            "channels", 4, "cells", 1, "batch", 16, "image_size", 8, "train_limit", 64, "seed", 3L, "eval_limit", 32};
        Object[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return TinyRuns.spec(all);
    }

    @Test
    void skipKeepsRunIdsAndZeroWeightChangesThem() {
        assertEquals(tiny("gdas").runId(), tiny("gdas", "gdas_unsampled_ops", "skip").runId());
        assertNotEquals(tiny("gdas").runId(), tiny("gdas", "gdas_unsampled_ops", "zero-weight").runId());
    }

    @Test
    void zeroWeightIsRefusedForMethodsThatDoNotSample() {
        tiny("gaea-gdas", "gdas_unsampled_ops", "zero-weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny("darts", "gdas_unsampled_ops", "zero-weight"));
        assertTrue(e.getMessage().contains("gdas_unsampled_ops") && e.getMessage().contains("gdas and gaea-gdas")
                && e.getMessage().contains("method is darts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny("gdas", "gdas_unsampled_ops", "zero"));
        assertTrue(e.getMessage().contains("skip, zero-weight"), e.getMessage());
    }

    /** The unsampled ops get gradients, so the architecture moves differently. */
    @Test
    void zeroWeightSearchRunsAndLearnsOtherWeights() {
        RunResult skip = TinyRuns.run(tiny("gdas", "arch_lr", 0.05), tmp.resolve("skip"), false);
        RunResult zero = TinyRuns.run(tiny("gdas", "arch_lr", 0.05, "gdas_unsampled_ops", "zero-weight"),
                tmp.resolve("zero"), false);
        assertEquals(RunStatus.SUCCEEDED, zero.status(), zero.error());
        assertFalse(Arrays.deepEquals(skip.finalWeights().get("normal"), zero.finalWeights().get("normal")));
    }
}
