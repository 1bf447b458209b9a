package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Nb201Architecture;
import org.junit.jupiter.api.Test;

class Nb201SupernetTest {

    private static final int CLASSES = 10;

    static Nb201Supernet tinyNet(NDManager manager, int inChannels, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Nb201Supernet net = Nb201Supernet.builder().optChannels(4).optCells(1).setClasses(CLASSES).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(4, inChannels, 8, 8));
        return net;
    }

    static float[] randomImages(int inChannels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[4 * inChannels * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    @Test
    void logitsAreBatchByClassesForThreeAndOneChannelInputs() {
        for (int inChannels : new int[] {3, 1}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Nb201Supernet net = tinyNet(manager, inChannels, 1);
                Shape in = new Shape(4, inChannels, 8, 8);
                assertEquals(new Shape(4, CLASSES), net.getOutputShapes(new Shape[] {in})[0]);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(randomImages(inChannels, 2), in);
                    NDArray w = scope.create(ArchWeights.uniform(org.geonas.core.space.Nb201Space.INSTANCE)
                            .flatFloats(CellType.NORMAL), new Shape(6, 5));
                    ParameterStore ps = new ParameterStore(scope, false);
                    NDArray logits = net.forward(ps, x, EdgeWeights.dense(w, 0), true);
                    assertEquals(new Shape(4, CLASSES), logits.getShape());
                    for (float v : logits.toFloatArray()) {
                        assertTrue(Float.isFinite(v));
                    }
                    // the Block entry point (inputs: images, weights) computes the same dense forward
                    NDArray viaBlock = net.forward(ps, new NDList(x, w), true).singletonOrThrow();
                    assertArrayEquals(logits.toFloatArray(), viaBlock.toFloatArray(), 1e-6f);
                }
                assertEquals(4, net.channels());
                assertEquals(1, net.cells());
                assertTrue(net.trainableParameterCount() > 0);
            }
        }
    }

    @Test
    void builderValidates() {
        assertThrows(IllegalArgumentException.class, () -> Nb201Supernet.builder().optChannels(4).build());
        assertThrows(IllegalArgumentException.class, () -> Nb201Supernet.builder().setClasses(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> Nb201Supernet.builder().optChannels(0).setClasses(10).build());
        assertThrows(IllegalArgumentException.class, () -> Nb201Supernet.builder().optCells(0).setClasses(10).build());
    }

    @Test
    void maskedOneHotEqualsDenseOneHot() {
        String[] archs = {
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
                "|nor_conv_1x1~0|+|none~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|",
                "|skip_connect~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|nor_conv_3x3~2|",
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201Supernet net = tinyNet(manager, 3, 3);
            for (String s : archs) {
                Nb201Architecture arch = Nb201Architecture.parse(s);
                ArchWeights oneHot = ArchWeights.oneHot(arch);
                int[] ops = arch.opIndices(CellType.NORMAL);
                boolean[][] active = new boolean[6][5];
                for (int e = 0; e < 6; e++) {
                    active[e][ops[e]] = ops[e] != 0; // none is never computed
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(randomImages(3, 4), new Shape(4, 3, 8, 8));
                    NDArray w = scope.create(oneHot.flatFloats(CellType.NORMAL), new Shape(6, 5));
                    ParameterStore ps = new ParameterStore(scope, false);
                    float[] dense = net.forward(ps, x, EdgeWeights.dense(w, 0), true).toFloatArray();
                    float[] masked = net.forward(ps, x, EdgeWeights.masked(w, active), true).toFloatArray();
                    assertArrayEquals(dense, masked, 1e-5f, s);
                    // and the architecture matters: uniform weights give other logits
                    NDArray u = scope.create(ArchWeights.uniform(arch.space()).flatFloats(CellType.NORMAL),
                            new Shape(6, 5));
                    float[] mixture = net.forward(ps, x, EdgeWeights.dense(u, 0), true).toFloatArray();
                    double diff = 0;
                    for (int i = 0; i < dense.length; i++) {
                        diff = Math.max(diff, Math.abs(dense[i] - mixture[i]));
                    }
                    assertTrue(diff > 1e-3, "one-hot and mixture logits differ: " + diff);
                }
            }
        }
    }
}
