package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.geonas.core.search.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between a run's JVM and its supervisor: the folder's names, the exit codes and
 * the progress file, each kept by one type.
 */
class RunProtocolTest {

    @TempDir
    Path tmp;

    @Test
    void theLayoutNamesEveryFileOfARunFolder() {
        RunLayout layout = new RunLayout(tmp);
        assertEquals(tmp.resolve("result.json"), layout.result());
        assertEquals(tmp.resolve("spec.json"), layout.spec());
        assertEquals(tmp.resolve("progress.json"), layout.progress());
        assertEquals(tmp.resolve("run.log"), layout.log());
        assertEquals(tmp.resolve("checkpoints/epoch-0003"), layout.checkpoint(3));
        assertTrue(RunLayout.isCheckpointName("epoch-0003"));
        assertFalse(RunLayout.isCheckpointName("epoch-0003" + RunLayout.TMP_SUFFIX));
    }

    @Test
    void exitCodesAreUniqueAndOnlyAccidentsAreRetried() {
        assertEquals(ExitStatus.values().length, Arrays.stream(ExitStatus.values()).mapToInt(ExitStatus::code)
                .distinct().count());
        for (int code = 0; code <= 5; code++) {
            assertTrue(ExitStatus.isFinal(code), "code " + code);
            assertEquals(code, ExitStatus.fromCode(code).orElseThrow().code());
        }
        assertEquals(Optional.of(ExitStatus.KILLED), ExitStatus.fromCode(137));
        assertFalse(ExitStatus.isFinal(137));
        assertFalse(ExitStatus.isFinal(139));
        assertFalse(ExitStatus.isFinal(-1));
        assertEquals(" (signal 9, killed)", ExitStatus.describe(137));
        assertEquals(" (signal 11)", ExitStatus.describe(139));
        assertEquals("", ExitStatus.describe(1));
    }

    @Test
    void aSweepFailsOnlyForFailedRunsNotDivergedOnes() {
        RunSpec spec = TinyRuns.synthetic("gaea", "bilevel", 1, 64, 1);
        RunResult failed = result(spec, RunStatus.FAILED);
        RunResult diverged = result(spec, RunStatus.DIVERGED);
        assertEquals(ExitStatus.DIVERGED, ExitStatus.of(diverged));
        assertEquals(ExitStatus.SUCCEEDED, ExitStatus.ofSweep(List.of(diverged)));
        assertEquals(ExitStatus.RUNS_FAILED, ExitStatus.ofSweep(List.of(diverged, failed)));
    }

    @Test
    void progressIsWrittenAndReadBackAsOneRecord() throws Exception {
        RunProgress p = RunProgress.atStep(2, 5, 7, 10, Double.NaN, 1.5);
        assertNull(p.trainLoss());
        assertEquals(3, p.epochShown());
        assertEquals(p, RunProgress.fromJson(p.toJson()));
        Map<?, ?> keys = Json.JSON.readValue(p.toJson(), Map.class);
        assertTrue(keys.containsKey("train_loss") && keys.get("train_loss") == null, keys.toString());
        keys.remove("train_loss");
        assertEquals(Map.of("epoch", 2, "epochs", 5, "step", 7, "steps", 10, "mean_entropy", 1.5), keys);

        RunLayout layout = new RunLayout(tmp.resolve("run"));
        new ProgressFile(layout, 4).onEpoch(new EpochMetrics(0, 0.1, 2.0, 0.5, 2.1, 0.4, 0.4, 0.3, 1.2, "arch", 1.0,
                Map.of()));
        RunProgress read = RunProgress.fromJson(Files.readString(layout.progress()));
        assertEquals(new RunProgress(1, 4, 0, 0, 2.0, 1.2), read);
        assertEquals(1, read.epochShown());
        assertFalse(Files.exists(layout.progressTmp()));
    }

    @Test
    void theLauncherStartsRunMainResumingUnderItsSupervisor() {
        RunLayout layout = new RunLayout(tmp);
        List<String> cmd = new RunLauncher(RunKind.SEARCH, layout, "cpu", 2, "3g").jvm().command();
        int main = cmd.indexOf(RunMain.class.getName());
        assertEquals(List.of("--spec", layout.spec().toString(), "--out", tmp.toString(), "--resume", "--device", "cpu",
                "--exit-with-parent"), cmd.subList(main + 1, cmd.size()));
        assertTrue(cmd.contains("-Xmx3g") && cmd.contains("-Dai.djl.pytorch.num_threads=2"), cmd.toString());
    }

    /** A result without an engine behind it (loading libtorch is not what these tests are about). */
    private static RunResult result(RunSpec spec, RunStatus status) {
        return new RunResult(spec.runId(), spec, status, "why", null, null, null, List.of(), 1, "cpu", 0,
                Provenance.withoutEngine());
    }
}
