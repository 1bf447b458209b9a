package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** PC-DARTS on the NAS-Bench-201 cell: 1/K of the channels through the ops, bypass, shuffle, edge weights. */
class PartialChannelCellTest {

    private static final int B = 2;
    private static final int C = 8;
    private static final int H = 4;

    @Test
    void opsSeeOneKthOfTheChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201SearchCell cell = new Nb201SearchCell(C, 4);
            cell.setInitializer(new ai.djl.training.initializer.NormalInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            cell.initialize(manager, DataType.FLOAT32, new Shape(B, C, H, H));
            // node 0 feeds 3 edges: 3 blocks of C/K filters, each reading C/K channels
            assertEquals(new Shape(3 * C / 4, C / 4, 3, 3), cell.getParameters().get("n0_conv3x3_weight").getArray().getShape());
            assertThrows(IllegalArgumentException.class, () -> new Nb201SearchCell(C, 3));
        }
    }

    @Test
    void skipOnlyEdgesGiveTheShuffledInputScaledByEdgeWeights() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201SearchCell cell = new Nb201SearchCell(C, 2);
            cell.setInitializer(new ai.djl.training.initializer.NormalInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            cell.initialize(manager, DataType.FLOAT32, new Shape(B, C, H, H));
            float[] x = new float[B * C * H * H];
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            boolean[][] active = new boolean[6][5];
            float[] w = new float[6 * 5];
            for (int e = 0; e < 6; e++) {
                active[e][1] = true;
                w[e * 5 + 1] = 1f;
            }
            float[] beta = {1f, 0.5f, 2f, 1f, 1f, 1f};
            NDArray out = cell.forward(new ParameterStore(manager, false), manager.create(x, new Shape(B, C, H, H)),
                    EdgeWeights.masked(manager.create(w, new Shape(6, 5)), active), manager.create(beta), true);
            float[] n1 = shuffle(x);
            float[] n2 = add(scale(shuffle(x), 0.5f), scale(shuffle(n1), 2f));
            float[] n3 = add(add(shuffle(x), shuffle(n1)), shuffle(n2));
            assertArrayEquals(n3, out.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void edgeWeightsGetGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201SearchCell cell = new Nb201SearchCell(C, 4);
            cell.setInitializer(new ai.djl.training.initializer.NormalInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            cell.initialize(manager, DataType.FLOAT32, new Shape(B, C, H, H));
            NDArray x = manager.randomNormal(new Shape(B, C, H, H));
            NDArray w = manager.ones(new Shape(6, 5)).div(manager.create(5f));
            NDArray beta = manager.ones(new Shape(6));
            w.setRequiresGradient(true);
            beta.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = cell.forward(new ParameterStore(manager, false), x, EdgeWeights.dense(w, 0), beta, true);
                gc.backward(out.square().sum());
            }
            float[] gb = beta.getGradient().toFloatArray();
            for (float g : gb) {
                assertTrue(Float.isFinite(g) && g != 0f);
            }
            float[] gw = w.getGradient().toFloatArray();
            for (int e = 0; e < 6; e++) {
                assertEquals(0f, gw[e * 5], 0f, "none gets no gradient");
                assertTrue(gw[e * 5 + 3] != 0f);
            }
        }
    }

    /** Channel shuffle with 2 groups of C/2 on a (B, C, H, H) array. */
    private static float[] shuffle(float[] x) {
        float[] out = new float[x.length];
        int plane = H * H;
        int k = 2;
        int per = C / k;
        for (int b = 0; b < B; b++) {
            for (int g = 0; g < k; g++) {
                for (int c = 0; c < per; c++) {
                    int src = g * per + c;
                    int dst = c * k + g;
                    System.arraycopy(x, (b * C + src) * plane, out, (b * C + dst) * plane, plane);
                }
            }
        }
        return out;
    }

    private static float[] add(float[] a, float[] b) {
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] + b[i];
        }
        return o;
    }

    private static float[] scale(float[] a, float s) {
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] * s;
        }
        return o;
    }
}
