package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.geonas.core.optim.ArchMethod;
import org.geonas.core.optim.ArchOptimizer;
import org.geonas.core.optim.ArchSample;
import org.geonas.core.optim.StepContext;
import org.geonas.core.search.GdasUnsampledOps;
import org.geonas.core.search.SgdMomentum;
import org.geonas.core.search.SupernetStepper;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.Nb201Space;
import org.geonas.core.space.NoneExcluded;
import org.geonas.core.space.SearchSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GDAS' unsampled ops: with zero-weight each enters its edge's output as its weight (0 in the hard
 * sample), so its gradient is the summed output gradient of the node it feeds; with skip it is 0.
 * The cells are checked against hand computations, the stepper for its plumbing.
 */
class GdasUnsampledOpsTest {

    private static final int NB_OPS = 5;
    private static final int NB_NONE = 0;
    private static final int NB_SKIP = 1;
    private static final int NB_CONV3 = 3;
    private static final Shape NB_X = new Shape(4, 4, 8, 8);
    private static final Shape DARTS_P = new Shape(4, 8, 16, 16);

    /** The sample's one-hot values, which ops run (the chosen one unless none) and the weight-only rest. */
    private record Sample(float[] values, boolean[][] active, boolean[][] weightOnly) {
        static Sample of(int[] chosen, int ops, int none, GdasUnsampledOps mode) {
            float[] v = new float[chosen.length * ops];
            boolean[][] active = new boolean[chosen.length][ops];
            boolean[][] weightOnly = new boolean[chosen.length][ops];
            for (int e = 0; e < chosen.length; e++) {
                v[e * ops + chosen[e]] = 1;
                active[e][chosen[e]] = chosen[e] != none;
                for (int o = 0; o < ops; o++) {
                    weightOnly[e][o] = mode == GdasUnsampledOps.ZERO_WEIGHT && o != chosen[e];
                }
            }
            return new Sample(v, active, weightOnly);
        }

        EdgeWeights edgeWeights(NDArray w) {
            return EdgeWeights.masked(w, active).withWeightOnly(weightOnly);
        }
    }

    private static float[] positive(int n, long seed) {
        float[] r = DartsSupernetTest.random(n, seed);
        for (int i = 0; i < r.length; i++) {
            r[i] = 1 + 0.5f * r[i]; // a sum well away from 0
        }
        return r;
    }

    private static double sum(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }

    /** The cell output and the gradient of {@code sum(R * output)} with respect to the weights. */
    private record Pass(float[] output, float[] gradient) {
    }

