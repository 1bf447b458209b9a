package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** PC-DARTS partial channels and channel shuffle, on the nodes of one cell. */
class DartsCellTest {

    private static final int K = 4;
    private static final int C = 8;
    private static final int OPS = DartsLayout.OPS.length;
    private static final Shape P = new Shape(4, C, 16, 16);

    /** PC-DARTS' channel_shuffle(x, K) on a (B, C, H, W) array in row-major order. */
    private static float[] shuffle(float[] x, Shape s) {
        int b = (int) s.get(0);
        int c = (int) s.get(1);
        int hw = (int) (s.get(2) * s.get(3));
        int perGroup = c / K;
        float[] out = new float[x.length];
        for (int n = 0; n < b; n++) {
            for (int g = 0; g < K; g++) {
                for (int i = 0; i < perGroup; i++) {
                    int from = g * perGroup + i;
                    int to = i * K + g;
                    System.arraycopy(x, (n * c + from) * hw, out, (n * c + to) * hw, hw);
                }
            }
        }
        return out;
    }

    private static float[] skipOnly() {
        float[] w = new float[DartsLayout.EDGES * OPS];
        for (int e = 0; e < DartsLayout.EDGES; e++) {
            w[e * OPS + DartsLayout.SKIP_CONNECT] = 1;
        }
        return w;
    }

    @Test
    void skipEdgeOutputIsTheShuffledInput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DartsCell cell = DartsSupernetTest.tinyNet(manager, C, K, 1).cell(0);
            try (NDManager scope = manager.newSubManager()) {
                float[] x0 = DartsSupernetTest.random((int) P.size(), 2);
                NDArray p0 = scope.create(x0, P);
                NDArray p1 = scope.create(DartsSupernetTest.random((int) P.size(), 3), P);
                NDArray w = DartsSupernetTest.weights(scope, skipOnly());
                // edge weights isolate edge 2<-0 (the others, bypass included, are scaled by 0)
                float[] only = new float[DartsLayout.EDGES];
                only[DartsLayout.edge(2, 0)] = 1;
                NDArray[] scalars = DartsSupernet.edgeScalars(scope.create(only));
                ParameterStore ps = new ParameterStore(scope, false);
                float[] expected = shuffle(x0, P);

                NDArray[] dense = cell.nodes(ps, p0, p1, EdgeWeights.dense(w, DartsLayout.NONE), scalars, true);
                assertArrayEquals(expected, dense[2].toFloatArray(), 1e-6f, "all ops computed, skip weighted 1");

                boolean[][] active = new boolean[DartsLayout.EDGES][OPS];
                active[DartsLayout.edge(2, 0)][DartsLayout.SKIP_CONNECT] = true;
                NDArray[] masked = cell.nodes(ps, p0, p1, EdgeWeights.masked(w, active), scalars, true);
                assertArrayEquals(expected, masked[2].toFloatArray(), 0f, "only skip computed");
                assertEquals(1, cell.lastOpComputations());
            }
        }
    }

    @Test
    void bypassChannelsReachOnlyTheirShuffledPositions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DartsCell cell = DartsSupernetTest.tinyNet(manager, C, K, 4).cell(0);
            try (NDManager scope = manager.newSubManager()) {
                float[] x0 = DartsSupernetTest.random((int) P.size(), 5);
                float[] changed = x0.clone();
                int hw = 16 * 16;
                float[] noise = DartsSupernetTest.random((int) P.size(), 6);
                for (int n = 0; n < 4; n++) {
                    for (int c = C / K; c < C; c++) { // bypass channels only
                        for (int i = 0; i < hw; i++) {
                            int at = (n * C + c) * hw + i;
                            changed[at] += noise[at];
                        }
                    }
                }
                NDArray p1 = scope.create(DartsSupernetTest.random((int) P.size(), 7), P);
                EdgeWeights w = EdgeWeights.dense(DartsSupernetTest.weights(scope, DartsSupernetTest.simplex(8)),
                        DartsLayout.NONE);
                ParameterStore ps = new ParameterStore(scope, false);
                float[] a = cell.nodes(ps, scope.create(x0, P), p1, w, null, true)[2].toFloatArray();
                float[] b = cell.nodes(ps, scope.create(changed, P), p1, w, null, true)[2].toFloatArray();
                for (int n = 0; n < 4; n++) {
                    for (int c = 0; c < C; c++) {
                        // the mixed op's output lands at channels c % K == 0, the bypass at the others
                        boolean bypass = c % K != 0;
                        double diff = 0;
                        for (int i = 0; i < hw; i++) {
                            int at = (n * C + c) * hw + i;
                            diff = Math.max(diff, Math.abs(a[at] - b[at]));
                        }
                        if (bypass) {
                            assertNotEquals(0.0, diff, "bypass channel " + c);
                        } else {
                            assertEquals(0.0, diff, 0.0, "mixed-op channel " + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void strideTwoBypassIsMaxPooled() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // cell 1 is a reduction cell with C=16 at 16x16: skip on edge 2<-0 is FactorizedReduce of the
            // first 4 channels, the other 12 are 2x2 max-pooled
            DartsCell cell = DartsSupernetTest.tinyNet(manager, C, K, 9).cell(1);
            Shape p = new Shape(4, 16, 16, 16);
            try (NDManager scope = manager.newSubManager()) {
                float[] x0 = DartsSupernetTest.random((int) p.size(), 10);
                NDArray p0 = scope.create(x0, p);
                NDArray p1 = scope.create(DartsSupernetTest.random((int) p.size(), 11), p);
                float[] only = new float[DartsLayout.EDGES];
                only[DartsLayout.edge(2, 0)] = 1;
                NDArray[] scalars = DartsSupernet.edgeScalars(scope.create(only));
                boolean[][] active = new boolean[DartsLayout.EDGES][OPS];
                active[DartsLayout.edge(2, 0)][DartsLayout.SKIP_CONNECT] = true;
                EdgeWeights w = EdgeWeights.masked(DartsSupernetTest.weights(scope, skipOnly()), active);
                NDArray node = cell.nodes(new ParameterStore(scope, false), p0, p1, w, scalars, true)[2];
                assertEquals(new Shape(4, 16, 8, 8), node.getShape());
                float[] out = node.toFloatArray();
                // channel 4 of the concat (the first bypass channel) lands at 1 * K + ... : c = g * 4 + i -> i * K + g
                for (int n = 0; n < 4; n++) {
                    for (int c = 4; c < 16; c++) {
                        int g = c / 4;
                        int i = c % 4;
                        int to = i * K + g;
                        for (int y = 0; y < 8; y++) {
                            for (int xx = 0; xx < 8; xx++) {
                                float m = Float.NEGATIVE_INFINITY;
                                for (int dy = 0; dy < 2; dy++) {
                                    for (int dx = 0; dx < 2; dx++) {
                                        m = Math.max(m, x0[((n * 16 + c) * 16 + 2 * y + dy) * 16 + 2 * xx + dx]);
                                    }
                                }
                                assertEquals(m, out[((n * 16 + to) * 8 + y) * 8 + xx], 0f);
                            }
                        }
                    }
                }
            }
        }
    }
}
