package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stress test of the engine guard: one spec run 6 times in JVMs of their own, 2 at a time
 * side by side with 2 libtorch threads each (more threads than cores, as on a busy executor),
 * ends with bit-identical network weights, momentum and architecture weights, none diverged.
 * The spec's channel counts are ones whose AVX-512 input-gradient kernels were wrong on the
 * machines that found the defect.
 */
@Tag("e2e")
class SideBySideDeterminismTest {

    private static final int RUNS = 6;
    private static final int SIDE_BY_SIDE = 2;

    @TempDir
    Path tmp;

    @Test
    void sixRunsOfOneSpecTwoAtATimeGiveBitIdenticalWeights() throws Exception {
        RunSpec spec = TinyRuns.spec("space", "nb201", "method", "gaea", "mode", "bilevel", "dataset", "synthetic", "epochs", 2, "channels", 8, "cells", 1, "batch", 16, "image_size", 16, "train_limit", 256, "seed", 3L, "eval_limit", 64);
        Path specFile = tmp.resolve("spec.json");
        Files.writeString(specFile, spec.toJson());
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i += SIDE_BY_SIDE) {
            List<Process> batch = new ArrayList<>();
            for (int j = i; j < i + SIDE_BY_SIDE; j++) {
                batch.add(TinyRuns.childRun(specFile, tmp.resolve("run" + j), 2));
            }
            for (int j = 0; j < batch.size(); j++) {
                assertTrue(batch.get(j).waitFor(240, TimeUnit.SECONDS), "run " + (i + j) + " did not finish");
                assertEquals(0, batch.get(j).exitValue(), Files.readString(tmp.resolve("run" + (i + j) + ".log")));
            }
        }
        Path last = Path.of("checkpoints", "epoch-0001");
        byte[] network = Files.readAllBytes(tmp.resolve("run0").resolve(last).resolve("network.params"));
        byte[] momentum = Files.readAllBytes(tmp.resolve("run0").resolve(last).resolve("momentum.bin"));
        RunResult first = RunResult.read(tmp.resolve("run0").resolve(RunLayout.RESULT));
        for (int r = 0; r < RUNS; r++) {
            Path run = tmp.resolve("run" + r);
            RunResult result = RunResult.read(run.resolve(RunLayout.RESULT));
            assertEquals(RunStatus.SUCCEEDED, result.status(), result.error());
            assertTrue(result.provenance().engineCheck().startsWith("engine check passed"),
                    result.provenance().engineCheck());
            assertTrue(Files.readString(tmp.resolve("run" + r + ".log")).contains("engine check passed"));
            assertArrayEquals(network, Files.readAllBytes(run.resolve(last).resolve("network.params")), "run " + r);
            assertArrayEquals(momentum, Files.readAllBytes(run.resolve(last).resolve("momentum.bin")), "run " + r);
            assertEquals(Json.JSON.writeValueAsString(first.finalWeights()),
                    Json.JSON.writeValueAsString(result.finalWeights()), "run " + r);
            assertEquals(first.finalArch(), result.finalArch());
        }
        System.out.printf(java.util.Locale.ROOT, "%d runs, %d side by side x 2 threads: bit-identical weights, %.1f s; "
                + "%s%n", RUNS, SIDE_BY_SIDE, (System.nanoTime() - start) / 1e9, first.provenance().engineCheck());
    }
}