    @ParameterizedTest
    @EnumSource(GdasUnsampledOps.class)
    void nb201CellGivesUnsampledOpsTheirNodesSummedGradient(GdasUnsampledOps mode) {
        // 1<-0 conv3x3, 2<-0 none, 2<-1 skip, 3<-0 none, 3<-1 skip, 3<-2 skip: node 3 = node 1 + node 2
        // = 2 node 1, so with the loss sum(R * node 3) node 1's output gradient is 2R, node 2's and 3's R
        int[] chosen = {NB_CONV3, NB_NONE, NB_SKIP, NB_NONE, NB_SKIP, NB_SKIP};
        double[] nodeGradientSums = {0, 2, 1, 1};
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Nb201SearchCell cell = new Nb201SearchCell(4);
            cell.initialize(manager, DataType.FLOAT32, NB_X);
            float[] r = positive((int) NB_X.size(), 7);
            Pass pass = nb201Pass(manager, cell, Sample.of(chosen, NB_OPS, NB_NONE, mode), r);
            Pass skip = nb201Pass(manager, cell, Sample.of(chosen, NB_OPS, NB_NONE, GdasUnsampledOps.SKIP), r);
            assertArrayEquals(skip.output(), pass.output(), 0f, "weight-only ops add zeros");
            List<Edge> edges = Nb201Space.INSTANCE.edges(CellType.NORMAL);
            for (int e = 0; e < chosen.length; e++) {
                double expected = mode == GdasUnsampledOps.ZERO_WEIGHT
                        ? nodeGradientSums[edges.get(e).to()] * sum(r) : 0;
                for (int o = 0; o < NB_OPS; o++) {
                    double g = pass.gradient()[e * NB_OPS + o];
                    if (o != chosen[e]) {
                        assertEquals(expected, g, 1e-4 * Math.abs(expected), "unsampled op " + o + " of edge " + e);
                    } else if (o == NB_NONE) {
                        assertEquals(0.0, g, 0.0, "sampled none of edge " + e);
                    } else {
                        assertEquals(skip.gradient()[e * NB_OPS + o], g, 1e-4 * Math.abs(g), "sampled op of edge " + e);
                    }
                }
            }
        }
    }

    private static Pass nb201Pass(NDManager manager, Nb201SearchCell cell, Sample sample, float[] r) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(DartsSupernetTest.random((int) NB_X.size(), 6), NB_X);
            NDArray w = scope.create(sample.values(), new Shape(6, NB_OPS));
            w.setRequiresGradient(true);
            float[] out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = cell.forward(new ParameterStore(scope, false), x, sample.edgeWeights(w), true);
                out = y.toFloatArray();
                collector.backward(y.mul(scope.create(r, NB_X)).sum());
            }
            return new Pass(out, w.getGradient().toFloatArray());
        }
    }

    @ParameterizedTest
    @EnumSource(GdasUnsampledOps.class)
    void dartsCellGivesUnsampledOpsTheirNodesSummedGradient(GdasUnsampledOps mode) {
        // edges from the cell inputs run a real op each; the edges between intermediate nodes drew
        // none, so with the loss sum_j sum(R_j * node j) node j's output gradient is R_j alone
        int[] chosen = new int[DartsLayout.EDGES];
        for (int e = 0; e < chosen.length; e++) {
            chosen[e] = DartsLayout.from(e) < DartsLayout.INPUTS ? 1 + e % 7 : DartsLayout.NONE;
        }
        int ops = DartsLayout.OPS.length;
        try (NDManager manager = NDManager.newBaseManager()) {
            DartsCell cell = DartsSupernetTest.tinyNet(manager, 8, 1, 9).cell(0);
            float[][] r = new float[DartsLayout.NODES][];
            for (int j = DartsLayout.INPUTS; j < DartsLayout.NODES; j++) {
                r[j] = positive((int) DARTS_P.size(), 20 + j);
            }
            float[] grad = dartsGradient(manager, cell, Sample.of(chosen, ops, DartsLayout.NONE, mode), r);
            float[] skip = dartsGradient(manager, cell, Sample.of(chosen, ops, DartsLayout.NONE, GdasUnsampledOps.SKIP),
                    r);
            for (int e = 0; e < chosen.length; e++) {
                double expected = mode == GdasUnsampledOps.ZERO_WEIGHT ? sum(r[DartsLayout.to(e)]) : 0;
                for (int o = 0; o < ops; o++) {
                    double g = grad[e * ops + o];
                    if (o != chosen[e]) {
                        assertEquals(expected, g, 1e-4 * Math.abs(expected), "unsampled op " + o + " of edge " + e);
                    } else if (o == DartsLayout.NONE) {
                        assertEquals(0.0, g, 0.0, "sampled none of edge " + e);
                    } else {
                        assertEquals(skip[e * ops + o], g, 1e-4 * Math.abs(g), "sampled op of edge " + e);
                    }
                }
            }
        }
    }

    private static float[] dartsGradient(NDManager manager, DartsCell cell, Sample sample, float[][] r) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray p0 = scope.create(DartsSupernetTest.random((int) DARTS_P.size(), 2), DARTS_P);
            NDArray p1 = scope.create(DartsSupernetTest.random((int) DARTS_P.size(), 3), DARTS_P);
            NDArray w = scope.create(sample.values(), new Shape(DartsLayout.EDGES, DartsLayout.OPS.length));
            w.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray[] nodes = cell.nodes(new ParameterStore(scope, false), p0, p1, sample.edgeWeights(w), null,
                        true);
                NDArray loss = null;
                for (int j = DartsLayout.INPUTS; j < DartsLayout.NODES; j++) {
                    NDArray term = nodes[j].mul(scope.create(r[j], DARTS_P)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                collector.backward(loss);
            }
            return w.getGradient().toFloatArray();
        }
    }

    /**
     * Through the stepper on a GDAS sample: with zero-weight the unsampled ops of all edges into
     * a node share one gradient (the node's summed output gradient, over the cells), with skip it
     * is 0; the same with the four ops of NAS-Bench-201 without none.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stepperFeedsUnsampledOpsAsWeightsOnlyWhenAsked(boolean excludeNone) {
        SearchSpace space = excludeNone ? NoneExcluded.of(Nb201Space.INSTANCE) : Nb201Space.INSTANCE;
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201Supernet net = Nb201SupernetTest.tinyNet(manager, 3, 31);
            List<Parameter> trainable = net.getParameters().values().stream().filter(Parameter::requiresGradient)
                    .toList();
            SgdMomentum sgd = new SgdMomentum(trainable, manager, 0.9, 3e-4, 5.0);
            ArchOptimizer gdas = ArchMethod.GDAS.create(space, 3e-4, 1e-3, 4);
            ArchSample sample = gdas.sample(new StepContext(99, 0, 4));
            ArchWeights zeroWeight = archGradient(manager, net, sgd, space, GdasUnsampledOps.ZERO_WEIGHT, sample);
            ArchWeights skip = archGradient(manager, net, sgd, space, GdasUnsampledOps.SKIP, sample);
            boolean[][] unsampled = sample.unsampled(CellType.NORMAL);
            List<Edge> edges = space.edges(CellType.NORMAL);
            double[] nodeGradient = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            for (int e = 0; e < edges.size(); e++) {
                for (int o = 0; o < space.ops().size(); o++) {
                    if (!unsampled[e][o]) {
                        continue;
                    }
                    assertEquals(0.0, skip.get(CellType.NORMAL, e, o), 0.0, "skip: edge " + e + " op " + o);
                    double g = zeroWeight.get(CellType.NORMAL, e, o);
                    int to = edges.get(e).to();
                    if (Double.isNaN(nodeGradient[to])) {
                        nodeGradient[to] = g;
                    }
                    assertEquals(nodeGradient[to], g, 1e-5 * Math.abs(g) + 1e-9, "zero-weight: edge " + e + " op " + o);
                }
            }
        }
    }

    private static ArchWeights archGradient(NDManager manager, Nb201Supernet net, SgdMomentum sgd, SearchSpace space,
            GdasUnsampledOps mode, ArchSample sample) {
        SupernetStepper stepper = new SupernetStepper(net, new ParameterStore(manager, false), sgd, space, mode);
        try (NDManager scope = manager.newSubManager()) {
            Shape xs = new Shape(4, 3, 8, 8);
            NDArray x = scope.create(Nb201SupernetTest.randomImages(3, 32), xs);
            int[] labels = {1, 4, 1, 9};
            NDArray oneHot = scope.create(labels).oneHot(10);
            return stepper.archStep(x, oneHot, labels, sample).gradient().ops();
        }
    }
}
