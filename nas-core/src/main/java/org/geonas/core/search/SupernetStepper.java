package org.geonas.core.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.supernet.EdgeWeights;
import org.geonas.core.supernet.Nb201Supernet;

/**
 * The two halves of a first-order search step on the supernet, and evaluation passes. Each
 * call works on arrays the caller created in a scratch manager, so everything a pass creates
 * is freed when the caller closes that manager.
 */
public final class SupernetStepper {

    private final Nb201Supernet net;
    private final ParameterStore ps;
    private final SgdMomentum sgd;
    private final SearchSpace space;
    private final int noneOp;
    private final long[] phaseNanos = new long[Phase.values().length];

    /** Where a step's time goes (libtorch on CPU is synchronous, so wall time per phase is exact). */
    public enum Phase { ARCH_FORWARD, ARCH_BACKWARD, ARCH_UPDATE, WEIGHT_FORWARD, WEIGHT_BACKWARD, WEIGHT_UPDATE }

    public SupernetStepper(Nb201Supernet net, ParameterStore ps, SgdMomentum sgd, SearchSpace space) {
        this.net = net;
        this.ps = ps;
        this.sgd = sgd;
        this.space = space;
        this.noneOp = space.ops().indexOf("none");
    }

    /** Loss, hits and batch size of one pass. */
    public record PassStats(double loss, int correct, int size) {
    }

    /** An architecture step's statistics and dLoss/dWeights. */
    public record ArchStepResult(PassStats stats, ArchWeights gradient) {
    }

    /**
     * Forward and backward with the architecture weights as the only gradient target (the
     * network's weights are frozen for this pass, so their gradients are not computed).
     */
    public ArchStepResult archStep(NDArray x, NDArray oneHot, int[] labels, ArchWeights weights) {
        NDManager scope = x.getManager();
        NDArray w = weightsArray(scope, weights);
        w.setRequiresGradient(true);
        sgd.setGradientsEnabled(false);
        PassStats stats;
        long t0 = System.nanoTime();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(ps, x, EdgeWeights.dense(w, noneOp), true);
            NDArray loss = CrossEntropy.loss(logits, oneHot);
            long t1 = System.nanoTime();
            phaseNanos[Phase.ARCH_FORWARD.ordinal()] += t1 - t0;
            collector.backward(loss);
            t0 = System.nanoTime();
            phaseNanos[Phase.ARCH_BACKWARD.ordinal()] += t0 - t1;
            stats = new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
        } finally {
            sgd.setGradientsEnabled(true);
        }
        float[] g;
        try (NDArray grad = w.getGradient()) {
            g = grad.toFloatArray();
        }
        phaseNanos[Phase.ARCH_UPDATE.ordinal()] += System.nanoTime() - t0;
        return new ArchStepResult(stats, toArchWeights(g));
    }

    /** Forward and backward with fixed architecture weights, then an SGD step on the network. */
    public PassStats weightStep(NDArray x, NDArray oneHot, int[] labels, ArchWeights weights, double lr) {
        NDArray w = weightsArray(x.getManager(), weights);
        long t0 = System.nanoTime();
        sgd.zeroGradients();
        PassStats stats;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(ps, x, EdgeWeights.dense(w, noneOp), true);
            NDArray loss = CrossEntropy.loss(logits, oneHot);
            long t1 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_FORWARD.ordinal()] += t1 - t0;
            collector.backward(loss);
            t0 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_BACKWARD.ordinal()] += t0 - t1;
            stats = new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
        }
        if (Double.isFinite(stats.loss())) {
            sgd.step(lr);
        }
        phaseNanos[Phase.WEIGHT_UPDATE.ordinal()] += System.nanoTime() - t0;
        return stats;
    }

    /** A joint (single-level) step's statistics and dLoss/dWeights of the architecture. */
    public record JointStepResult(PassStats stats, ArchWeights gradient) {
    }

    /**
     * Single-level (ERM) step: one forward and backward on a training batch gives the gradients
     * of both the network weights (then an SGD step) and the architecture weights (returned).
     */
    public JointStepResult jointStep(NDArray x, NDArray oneHot, int[] labels, ArchWeights weights, double lr) {
        NDArray w = weightsArray(x.getManager(), weights);
        w.setRequiresGradient(true);
        long t0 = System.nanoTime();
        sgd.zeroGradients();
        PassStats stats;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(ps, x, EdgeWeights.dense(w, noneOp), true);
            NDArray loss = CrossEntropy.loss(logits, oneHot);
            long t1 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_FORWARD.ordinal()] += t1 - t0;
            collector.backward(loss);
            t0 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_BACKWARD.ordinal()] += t0 - t1;
            stats = new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
        }
        float[] g;
        try (NDArray grad = w.getGradient()) {
            g = grad.toFloatArray();
        }
        if (Double.isFinite(stats.loss())) {
            sgd.step(lr);
        }
        phaseNanos[Phase.WEIGHT_UPDATE.ordinal()] += System.nanoTime() - t0;
        return new JointStepResult(stats, toArchWeights(g));
    }

    /**
     * A forward pass without gradients. Batch statistics are used in BN (training mode), as
     * running statistics of a mixture do not describe a pruned architecture.
     *
     * @param active which ops run, or null for all (the mixture)
     */
    public PassStats evaluate(NDArray x, NDArray oneHot, int[] labels, ArchWeights weights, boolean[][] active) {
        NDArray w = weightsArray(x.getManager(), weights);
        EdgeWeights edgeWeights = active == null ? EdgeWeights.dense(w, noneOp) : EdgeWeights.masked(w, active);
        NDArray logits = net.forward(ps, x, edgeWeights, true);
        NDArray loss = CrossEntropy.loss(logits, oneHot);
        return new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
    }

    /** Nanoseconds spent per phase since the last reset. */
    public long[] phaseNanos() {
        return phaseNanos.clone();
    }

    public void resetPhaseNanos() {
        java.util.Arrays.fill(phaseNanos, 0);
    }

    private NDArray weightsArray(NDManager scope, ArchWeights weights) {
        return scope.create(weights.flatFloats(CellType.NORMAL),
                new Shape(space.edges(CellType.NORMAL).size(), space.ops().size()));
    }

    private ArchWeights toArchWeights(float[] flat) {
        int edges = space.edges(CellType.NORMAL).size();
        int ops = space.ops().size();
        double[][] m = new double[edges][ops];
        for (int e = 0; e < edges; e++) {
            for (int o = 0; o < ops; o++) {
                m[e][o] = flat[e * ops + o];
            }
        }
        return new ArchWeights(space, java.util.Map.of(CellType.NORMAL, m));
    }
}
