package org.geonas.core.supernet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.geonas.core.space.CellType;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real search size (C=16, 8 layers, batch 64, 32x32, all ops active): time of forward and
 * forward + backward, and the process's peak RSS. Off unless {@code GEONAS_BENCH=1}; run one K
 * per JVM for a clean peak, e.g. {@code GEONAS_BENCH=1 mvn -o -pl nas-core test
 * -Dtest='DartsSupernetBenchmark' -DK=4}, ideally with the MALLOC_* variables of DESIGN.md.
 */
@EnabledIfEnvironmentVariable(named = "GEONAS_BENCH", matches = "1")
class DartsSupernetBenchmark {

    private static long kib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void forwardBackward(int k) {
        String only = System.getenv("GEONAS_BENCH_K");
        if (only != null && Integer.parseInt(only) != k) {
            return;
        }
        Shape xs = new Shape(64, 3, 32, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            DartsSupernet net = DartsSupernet.builder().setClasses(10).optChannels(16).optLayers(8)
                    .optPartialChannels(k).build();
            net.initialize(manager, DataType.FLOAT32, xs);
            float[] w = new float[14 * 8];
            java.util.Arrays.fill(w, 1f / 8);
            int[] labels = new int[64];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 10;
            }
            System.out.printf("K=%d params=%d rss before=%d MiB%n", k, net.trainableParameterCount(),
                    kib("VmRSS") / 1024);
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.randomNormal(xs);
                    NDArray oneHot = scope.create(labels).oneHot(10);
                    NDArray normal = scope.create(w, new Shape(14, 8));
                    NDArray reduce = scope.create(w, new Shape(14, 8));
                    normal.setRequiresGradient(true);
                    reduce.setRequiresGradient(true);
                    Map<CellType, EdgeWeights> ops = Map.of(CellType.NORMAL, EdgeWeights.dense(normal, 0),
                            CellType.REDUCE, EdgeWeights.dense(reduce, 0));
                    SupernetInput input;
                    if (k > 1) {
                        NDArray ne = scope.ones(new Shape(14)).div(scope.create(4f));
                        NDArray re = scope.ones(new Shape(14)).div(scope.create(4f));
                        ne.setRequiresGradient(true);
                        re.setRequiresGradient(true);
                        input = SupernetInput.of(ops, Map.of(CellType.NORMAL, ne, CellType.REDUCE, re));
                    } else {
                        input = SupernetInput.of(ops);
                    }
                    ParameterStore ps = new ParameterStore(scope, false);
                    long t0 = System.nanoTime();
                    long t1;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = net.forward(ps, x, input, true);
                        logits.toFloatArray();
                        t1 = System.nanoTime();
                        NDArray loss = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
                        collector.backward(loss);
                    }
                    normal.getGradient().toFloatArray();
                    long t2 = System.nanoTime();
                    System.out.printf("K=%d step %d forward %.0f ms, forward+backward %.0f ms, rss %d MiB, peak %d MiB%n",
                            k, step, (t1 - t0) / 1e6, (t2 - t0) / 1e6, kib("VmRSS") / 1024, kib("VmHWM") / 1024);
                }
            }
        }
    }
}
