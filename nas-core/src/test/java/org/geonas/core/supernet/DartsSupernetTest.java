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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.geonas.core.space.CellType;
import org.junit.jupiter.api.Test;

class DartsSupernetTest {

    static final int CLASSES = 10;
    static final Shape X_SHAPE = new Shape(4, 3, 16, 16);
    private static final int[] LABELS = {3, 7, 0, 7};
    private static final int OPS = DartsLayout.OPS.length;

    /** C channels, 3 layers (a normal cell, then reduction cells at 1 and 2), partial channels K. */
    static DartsSupernet tinyNet(NDManager manager, int channels, int partial, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        DartsSupernet net = DartsSupernet.builder().setClasses(CLASSES).optChannels(channels).optLayers(3)
                .optPartialChannels(partial).build();
        net.initialize(manager, DataType.FLOAT32, X_SHAPE);
        return net;
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Positive weights summing to 1 per edge, different on every edge and op. */
    static float[] simplex(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[DartsLayout.EDGES * OPS];
        for (int e = 0; e < DartsLayout.EDGES; e++) {
            double sum = 0;
            double[] row = new double[OPS];
            for (int o = 0; o < OPS; o++) {
                row[o] = 0.2 + r.nextDouble();
                sum += row[o];
            }
            for (int o = 0; o < OPS; o++) {
                w[e * OPS + o] = (float) (row[o] / sum);
            }
        }
        return w;
    }

    static NDArray weights(NDManager m, float[] w) {
        return m.create(w, new Shape(DartsLayout.EDGES, OPS));
    }

    static SupernetInput dense(NDArray normal, NDArray reduce) {
        return SupernetInput.of(Map.of(CellType.NORMAL, EdgeWeights.dense(normal, DartsLayout.NONE),
                CellType.REDUCE, EdgeWeights.dense(reduce, DartsLayout.NONE)));
    }

    /** One op per edge, drawn from all 8 (none included) or from the 7 real ones. */
    static int[] sampleOps(long seed, boolean withNone) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ops = new int[DartsLayout.EDGES];
        for (int e = 0; e < ops.length; e++) {
            ops[e] = withNone ? r.nextInt(OPS) : 1 + r.nextInt(OPS - 1);
        }
        return ops;
    }

    static float[] oneHot(int[] ops) {
        float[] w = new float[DartsLayout.EDGES * OPS];
        for (int e = 0; e < ops.length; e++) {
            w[e * OPS + ops[e]] = 1;
        }
        return w;
    }

    static boolean[][] mask(int[] ops) {
        boolean[][] active = new boolean[DartsLayout.EDGES][OPS];
        for (int e = 0; e < ops.length; e++) {
            active[e][ops[e]] = ops[e] != DartsLayout.NONE; // none is never computed
        }
        return active;
    }

    private static NDArray loss(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    private static void assertFinite(float[] values) {
        for (float v : values) {
            assertTrue(Float.isFinite(v), "finite: " + v);
        }
    }

    /** Trainable parameters of one op of one edge of one cell. */
    private static List<Parameter> opParameters(DartsSupernet net, int cell, int edge, int op) {
        Pattern p = Pattern.compile("\\d+cell" + cell + "_\\d+edge" + DartsLayout.to(edge) + "_"
                + DartsLayout.from(edge) + "_\\d+" + DartsLayout.OPS[op] + "_.*");
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> e : net.getParameters()) {
            if (p.matcher(e.getKey()).matches() && e.getValue().requiresGradient()) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static double gradNorm(Parameter p) {
        try (NDArray g = p.getArray().getGradient(); NDArray n = g.norm()) {
            return n.getFloat();
        }
    }

    @Test
    void logitsAreBatchByClassesForDartsAndPcDarts() {
        for (int k : new int[] {1, 4}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DartsSupernet net = tinyNet(manager, 8, k, 1);
                assertEquals(k, net.partialChannels());
                assertEquals(List.of(CellType.NORMAL, CellType.REDUCE, CellType.REDUCE), net.cellTypes());
                assertEquals(new Shape(4, CLASSES), net.getOutputShapes(new Shape[] {X_SHAPE})[0]);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(random((int) X_SHAPE.size(), 2), X_SHAPE);
                    NDArray normal = weights(scope, simplex(3));
                    NDArray reduce = weights(scope, simplex(4));
                    ParameterStore ps = new ParameterStore(scope, false);
                    NDArray logits = net.forward(ps, x, dense(normal, reduce), true);
                    assertEquals(new Shape(4, CLASSES), logits.getShape());
                    assertFinite(logits.toFloatArray());
                    // 7 ops on each of 14 edges in each cell
                    assertEquals(98, net.lastOpComputations(CellType.NORMAL));
                    assertEquals(2 * 98, net.lastOpComputations(CellType.REDUCE));
                    // the Block entry point computes the same dense forward
                    NDArray viaBlock = net.forward(ps, new NDList(x, normal, reduce), true).singletonOrThrow();
                    assertArrayEquals(logits.toFloatArray(), viaBlock.toFloatArray(), 1e-5f);
                }
                assertTrue(net.trainableParameterCount() > 0);
            }
        }
    }

