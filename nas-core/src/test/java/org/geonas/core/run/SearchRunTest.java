package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs on tiny synthetic specs: results, determinism, divergence, output-folder rules. */
class SearchRunTest {

    @TempDir
    Path tmp;

    @Test
    void runWritesResultWithEveryEpochAndSimplexWeights() {
        RunSpec spec = TinyRuns.synthetic("gaea", "bilevel", 2, 128, 1);
        RunResult result = TinyRuns.run(spec, tmp.resolve("a"), false);
        assertEquals(RunStatus.SUCCEEDED, result.status());
        assertEquals(2, result.epochs().size());
        assertTrue(Files.isRegularFile(tmp.resolve("a/result.json")));
        assertTrue(Files.isDirectory(tmp.resolve("a/checkpoints/epoch-0001")));
        RunResult read = RunResult.read(tmp.resolve("a/result.json"));
        assertEquals(result.runId(), read.runId());
        assertEquals(spec, read.spec());
        assertEquals(result.finalArch(), read.finalArch());
        Nb201Space.INSTANCE.parse(result.finalArch());
        for (double[] row : result.finalWeights().get("normal")) {
            double sum = 0;
            for (double v : row) {
                assertTrue(v > 0);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-9);
        }
        EpochMetrics last = result.epochs().get(1);
        assertTrue(last.meanEntropy() < Math.log(5) && last.meanEntropy() > 0);
        assertTrue(last.trainLoss() > 0 && Double.isFinite(last.validLoss()));
        assertTrue(last.validAcc() >= 0 && last.validAcc() <= 1);
        assertEquals(last.validAcc(), last.mixtureValidAcc());
        assertEquals(result.finalArch(), last.derivedArch());
        assertNotNull(result.provenance().jdk());
        assertTrue(result.params() > 0);
    }

    @Test
    void sameSpecTwiceGivesIdenticalArchitectureWeights() {
        RunSpec spec = TinyRuns.synthetic("darts", "bilevel", 2, 128, 7);
        RunResult first = TinyRuns.run(spec, tmp.resolve("first"), false);
        RunResult second = TinyRuns.run(spec, tmp.resolve("second"), false);
        assertWeightsEqual(first.finalWeights(), second.finalWeights());
        for (int e = 0; e < first.epochs().size(); e++) {
            assertEquals(first.epochs().get(e).trainLoss(), second.epochs().get(e).trainLoss());
            assertEquals(first.epochs().get(e).validAcc(), second.epochs().get(e).validAcc());
        }
        RunResult otherSeed = TinyRuns.run(spec.with(SearchSettings.SEED, 8L), tmp.resolve("third"), false);
        assertTrue(otherSeed.epochs().get(0).trainLoss() != first.epochs().get(0).trainLoss());
    }

    @Test
    void ermModeTrainsOnTheTrainingImagesAndEvaluatesOnTheTestSplit() {
        RunResult result = TinyRuns.run(TinyRuns.synthetic("gaea", "erm", 1, 128, 3), tmp.resolve("erm"), false);
        assertEquals(RunStatus.SUCCEEDED, result.status());
        assertTrue(result.epochs().get(0).meanEntropy() < Math.log(5));
    }

    @Test
    void explodingLossEndsTheRunAsDivergedWithItsEpoch() {
        RunSpec base = TinyRuns.synthetic("gaea", "bilevel", 3, 128, 1);
        RunSpec wild = TinyRuns.spec("space", "nb201", "method", "gaea", "mode", "bilevel", "dataset", "synthetic", "epochs", 3, "channels", 4, "cells", 1, "batch", 16, "image_size", 8, "train_limit", 128, "seed", 1L, "arch_lr", 1e30, "weight_lr", 1e30, "weight_lr_min", 1e30, "grad_clip", 1e30, "eval_limit", 64);
        RunResult result = TinyRuns.run(wild, tmp.resolve("wild"), false);
        assertEquals(RunStatus.DIVERGED, result.status());
        assertEquals(0, result.divergedEpoch());
        // the first non-finite tensor is named with its step
        assertTrue(result.error().matches("diverged in epoch 0 step \\d+: (loss of the (weight|architecture) step = "
                + "(NaN|-?Infinity)|gradient of \\S+ is not finite|architecture (gradient|weight) \\S+ cell .*)"),
                result.error());
        assertTrue(Files.isRegularFile(tmp.resolve("wild/result.json")));
    }

