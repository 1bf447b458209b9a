package org.geonas.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.geonas.core.space.DartsGenotype;
import org.junit.jupiter.api.Test;

/**
 * The evaluation network's parameter counts against the published ones, its shapes, and drop
 * path's masks.
 */
class NetworkCifarTest {

    private static long count(DartsGenotype g, int channels, int layers, boolean aux) {
        NetworkCifar net = NetworkCifar.builder().setGenotype(g).setClasses(10).optChannels(channels).optLayers(layers)
                .optAuxiliary(aux).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            return net.parameterCount(false);
        }
    }

    /**
     * DARTS (second order) 3.3M and PC-DARTS 3.6M in the C=36, 20-cell CIFAR-10 network, auxiliary
     * head excluded as the papers count: the built network, the closed form and the rounded figure.
     */
    @Test
    void parameterCountsMatchThePublishedOnes() {
        long v2 = count(DartsGenotype.DARTS_V2, 36, 20, true);
        assertEquals(3_349_342, v2);
        assertEquals(DartsGenotype.DARTS_V2.evalParameterCount(36, 20, 10), v2);
        assertEquals(3.3, Math.round(v2 / 1e5) / 10.0);
        long pc = count(DartsGenotype.PC_DARTS_CIFAR, 36, 20, true);
        assertEquals(DartsGenotype.PC_DARTS_CIFAR.evalParameterCount(36, 20, 10), pc);
        assertEquals(3.6, Math.round(pc / 1e5) / 10.0);
        // DARTS first order: the paper's table gives 3.3M, but the cell its code publishes has 3.2M
        long v1 = count(DartsGenotype.DARTS_V1, 36, 20, false);
        assertEquals(DartsGenotype.DARTS_V1.evalParameterCount(36, 20, 10), v1);
        assertEquals(3.2, Math.round(v1 / 1e5) / 10.0);
        assertEquals(DartsGenotype.GAEA_EDARTS4.evalParameterCount(36, 20, 10),
                count(DartsGenotype.GAEA_EDARTS4, 36, 20, false));
    }

    @Test
    void shapesInTrainingAndInference() {
        NetworkCifar net = NetworkCifar.builder().setGenotype(DartsGenotype.PC_DARTS_CIFAR).setClasses(10)
                .optChannels(4).optLayers(3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            // the head: 128 1x1 filters on 4*4C channels + BN, 768 2x2 filters + BN, linear 768 -> 10
            long head = 16L * 4 * 128 + 2 * 128 + 128L * 768 * 4 + 2 * 768 + 768L * 10 + 10;
            assertEquals(head, net.parameterCount(true) - net.parameterCount(false));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            NetworkCifar.Output train = net.forward(ps, x, DropPath.of(0.5, 1, m), true);
            assertEquals(new Shape(2, 10), train.logits().getShape());
            assertEquals(new Shape(2, 10), train.auxLogits().getShape());
            NetworkCifar.Output test = net.forward(ps, x, DropPath.none(), false);
            assertEquals(new Shape(2, 10), test.logits().getShape());
            assertNull(test.auxLogits());
        }
    }

    /** The engine check of a training (a DARTS shape at 32x32) lists the auxiliary head's ops too. */
    @Test
    void engineCheckCoversTheAuxiliaryHead() {
        java.util.List<String> ops = new org.geonas.core.engine.SupernetShape("darts", 4, 3, 1, 10, 3, 32)
                .opCases(4, ai.djl.Device.cpu()).stream().map(org.geonas.core.engine.OpCase::describe).toList();
        // 16C = 64 channels at 8x8 in, pooled to 2x2; 1x1 to 128; 2x2 to 768; linear 768 -> 10
        assertTrue(ops.stream().anyMatch(o -> o.equals("avg_pool k5 s3 p0 (4,64,8,8)")),
                String.join("\n", ops));
        assertTrue(ops.stream().anyMatch(o -> o.startsWith("conv2d k1") && o.endsWith("(4,64,2,2) (128,64,1,1)")),
                String.join("\n", ops));
        assertTrue(ops.stream().anyMatch(o -> o.startsWith("conv2d k2") && o.endsWith("(4,128,2,2) (768,128,2,2)")),
                String.join("\n", ops));
        assertTrue(ops.stream().anyMatch(o -> o.startsWith("linear (4,768)")), String.join("\n", ops));
        // at 16x16 the head cannot be built, and the search shape's list is as before
        assertTrue(new org.geonas.core.engine.SupernetShape("darts", 4, 3, 1, 10, 3, 16).opCases(4, ai.djl.Device.cpu())
                .stream().noneMatch(c -> c.describe().contains("768")));
    }

    @Test
    void buildAndInitializeRejectWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> NetworkCifar.builder().setClasses(10).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkCifar.builder().setGenotype(DartsGenotype.DARTS_V2)
                .setClasses(10).optChannels(5).build());
        NetworkCifar net = NetworkCifar.builder().setGenotype(DartsGenotype.DARTS_V2).setClasses(10).optChannels(4)
                .optLayers(3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16)));
            assertTrue(e.getMessage().contains("auxiliary"), e.getMessage());
        }
    }

    @Test
    void dropPathMasksAreZeroOrOneOverKeepAndFollowTheSeed() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = DropPath.of(0.25, 7, m).nextMask(4000, DataType.FLOAT32).toFloatArray();
            float[] b = DropPath.of(0.25, 7, m).nextMask(4000, DataType.FLOAT32).toFloatArray();
            float[] c = DropPath.of(0.25, 8, m).nextMask(4000, DataType.FLOAT32).toFloatArray();
            int dropped = 0;
            for (float v : a) {
                assertTrue(v == 0f || v == (float) (1 / 0.75), "mask value " + v);
                dropped += v == 0f ? 1 : 0;
            }
            assertEquals(1000, dropped, 90); // Binomial(4000, 0.25): sd 27
            assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
            assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
        }
    }
}
