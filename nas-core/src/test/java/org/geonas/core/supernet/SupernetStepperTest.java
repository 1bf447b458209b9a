package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.geonas.core.search.CrossEntropy;
import org.geonas.core.search.SgdMomentum;
import org.geonas.core.search.SupernetStepper;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;

/** Gradients of the supernet: architecture weights (against finite differences) and network weights. */
class SupernetStepperTest {

    private static final Nb201Space SPACE = Nb201Space.INSTANCE;
    private static final Shape X_SHAPE = new Shape(4, 3, 8, 8);
    private static final int[] LABELS = {3, 7, 0, 7};

    private static List<Parameter> trainable(Nb201Supernet net) {
        return net.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
    }

    private static ArchWeights nonUniform() {
        double[][] m = new double[6][5];
        for (int e = 0; e < 6; e++) {
            double sum = 0;
            for (int o = 0; o < 5; o++) {
                m[e][o] = 1 + 0.8 * Math.sin(1.3 * e + 2.1 * o);
                sum += m[e][o];
            }
            for (int o = 0; o < 5; o++) {
                m[e][o] /= sum;
            }
        }
        return new ArchWeights(SPACE, Map.of(CellType.NORMAL, m));
    }

    private static ArchWeights with(ArchWeights w, int edge, int op, double value) {
        double[][] m = w.matrix(CellType.NORMAL);
        m[edge][op] = value;
        return new ArchWeights(SPACE, Map.of(CellType.NORMAL, m));
    }