    @Test
    void anEarlierRunsCheckpointsAreNotOverwrittenWithoutResume() {
        RunSpec spec = TinyRuns.synthetic("gaea", "bilevel", 1, 64, 1);
        TinyRuns.run(spec, tmp.resolve("once"), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TinyRuns.run(spec, tmp.resolve("once"), false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> TinyRuns.run(spec.with(SearchSettings.SEED, 2L), tmp.resolve("once"), true));
        assertTrue(other.getMessage().contains("different run configuration"), other.getMessage());
    }

    @Test
    void resumingAFinishedRunTrainsNothingAndGivesTheSameResult() {
        RunSpec spec = TinyRuns.synthetic("gaea", "bilevel", 1, 64, 1);
        RunResult first = TinyRuns.run(spec, tmp.resolve("done"), false);
        RunResult again = TinyRuns.run(spec, tmp.resolve("done"), true);
        assertWeightsEqual(first.finalWeights(), again.finalWeights());
        assertEquals(first.epochs().size(), again.epochs().size());
    }

    @Test
    void batchLargerThanTheSplitIsRejectedBeforeTraining() {
        RunSpec spec = TinyRuns.spec("space", "nb201", "method", "gaea", "mode", "bilevel", "dataset", "synthetic", "epochs", 1, "channels", 4, "cells", 1, "batch", 64, "image_size", 8, "train_limit", 64, "seed", 0L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TinyRuns.run(spec, tmp.resolve("big"), false));
        assertTrue(e.getMessage().contains("--batch"), e.getMessage());
        assertNull(tmp.resolve("big/result.json").toFile().exists() ? "" : null);
    }

    static void assertWeightsEqual(Map<String, double[][]> a, Map<String, double[][]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            for (int e = 0; e < a.get(k).length; e++) {
                assertArrayEquals(a.get(k)[e], b.get(k)[e], 0.0, "edge " + e);
            }
        }
    }

    @Test
    void archWarmupEpochsTrainTheWeightsOnlyAndLeaveRunIdsAtTheDefault() {
        RunSpec plain = TinyRuns.synthetic("gaea", "bilevel", 2, 64, 1);
        RunSpec warm = plain.with(SearchSettings.ARCH_WARMUP_EPOCHS, 1);
        assertEquals(plain.runId(), plain.with(SearchSettings.ARCH_WARMUP_EPOCHS, 0).runId());
        assertTrue(!plain.runId().equals(warm.runId()));
        RunResult r = TinyRuns.run(warm, tmp.resolve("warm"), false);
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.error());
        assertEquals(Math.log(5), r.epochs().get(0).meanEntropy(), 1e-12, "no architecture step in the warm-up");
        assertTrue(r.epochs().get(1).meanEntropy() < Math.log(5) - 1e-6, "architecture steps after it");
        String m = assertThrows(IllegalArgumentException.class, () -> plain.with(SearchSettings.ARCH_WARMUP_EPOCHS, 2))
                .getMessage();
        assertEquals("arch_warmup_epochs must be in [0, epochs = 2), got 2", m);
    }

    /**
     * libtorch's grad mode is per thread and on by default; DJL turns it off only on the thread
     * that loaded the engine. A run on any other thread (a Spark task, a test after an in-JVM sweep)
     * must still initialize and update its parameters in place.
     */
    @Test
    void aRunOnAFreshThreadGivesTheSameWeightsAsOnThisOne() throws Exception {
        RunSpec spec = TinyRuns.synthetic("gaea", "bilevel", 1, 64, 4);
        RunResult here = TinyRuns.run(spec, tmp.resolve("here"), false);
        java.util.concurrent.atomic.AtomicReference<RunResult> there = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> there.set(TinyRuns.run(spec, tmp.resolve("there"), false)), "fresh");
        thread.start();
        thread.join();
        assertEquals(RunStatus.SUCCEEDED, there.get().status(), there.get().error());
        assertEquals(here.finalArch(), there.get().finalArch());
        for (Map.Entry<String, double[][]> e : here.finalWeights().entrySet()) {
            for (int i = 0; i < e.getValue().length; i++) {
                assertArrayEquals(e.getValue()[i], there.get().finalWeights().get(e.getKey())[i], 0.0);
            }
        }
    }
}
