package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.space.Nb201Architecture;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings that reproduce the GAEA reference code, end to end on tiny runs. */
class ReferenceSettingsTest {

    @TempDir
    Path tmp;

    private static RunSpec tiny(String method, String mode, Object... more) {
        Object[] base = {"space", "nb201", "method", method, "mode", mode, "dataset", "synthetic", "epochs", 2,
            "channels", 4, "cells", 1, "batch", 16, "image_size", 8, "train_limit", 64, "seed", 3L, "eval_limit", 64};
        Object[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return TinyRuns.spec(all);
    }

    /** Without none the weights have four columns, and no edge of any epoch's architecture is none. */
    @ParameterizedTest
    @ValueSource(strings = {"gaea", "gaea-gdas"})
    void excludeNoneSearchesFourOpsAndNeverDerivesNone(String method) throws Exception {
        RunResult r = TinyRuns.run(tiny(method, "bilevel", "exclude_none", true, "epochs", 1, "arch_lr", 0.5),
                tmp.resolve(method), false);
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.error());
        for (double[] row : r.finalWeights().get("normal")) {
            assertEquals(4, row.length);
            assertEquals(1.0, Arrays.stream(row).sum(), 1e-9);
        }
        for (EpochMetrics m : r.epochs()) {
            Nb201Architecture arch = Nb201Space.INSTANCE.parse(m.derivedArch());
            assertTrue(Arrays.stream(arch.opIndices(org.geonas.core.space.CellType.NORMAL)).allMatch(o -> o != 0),
                    m.derivedArch());
        }
        assertTrue(Files.readString(tmp.resolve(method).resolve("result.json")).contains("\"exclude_none\" : true"));
    }

    /** Without none the supernet sees a zero none column, so GAEA starts at 1/4 on each edge, entropy ln 4. */
    @Test
    void excludeNoneStartsAtTheCentreOfTheFourOpSimplex() {
        RunResult r = TinyRuns.run(tiny("rsws", "bilevel", "exclude_none", true, "epochs", 1), tmp.resolve("r"), false);
        assertEquals(Math.log(4), r.epochs().get(0).meanEntropy(), 1e-12);
    }

    @Test
    void newSettingsAtTheirDefaultsKeepRunIdsAndChangeThemOtherwise() {
        RunSpec plain = tiny("gaea", "erm");
        assertEquals(plain.runId(), tiny("gaea", "erm", "exclude_none", false, "init", "he-normal", "erm_step",
                "joint", "derive_from", "last-epoch").runId());
        assertNotEquals(plain.runId(), tiny("gaea", "erm", "exclude_none", true).runId());
        assertNotEquals(plain.runId(), tiny("gaea", "erm", "init", "pytorch").runId());
        assertNotEquals(plain.runId(), tiny("gaea", "erm", "erm_step", "separate").runId());
    }

    @Test
    void settingsThatDoNotApplyAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny("gaea", "bilevel", "erm_step", "separate"));
        assertTrue(e.getMessage().contains("erm_step") && e.getMessage().contains("mode erm only"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny("gaea", "erm", "derive_from", "best-valid-epoch"));
        assertTrue(e.getMessage().contains("derive_from") && e.getMessage().contains("bilevel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny("gaea", "erm", "init", "glorot"));
        assertTrue(e.getMessage().contains("he-normal, pytorch"), e.getMessage());
    }

    /** The reference's ERM: an architecture step on its own batch, then the weight step; deterministic. */
    @Test
    void separateErmStepsDifferFromTheJointStepAndRepeatExactly() {
        RunResult joint = TinyRuns.run(tiny("gaea", "erm"), tmp.resolve("joint"), false);
        RunResult separate = TinyRuns.run(tiny("gaea", "erm", "erm_step", "separate"), tmp.resolve("sep"), false);
        RunResult again = TinyRuns.run(tiny("gaea", "erm", "erm_step", "separate"), tmp.resolve("sep2"), false);
        assertEquals(RunStatus.SUCCEEDED, separate.status(), separate.error());
        assertFalse(Arrays.deepEquals(joint.finalWeights().get("normal"), separate.finalWeights().get("normal")));
        assertTrue(Arrays.deepEquals(separate.finalWeights().get("normal"), again.finalWeights().get("normal")));
    }

    /** derive_from best-valid-epoch returns the architecture of the epoch with the best mixture accuracy. */
    @Test
    void bestValidEpochIsTheResult() {
        RunResult r = TinyRuns.run(tiny("darts", "bilevel", "epochs", 4, "arch_lr", 0.3, "derive_from",
                "best-valid-epoch"), tmp.resolve("best"), false);
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.error());
        EpochMetrics best = r.epochs().stream().max(Comparator.comparingDouble(EpochMetrics::validAcc)
                .thenComparing(Comparator.comparingInt(EpochMetrics::epoch).reversed())).orElseThrow();
        assertEquals(best.derivedArch(), r.finalArch());
    }
}