    /** The loss of a gradient-free training-mode pass (batch statistics in BN, as archStep uses). */
    private static double loss(NDManager manager, SupernetStepper stepper, float[] x, ArchWeights w) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray xs = scope.create(x, X_SHAPE);
            NDArray oneHot = scope.create(LABELS).oneHot(10);
            return stepper.evaluate(xs, oneHot, LABELS, w, null).loss();
        }
    }

    @Test
    void archGradientMatchesCentralDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201Supernet net = Nb201SupernetTest.tinyNet(manager, 3, 11);
            SgdMomentum sgd = new SgdMomentum(trainable(net), manager, 0.9, 3e-4, 5.0);
            SupernetStepper stepper = new SupernetStepper(net, new ParameterStore(manager, false), sgd, SPACE);
            float[] x = Nb201SupernetTest.randomImages(3, 12);
            ArchWeights w = nonUniform();
            Parameter conv = net.getParameters().values().stream()
                    .filter(p -> p.getName().equals("n0_conv3x3_weight")).findFirst().orElseThrow();
            float[] convBefore = conv.getArray().toFloatArray();

            ArchWeights grad;
            double archLoss;
            try (NDManager scope = manager.newSubManager()) {
                NDArray xs = scope.create(x, X_SHAPE);
                NDArray oneHot = scope.create(LABELS).oneHot(10);
                SupernetStepper.ArchStepResult r = stepper.archStep(xs, oneHot, LABELS, org.geonas.core.optim.ArchSample.dense(w));
                grad = r.gradient().ops();
                archLoss = r.stats().loss();
                assertEquals(4, r.stats().size());
            }
            assertEquals(loss(manager, stepper, x, w), archLoss, 1e-5, "archStep reports the pass's loss");
            // the arch step leaves the network weights alone and gives their gradients back afterwards
            assertArrayEquals(convBefore, conv.getArray().toFloatArray(), 0f);
            assertTrue(conv.getArray().hasGradient(), "weight gradients are re-enabled after the arch step");

            for (int e = 0; e < 6; e++) {
                assertEquals(0.0, grad.get(CellType.NORMAL, e, 0), 0.0, "none op of edge " + e);
            }
            // check the entries with the largest gradients (small ones are all rounding noise in float32)
            List<int[]> entries = new ArrayList<>();
            for (int e = 0; e < 6; e++) {
                for (int o = 1; o < 5; o++) {
                    entries.add(new int[] {e, o});
                }
            }
            entries.sort((a, b) -> Double.compare(Math.abs(grad.get(CellType.NORMAL, b[0], b[1])),
                    Math.abs(grad.get(CellType.NORMAL, a[0], a[1]))));
            // the loss is only piecewise smooth (ReLUs, batch statistics over a 2x2 last stage with batch 4):
            // central differences at eps 1e-2 are off by up to ~10%, at 1e-4 within ~1% (float32 rounding
            // of the loss adds ~1e-3 relative), converging to the backward pass's value as eps shrinks
            double eps = 1e-4;
            for (int[] entry : entries.subList(0, 3)) {
                int e = entry[0];
                int o = entry[1];
                double v = w.get(CellType.NORMAL, e, o);
                // the step the network actually sees, after rounding to float
                double h = (double) (float) (v + eps) - (double) (float) (v - eps);
                double plus = loss(manager, stepper, x, with(w, e, o, v + eps));
                double minus = loss(manager, stepper, x, with(w, e, o, v - eps));
                double fd = (plus - minus) / h;
                double g = grad.get(CellType.NORMAL, e, o);
                assertTrue(Math.abs(g) > 1e-3, "gradient large enough to check: " + g);
                assertEquals(fd, g, 5e-2 * Math.abs(fd), "edge " + e + " op " + o);
            }
        }
    }

    @Test
    void weightStepComputesConvGradientsAndMovesTheWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201Supernet net = Nb201SupernetTest.tinyNet(manager, 3, 21);
            List<Parameter> params = trainable(net);
            SgdMomentum sgd = new SgdMomentum(params, manager, 0.9, 3e-4, 5.0);
            SupernetStepper stepper = new SupernetStepper(net, new ParameterStore(manager, false), sgd, SPACE);
            List<Pair<String, Parameter>> convs = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getKey().contains("cell") && p.getKey().endsWith("_weight")) {
                    convs.add(p);
                }
            }
            assertEquals(3 * 3 * 2, convs.size(), "1x1 and 3x3 weights of 3 source nodes in 3 cells: " + convs);
            List<float[]> before = new ArrayList<>();
            for (Pair<String, Parameter> p : convs) {
                before.add(p.getValue().getArray().toFloatArray());
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray xs = scope.create(Nb201SupernetTest.randomImages(3, 22), X_SHAPE);
                NDArray oneHot = scope.create(LABELS).oneHot(10);
                SupernetStepper.PassStats stats = stepper.weightStep(xs, oneHot, LABELS,
                        org.geonas.core.optim.ArchSample.dense(nonUniform()), 0.05);
                assertTrue(Double.isFinite(stats.loss()) && stats.loss() > 0);
            }
            for (int i = 0; i < convs.size(); i++) {
                NDArray array = convs.get(i).getValue().getArray();
                assertTrue(array.hasGradient(), convs.get(i).getKey());
                double gradNorm;
                try (NDArray g = array.getGradient(); NDArray n = g.norm()) {
                    gradNorm = n.getFloat();
                }
                assertTrue(gradNorm > 0, "gradient of " + convs.get(i).getKey());
                float[] after = array.toFloatArray();
                assertFalse(java.util.Arrays.equals(before.get(i), after), convs.get(i).getKey() + " moved");
            }
        }
    }

    @Test
    void clippedStepIsLrTimesTheRescaledGradient() {
        double maxGradNorm = 1e-2;
        double lr = 1.0;
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201Supernet net = Nb201SupernetTest.tinyNet(manager, 3, 31);
            List<Parameter> params = trainable(net);
            // no weight decay, fresh momentum buffers: the update is lr * clipped gradient
            SgdMomentum sgd = new SgdMomentum(params, manager, 0.9, 0.0, maxGradNorm);
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager scope = manager.newSubManager()) {
                NDArray xs = scope.create(Nb201SupernetTest.randomImages(3, 32), X_SHAPE);
                NDArray oneHot = scope.create(LABELS).oneHot(10);
                NDArray w = scope.create(nonUniform().flatFloats(CellType.NORMAL), new Shape(6, 5));
                sgd.zeroGradients();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(ps, xs, EdgeWeights.dense(w, 0), true);
                    collector.backward(CrossEntropy.loss(logits, oneHot));
                }
            }
            List<float[]> grads = new ArrayList<>();
            List<float[]> before = new ArrayList<>();
            double sumSquares = 0;
            for (Parameter p : params) {
                float[] g;
                try (NDArray ga = p.getArray().getGradient()) {
                    g = ga.toFloatArray();
                }
                for (float v : g) {
                    sumSquares += (double) v * v;
                }
                grads.add(g);
                before.add(p.getArray().toFloatArray());
            }
            double norm = Math.sqrt(sumSquares);
            assertTrue(norm > 100 * maxGradNorm, "the gradient is clipped: " + norm);
            double reported = sgd.step(lr);
            assertEquals(norm, reported, 1e-4 * norm, "step returns the norm before clipping");

            double scale = maxGradNorm / (norm + 1e-6);
            double updateSq = 0;
            for (int i = 0; i < params.size(); i++) {
                float[] after = params.get(i).getArray().toFloatArray();
                for (int j = 0; j < after.length; j++) {
                    double delta = (double) before.get(i)[j] - after[j];
                    double expected = lr * scale * grads.get(i)[j];
                    // float32 rounding of the weight itself: a few ulps of |w|
                    double tol = 4 * Math.ulp(Math.abs(before.get(i)[j])) + 1e-4 * Math.abs(expected);
                    assertEquals(expected, delta, tol, params.get(i).getName() + "[" + j + "]");
                    updateSq += delta * delta;
                }
            }
            // the whole update has norm lr * maxGradNorm
            assertEquals(lr * maxGradNorm, Math.sqrt(updateSq), 1e-2 * lr * maxGradNorm);
        }
    }
}
