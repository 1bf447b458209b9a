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
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused search cell against {@link CellReference}, a plain-Java NAS-Bench-201 cell. */
class Nb201SearchCellTest {

    private static final int B = 4;
    private static final int C = 4;
    private static final int H = 8;
    private static final int W = 8;
    private static final Shape X_SHAPE = new Shape(B, C, H, W);

    private static float[] randomInput(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[B * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** Random points on each edge's simplex, none included, rounded to float as the supernet sees them. */
    private static double[][] randomSimplex(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] w = new double[6][5];
        for (int e = 0; e < 6; e++) {
            double sum = 0;
            for (int o = 0; o < 5; o++) {
                w[e][o] = -Math.log(1 - random.nextDouble()); // Dirichlet(1,...,1)
                sum += w[e][o];
            }
            for (int o = 0; o < 5; o++) {
                w[e][o] = (float) (w[e][o] / sum);
            }
        }
        return w;
    }

    private static float[] flat(double[][] w) {
        float[] out = new float[30];
        for (int e = 0; e < 6; e++) {
            for (int o = 0; o < 5; o++) {
                out[e * 5 + o] = (float) w[e][o];
            }
        }
        return out;
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static Nb201SearchCell newCell(NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Nb201SearchCell cell = new Nb201SearchCell(C);
        cell.initialize(manager, DataType.FLOAT32, X_SHAPE);
        return cell;
    }

    private static float[] param(Nb201SearchCell cell, String name) {
        return cell.getParameters().get(name).getArray().toFloatArray();
    }

    /** Runs the DJL cell and the reference on the same input and weights; returns the largest difference. */
    private static double maxDifference(NDManager manager, Nb201SearchCell cell, float[] x, double[][] w,
            boolean[][] active) {
        float[][] conv1 = new float[3][];
        float[][] conv3 = new float[3][];
        for (int i = 0; i < 3; i++) {
            conv1[i] = param(cell, "n" + i + "_conv1x1_weight");
            conv3[i] = param(cell, "n" + i + "_conv3x3_weight");
        }
        // filter counts: node 0 feeds 3 edges, node 1 two, node 2 one
        assertEquals(3 * C * C, conv1[0].length);
        assertEquals(2 * C * C * 9, conv3[1].length);
        assertEquals(C * C * 9, conv3[2].length);
        float[] got;
        try (NDManager scope = manager.newSubManager()) {
            NDArray xs = scope.create(x, X_SHAPE);
            NDArray ws = scope.create(flat(w), new Shape(6, 5));
            EdgeWeights weights = active == null ? EdgeWeights.dense(ws, 0) : EdgeWeights.masked(ws, active);
            NDArray out = cell.forward(new ParameterStore(scope, false), xs, weights, true);
            assertEquals(X_SHAPE, out.getShape());
            got = out.toFloatArray();
        }
        double[] expected = new CellReference(B, C, H, W).cell(toDouble(x), conv1, conv3, w, active);
        double max = 0;
        double scale = 0;
        for (int i = 0; i < got.length; i++) {
            max = Math.max(max, Math.abs(got[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertTrue(scale > 0.5, "the reference output is not trivially small: " + scale);
        return max;
    }

    @Test
    void denseCellEqualsTheReferenceForRandomSimplexWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (long seed = 1; seed <= 3; seed++) {
                Nb201SearchCell cell = newCell(manager, seed);
                double diff = maxDifference(manager, cell, randomInput(seed), randomSimplex(100 + seed), null);
                assertTrue(diff < 1e-4, "seed " + seed + ": max |fused - reference| = " + diff);
            }
        }
    }

    @Test
    void partiallyActiveCellEqualsTheReference() {
        // sources whose edges need an op only in some slots run per-slot convs on filter blocks 1 and 2
        boolean[][] active = new boolean[6][5];
        int[][] on = {
                {CellReference.SKIP, CellReference.CONV3}, // 1<-0, slot 0 of node 0
                {CellReference.CONV1, CellReference.POOL}, // 2<-0, slot 1 of node 0
                {CellReference.CONV3, CellReference.CONV1}, // 2<-1, slot 0 of node 1
                {CellReference.CONV3, CellReference.POOL}, // 3<-0, slot 2 of node 0
                {CellReference.SKIP}, // 3<-1, slot 1 of node 1
                {CellReference.CONV1, CellReference.CONV3, CellReference.POOL}, // 3<-2
        };
        for (int e = 0; e < 6; e++) {
            for (int op : on[e]) {
                active[e][op] = true;
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201SearchCell cell = newCell(manager, 7);
            double diff = maxDifference(manager, cell, randomInput(7), randomSimplex(77), active);
            assertTrue(diff < 1e-4, "max |fused - reference| = " + diff);
            // random masks too
            SplittableRandom random = new SplittableRandom(5);
            for (int trial = 0; trial < 3; trial++) {
                boolean[][] mask = new boolean[6][5];
                for (int e = 0; e < 6; e++) {
                    for (int o = 1; o < 5; o++) {
                        mask[e][o] = random.nextBoolean();
                    }
                }
                diff = maxDifference(manager, cell, randomInput(20 + trial), randomSimplex(30 + trial), mask);
                assertTrue(diff < 1e-4, "trial " + trial + ": max |fused - reference| = " + diff);
            }
        }
    }

    @Test
    void averagePoolDoesNotCountPadding() {
        // only avg_pool on edge 3<-0 active: the cell's output is w * pool(x)
        boolean[][] active = new boolean[6][5];
        active[3][CellReference.POOL] = true;
        double[][] w = new double[6][5];
        w[3][CellReference.POOL] = 0.75;
        float[] x = randomInput(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201SearchCell cell = newCell(manager, 3);
            float[] out;
            try (NDManager scope = manager.newSubManager()) {
                NDArray xs = scope.create(x, X_SHAPE);
                NDArray ws = scope.create(flat(w), new Shape(6, 5));
                out = cell.forward(new ParameterStore(scope, false), xs, EdgeWeights.masked(ws, active), true)
                        .toFloatArray();
            }
            for (int b = 0; b < B; b++) {
                for (int c = 0; c < C; c++) {
                    int base = (b * C + c) * H * W;
                    // corner (0, 0): mean of the 4 real pixels
                    double corner = (x[base] + x[base + 1] + x[base + W] + x[base + W + 1]) / 4.0;
                    assertEquals(0.75 * corner, out[base], 1e-5);
                    // opposite corner (H-1, W-1)
                    int last = base + (H - 1) * W + W - 1;
                    double corner2 = (x[last] + x[last - 1] + x[last - W] + x[last - W - 1]) / 4.0;
                    assertEquals(0.75 * corner2, out[last], 1e-5);
                    // top edge (0, 3): mean of 6
                    double edge = 0;
                    for (int dy = 0; dy <= 1; dy++) {
                        for (int dx = 2; dx <= 4; dx++) {
                            edge += x[base + dy * W + dx];
                        }
                    }
                    assertEquals(0.75 * edge / 6, out[base + 3], 1e-5);
                    // interior (4, 5): mean of 9
                    double inner = 0;
                    for (int dy = 3; dy <= 5; dy++) {
                        for (int dx = 4; dx <= 6; dx++) {
                            inner += x[base + dy * W + dx];
                        }
                    }
                    assertEquals(0.75 * inner / 9, out[base + 4 * W + 5], 1e-5);
                }
            }
        }
    }

    @Test
    void noActiveOpGivesZeros() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201SearchCell cell = newCell(manager, 4);
            try (NDManager scope = manager.newSubManager()) {
                NDArray xs = scope.create(randomInput(4), X_SHAPE);
                NDArray ws = scope.ones(new Shape(6, 5));
                float[] out = cell.forward(new ParameterStore(scope, false), xs,
                        EdgeWeights.masked(ws, new boolean[6][5]), true).toFloatArray();
                assertArrayEquals(new float[out.length], out, 0f);
            }
        }
    }

    @Test
    void edgeWeightsValidate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ws = manager.ones(new Shape(6, 5));
            EdgeWeights dense = EdgeWeights.dense(ws, 0);
            assertTrue(dense.isActive(2, 3));
            assertTrue(!dense.isActive(2, 0));
            assertThrows(IllegalStateException.class, () -> dense.scalar(1, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> EdgeWeights.masked(manager.ones(new Shape(30)), new boolean[6][5]));
            assertThrows(IllegalArgumentException.class,
                    () -> EdgeWeights.masked(ws, new boolean[5][5]));
            // the pool correction map: 9 / number of real pixels under the window
            float[] factors = new PoolDivisors(manager).forSize(3, 4).toFloatArray();
            assertArrayEquals(new float[] {
                    9f / 4, 9f / 6, 9f / 6, 9f / 4,
                    9f / 6, 9f / 9, 9f / 9, 9f / 6,
                    9f / 4, 9f / 6, 9f / 6, 9f / 4}, factors, 1e-6f);
        }
    }
}
