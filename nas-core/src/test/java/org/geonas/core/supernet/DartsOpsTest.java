package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DartsOpsTest {

    /** A non-affine BN at inference with fresh running stats (mean 0, var 1) divides by this. */
    private static final double BN_EVAL = Math.sqrt(1 + 1e-5);

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static float[] run(NDManager manager, Block block, float[] x, Shape shape) {
        Engine.getInstance().setRandomSeed(5);
        block.initialize(manager, DataType.FLOAT32, shape);
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = scope.create(x, shape);
            // inference mode: BN uses its running stats, so the output is the pool / sqrt(1 + eps)
            return block.forward(new ParameterStore(scope, false), new NDList(in), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** Mean of x[rows, cols] in a 4x4 map, pixels outside the map skipped. */
    private static double windowMean(float[] x, int y0, int x0) {
        double sum = 0;
        int n = 0;
        for (int y = y0 - 1; y <= y0 + 1; y++) {
            for (int c = x0 - 1; c <= x0 + 1; c++) {
                if (y >= 0 && y < 4 && c >= 0 && c < 4) {
                    sum += x[y * 4 + c];
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void avgPoolExcludesPaddingFromTheCount() {
        float[] x = random(16, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] s1 = run(manager, DartsOps.avgPool(1, 1), x, new Shape(1, 1, 4, 4));
            assertEquals(16, s1.length);
            // corner: the mean of the 4 real pixels; edge: of 6; interior: of 9
            assertEquals((x[0] + x[1] + x[4] + x[5]) / 4.0 / BN_EVAL, s1[0], 1e-5);
            assertEquals(windowMean(x, 0, 1) / BN_EVAL, s1[1], 1e-5);
            assertEquals(windowMean(x, 1, 1) / BN_EVAL, s1[5], 1e-5);
            assertEquals(windowMean(x, 3, 3) / BN_EVAL, s1[15], 1e-5);

            float[] s2 = run(manager, DartsOps.avgPool(1, 2), x, new Shape(1, 1, 4, 4));
            assertEquals(4, s2.length);
            assertEquals(windowMean(x, 0, 0) / BN_EVAL, s2[0], 1e-5);
            assertEquals(windowMean(x, 0, 2) / BN_EVAL, s2[1], 1e-5);
            assertEquals(windowMean(x, 2, 2) / BN_EVAL, s2[3], 1e-5);

            float[] max = run(manager, DartsOps.maxPool(1, 1), x, new Shape(1, 1, 4, 4));
            assertEquals(Math.max(Math.max(x[0], x[1]), Math.max(x[4], x[5])) / BN_EVAL, max[0], 1e-5);
        }
    }

    @Test
    void opsKeepOrHalveTheSize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 4, 8, 8);
            float[] x = random((int) in.size(), 2);
            Block[] stride1 = {DartsOps.sepConv(4, 3, 1), DartsOps.sepConv(4, 5, 1), DartsOps.dilConv(4, 3, 1),
                DartsOps.dilConv(4, 5, 1), DartsOps.skipConnect(4, 1), DartsOps.maxPool(4, 1),
                DartsOps.reluConvBn(4, 1, 1, 0, true)};
            for (Block b : stride1) {
                assertEquals(in.size(), run(manager, b, x, in).length, b.toString());
                assertEquals(in, b.getOutputShapes(new Shape[] {in})[0]);
            }
            Block[] stride2 = {DartsOps.sepConv(4, 3, 2), DartsOps.sepConv(4, 5, 2), DartsOps.dilConv(4, 3, 2),
                DartsOps.dilConv(4, 5, 2), DartsOps.skipConnect(4, 2), DartsOps.maxPool(4, 2),
                DartsOps.avgPool(4, 2), DartsOps.factorizedReduce(6, false)};
            for (Block b : stride2) {
                Shape out = b.getOutputShapes(new Shape[] {in})[0];
                assertEquals(4, out.get(2));
                assertEquals(out.size(), run(manager, b, x, in).length, b.toString());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DartsOps.factorizedReduce(3, false));
        assertThrows(IllegalArgumentException.class, () -> DartsOps.sepConv(4, 3, 3));
    }

    @Test
    void factorizedReduceShiftsItsSecondHalfByOnePixel() {
        // with one input channel and 1x1 convs, output channel 0 is w1 * relu(x[2i, 2j]) and channel 1
        // is w2 * relu(x[2i+1, 2j+1]), each then batch-normalized (inference: / sqrt(1 + eps))
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 1, 4, 4);
            float[] x = random(16, 3);
            Block fr = DartsOps.factorizedReduce(2, false);
            float[] out = run(manager, fr, x, in);
            float[] w = new float[2];
            int k = 0;
            for (var p : fr.getParameters()) {
                if (p.getKey().endsWith("weight")) {
                    w[k++] = p.getValue().getArray().toFloatArray()[0];
                }
            }
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double a = w[0] * Math.max(0, x[(2 * i) * 4 + 2 * j]) / BN_EVAL;
                    double b = w[1] * Math.max(0, x[(2 * i + 1) * 4 + 2 * j + 1]) / BN_EVAL;
                    assertEquals(a, out[i * 2 + j], 1e-5);
                    assertEquals(b, out[4 + i * 2 + j], 1e-5);
                }
            }
        }
    }
}
