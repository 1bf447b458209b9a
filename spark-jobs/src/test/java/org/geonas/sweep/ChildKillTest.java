package org.geonas.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.SweepSpec;
import org.geonas.spark.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM of one run is killed (SIGKILL) after its first checkpoint while the sweep runs: the
 * sweep still completes, the run is resumed in a new JVM, and its final architecture weights
 * equal those of an uninterrupted sweep.
 */
@org.junit.jupiter.api.Tag("e2e")
class ChildKillTest {

    @TempDir
    Path tmp;

    private static SweepSpec sweep(Path output) {
        return new SweepSpec("fault", output.toString(), Map.of(),
                new SweepSpec.Grid(null, List.of("gaea"), null, List.of("synthetic"), List.of(5L, 6L)),
                Map.of("epochs", 3, "channels", 4, "cells", 1, "batch", 16, "image_size", 8, "train_limit", 512,
                        "eval_limit", 32),
                Map.of(), new SweepSpec.Execution(1, 3, "1g"));
    }

    /** The full command line (ProcessHandle.Info truncates long ones, and the classpath is long). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline")), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return p.info().commandLine().orElse("");
        }
    }

    @Test
    void killedRunIsResumedAndEndsWhereAnUninterruptedOneDoes() throws Exception {
        SweepSpec faulty = sweep(tmp.resolve("faulty"));
        String victim = faulty.expand().get(0).runId();
        Path victimDir = tmp.resolve("faulty/runs/" + victim);
        CompletableFuture<List<RunResult>> sweep = CompletableFuture.supplyAsync(() -> new SweepJob(faulty,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(SparkTestSession.get()).runs());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Path firstCheckpoint = victimDir.resolve("checkpoints/epoch-0000/state.json");
        while (!Files.exists(firstCheckpoint) && System.nanoTime() < deadline && !sweep.isDone()) {
            Thread.sleep(20);
        }
        if (sweep.isDone()) {
            sweep.get(); // surfaces the sweep's own failure
        }
        Optional<ProcessHandle> child = ProcessHandle.current().descendants()
                .filter(p -> commandLine(p).contains(victimDir.toString()))
                .findFirst();
        assertTrue(child.isPresent(), "the run's JVM was not found running after its first checkpoint");
        assertTrue(child.get().destroyForcibly());

        List<RunResult> results = sweep.get(300, TimeUnit.SECONDS);
        assertTrue(results.stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED));
        String log = Files.readString(victimDir.resolve("run.log"));
        assertTrue(log.contains("--- attempt 2"), "the killed run must have been started again:\n" + log);

        List<RunResult> straight = new SweepJob(sweep(tmp.resolve("straight")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(SparkTestSession.get()).runs();
        for (int i = 0; i < 2; i++) {
            double[][] a = straight.get(i).finalWeights().get("normal");
            double[][] b = results.get(i).finalWeights().get("normal");
            assertEquals(straight.get(i).runId(), results.get(i).runId());
            for (int e = 0; e < a.length; e++) {
                assertArrayEquals(a[e], b[e], 0.0);
            }
        }
    }
}