    @Test
    void pcDartsOpsSeeOneKthOfTheChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // cell 0 has C=8: with K=4 its ops run on 2 channels
            DartsSupernet pc = tinyNet(manager, 8, 4, 1);
            assertEquals(List.of(new Shape(2, 1, 3, 3), new Shape(2, 2, 1, 1), new Shape(2, 1, 3, 3),
                    new Shape(2, 2, 1, 1)), shapes(opParameters(pc, 0, 0, DartsLayout.SEP_CONV_3X3)));
            assertEquals(List.of(new Shape(2, 1, 5, 5), new Shape(2, 2, 1, 1)),
                    shapes(opParameters(pc, 0, 4, DartsLayout.DIL_CONV_5X5)));
            // cell 1 is a reduction cell with C=16: 4 channels; skip_connect from an input node is
            // FactorizedReduce(4, 4), from an intermediate node the identity
            assertEquals(List.of(new Shape(4, 1, 3, 3), new Shape(4, 4, 1, 1), new Shape(4, 1, 3, 3),
                    new Shape(4, 4, 1, 1)), shapes(opParameters(pc, 1, 0, DartsLayout.SEP_CONV_3X3)));
            assertEquals(List.of(new Shape(2, 4, 1, 1), new Shape(2, 4, 1, 1)),
                    shapes(opParameters(pc, 1, 0, DartsLayout.SKIP_CONNECT)));
            assertEquals(List.of(), shapes(opParameters(pc, 1, 4, DartsLayout.SKIP_CONNECT)));

