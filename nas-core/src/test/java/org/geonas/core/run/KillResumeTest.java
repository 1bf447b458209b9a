package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run in its own JVM is killed (SIGKILL) after its first checkpoint; resuming from that
 * checkpoint must finish with bit-identical architecture weights to an uninterrupted run.
 */
class KillResumeTest {

    @TempDir
    Path tmp;

    @Test
    void killedRunResumesToTheSameWeights() throws Exception {
        RunSpec spec = TinyRuns.synthetic("darts", "bilevel", 3, 512, 11);
        Path specFile = tmp.resolve("spec.json");
        Files.writeString(specFile, spec.toJson());
        Path killed = tmp.resolve("killed");

        Process child = TinyRuns.childRun(specFile, killed, 0);
        Path firstCheckpoint = killed.resolve("checkpoints/epoch-0000/state.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(firstCheckpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(firstCheckpoint), "child never wrote its first checkpoint");
        assertTrue(child.isAlive(), "child finished before it could be killed; make the run longer");
        child.destroyForcibly().waitFor();
        assertFalse(Files.exists(killed.resolve(RunLayout.RESULT)), "killed run must not have a result");

        RunResult resumed = TinyRuns.run(spec, killed, true);
        RunResult uninterrupted = TinyRuns.run(spec, tmp.resolve("straight"), false);
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        assertEquals(3, resumed.epochs().size());
        SearchRunTest.assertWeightsEqual(uninterrupted.finalWeights(), resumed.finalWeights());
        for (int e = 0; e < 3; e++) {
            assertEquals(uninterrupted.epochs().get(e).trainLoss(), resumed.epochs().get(e).trainLoss(), 0.0);
        }
    }
}