            DartsSupernet full = tinyNet(manager, 8, 1, 1);
            assertEquals(List.of(new Shape(8, 1, 3, 3), new Shape(8, 8, 1, 1), new Shape(8, 1, 3, 3),
                    new Shape(8, 8, 1, 1)), shapes(opParameters(full, 0, 0, DartsLayout.SEP_CONV_3X3)));
            assertTrue(pc.trainableParameterCount() < full.trainableParameterCount());
        }
    }

    private static List<Shape> shapes(List<Parameter> ps) {
        return ps.stream().map(p -> p.getArray().getShape()).toList();
    }

    @Test
    void archAndEdgeWeightsGetGradients() {
        for (int k : new int[] {1, 4}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DartsSupernet net = tinyNet(manager, 8, k, 7);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(random((int) X_SHAPE.size(), 8), X_SHAPE);
                    NDArray oneHot = scope.create(LABELS).oneHot(CLASSES);
                    NDArray normal = weights(scope, simplex(9));
                    NDArray reduce = weights(scope, simplex(10));
                    float[] uniformEdges = new float[DartsLayout.EDGES];
                    for (int e = 0; e < uniformEdges.length; e++) {
                        uniformEdges[e] = 1f / (DartsLayout.to(e)); // 1 / inputs of the node
                    }
                    NDArray normalEdges = scope.create(uniformEdges);
                    NDArray reduceEdges = scope.create(uniformEdges.clone());
                    for (NDArray a : new NDArray[] {normal, reduce, normalEdges, reduceEdges}) {
                        a.setRequiresGradient(true);
                    }
                    SupernetInput input = SupernetInput.of(
                            Map.of(CellType.NORMAL, EdgeWeights.dense(normal, DartsLayout.NONE),
                                    CellType.REDUCE, EdgeWeights.dense(reduce, DartsLayout.NONE)),
                            Map.of(CellType.NORMAL, normalEdges, CellType.REDUCE, reduceEdges));
                    ParameterStore ps = new ParameterStore(scope, false);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = net.forward(ps, x, input, true);
                        collector.backward(loss(logits, oneHot));
                    }
                    for (NDArray w : new NDArray[] {normal, reduce}) {
                        float[] g = w.getGradient().toFloatArray();
                        assertFinite(g);
                        for (int e = 0; e < DartsLayout.EDGES; e++) {
                            assertEquals(0f, g[e * OPS], 0f, "none of edge " + e);
                            for (int o = 1; o < OPS; o++) {
                                assertTrue(Math.abs(g[e * OPS + o]) > 0, "K=" + k + " edge " + e + " op " + o);
                            }
                        }
                    }
                    for (NDArray b : new NDArray[] {normalEdges, reduceEdges}) {
                        float[] g = b.getGradient().toFloatArray();
                        assertFinite(g);
                        for (int e = 0; e < DartsLayout.EDGES; e++) {
                            assertTrue(Math.abs(g[e]) > 0, "K=" + k + " edge weight " + e);
                        }
                    }
                }
                for (Pair<String, Parameter> p : net.getParameters()) {
                    if (p.getKey().contains("stem") && p.getValue().requiresGradient()) {
                        assertTrue(gradNorm(p.getValue()) > 0, p.getKey());
                    }
                }
            }
        }
    }

    @Test
    void gdasRunsOnlyTheSampledOpOfEachEdge() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DartsSupernet net = tinyNet(manager, 8, 1, 11);
            int[] normalOps = sampleOps(12, false);
            int[] reduceOps = sampleOps(13, false);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(random((int) X_SHAPE.size(), 14), X_SHAPE);
                NDArray oneHot = scope.create(LABELS).oneHot(CLASSES);
                // straight-through weights: any values, only the sampled op computed
                NDArray normal = weights(scope, simplex(15));
                NDArray reduce = weights(scope, simplex(16));
                normal.setRequiresGradient(true);
                reduce.setRequiresGradient(true);
                SupernetInput input = SupernetInput.of(Map.of(
                        CellType.NORMAL, EdgeWeights.masked(normal, mask(normalOps)),
                        CellType.REDUCE, EdgeWeights.masked(reduce, mask(reduceOps))));
                ParameterStore ps = new ParameterStore(scope, false);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(ps, x, input, true);
                    assertFinite(logits.toFloatArray());
                    collector.backward(loss(logits, oneHot));
                }
                assertEquals(14, net.lastOpComputations(CellType.NORMAL), "one normal cell");
                assertEquals(2 * 14, net.lastOpComputations(CellType.REDUCE), "two reduction cells");
                for (int c = 0; c < 3; c++) {
                    assertEquals(14, net.cell(c).lastOpComputations(), "cell " + c);
                }
                float[] g = normal.getGradient().toFloatArray();
                for (int e = 0; e < DartsLayout.EDGES; e++) {
                    for (int o = 0; o < OPS; o++) {
                        boolean sampled = o == normalOps[e];
                        assertEquals(sampled, g[e * OPS + o] != 0, "arch gradient of edge " + e + " op " + o);
                    }
                }
            }
            int checked = 0;
            for (int cell = 0; cell < 3; cell++) {
                int[] ops = cell == 0 ? normalOps : reduceOps;
                for (int e = 0; e < DartsLayout.EDGES; e++) {
                    for (int o = 1; o < OPS; o++) {
                        for (Parameter p : opParameters(net, cell, e, o)) {
                            if (o == ops[e]) {
                                assertTrue(gradNorm(p) > 0, p.getName() + " of the sampled op");
                                checked++;
                            } else {
                                assertEquals(0.0, gradNorm(p), 0.0, "cell " + cell + " edge " + e + " op " + o);
                            }
                        }
                    }
                }
            }
            assertTrue(checked > 10, "sampled ops with parameters: " + checked);
        }
    }

    @Test
    void maskedOneHotEqualsDenseOneHot() {
        for (int k : new int[] {1, 4}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DartsSupernet net = tinyNet(manager, 8, k, 21);
                for (long seed = 0; seed < 1; seed++) { // each pass is ~1000 small kernels: keep it quick
                    // none included: an edge whose op is none computes nothing (K=4: its bypass still flows)
                    int[] normalOps = sampleOps(100 + seed, true);
                    int[] reduceOps = sampleOps(200 + seed, true);
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = scope.create(random((int) X_SHAPE.size(), 22 + seed), X_SHAPE);
                        NDArray normal = weights(scope, oneHot(normalOps));
                        NDArray reduce = weights(scope, oneHot(reduceOps));
                        ParameterStore ps = new ParameterStore(scope, false);
                        float[] dense = net.forward(ps, x, dense(normal, reduce), true).toFloatArray();
                        SupernetInput masked = SupernetInput.of(Map.of(
                                CellType.NORMAL, EdgeWeights.masked(normal, mask(normalOps)),
                                CellType.REDUCE, EdgeWeights.masked(reduce, mask(reduceOps))));
                        float[] sparse = net.forward(ps, x, masked, true).toFloatArray();
                        assertArrayEquals(dense, sparse, 1e-5f, "K=" + k + " seed " + seed);
                        // and the architecture matters: a mixture gives other logits
                        float[] mixture = net.forward(ps, x, dense(weights(scope, simplex(seed)),
                                weights(scope, simplex(seed + 1))), true).toFloatArray();
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

    @Test
    void nodeWithNoActiveOpIsZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DartsSupernet net = tinyNet(manager, 8, 1, 31);
            DartsCell cell = net.cell(0);
            Shape p = new Shape(4, 8, 16, 16);
            try (NDManager scope = manager.newSubManager()) {
                NDArray p0 = scope.create(random((int) p.size(), 32), p);
                NDArray p1 = scope.create(random((int) p.size(), 33), p);
                boolean[][] active = new boolean[DartsLayout.EDGES][OPS];
                active[DartsLayout.edge(3, 1)][DartsLayout.SEP_CONV_3X3] = true; // node 2 gets nothing
                EdgeWeights w = EdgeWeights.masked(weights(scope, simplex(34)), active);
                NDArray[] nodes = cell.nodes(new ParameterStore(scope, false), p0, p1, w, null, true);
                assertEquals(p, nodes[2].getShape());
                for (float v : nodes[2].toFloatArray()) {
                    assertEquals(0f, v, 0f);
                }
                assertTrue(nodes[3].abs().sum().getFloat() > 0);
                assertEquals(1, cell.lastOpComputations());
            }
        }
    }

    @Test
    void builderValidates() {
        assertThrows(IllegalArgumentException.class, () -> DartsSupernet.builder().build());
        assertThrows(IllegalArgumentException.class, () -> DartsSupernet.builder().setClasses(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> DartsSupernet.builder().setClasses(10).optChannels(0).build());
        assertThrows(IllegalArgumentException.class, () -> DartsSupernet.builder().setClasses(10).optLayers(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> DartsSupernet.builder().setClasses(10).optPartialChannels(0).build());
        // C/K must be even (FactorizedReduce splits it in two) and C divisible by K
        assertThrows(IllegalArgumentException.class,
                () -> DartsSupernet.builder().setClasses(10).optChannels(16).optPartialChannels(3).build());
        assertThrows(IllegalArgumentException.class,
                () -> DartsSupernet.builder().setClasses(10).optChannels(4).optPartialChannels(4).build());
        DartsSupernet net = DartsSupernet.builder().setClasses(10).build();
        assertEquals(16, net.channels());
        assertEquals(8, net.layers());
        assertEquals(1, net.partialChannels());
        assertEquals(CellType.REDUCE, net.cellTypes().get(2));
        assertEquals(CellType.REDUCE, net.cellTypes().get(5));
        assertEquals(6, net.cellTypes().stream().filter(t -> t == CellType.NORMAL).count());
    }
}
