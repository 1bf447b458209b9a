package org.geonas.core.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.EnumMap;
import java.util.Map;
import org.geonas.core.optim.ArchGradient;
import org.geonas.core.optim.ArchSample;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.NoneExcluded;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.supernet.EdgeWeights;
import org.geonas.core.supernet.Supernet;
import org.geonas.core.supernet.SupernetInput;

/**
 * The two halves of a first-order search step on the supernet, and evaluation passes. Each
 * call works on arrays the caller created in a scratch manager, so everything a pass creates
 * is freed when the caller closes that manager.
 */
public final class SupernetStepper {

    private final Supernet net;
    private final ParameterStore ps;
    private final SgdMomentum sgd;
    private final SearchSpace space;
    private final int noneOp;
    private final GdasUnsampledOps unsampledOps;
    private final long[] phaseNanos = new long[Phase.values().length];

    /** Where a step's time goes (libtorch on CPU is synchronous, so wall time per phase is exact). */
    public enum Phase { ARCH_FORWARD, ARCH_BACKWARD, ARCH_UPDATE, WEIGHT_FORWARD, WEIGHT_BACKWARD, WEIGHT_UPDATE }

    public SupernetStepper(Supernet net, ParameterStore ps, SgdMomentum sgd, SearchSpace space) {
        this(net, ps, sgd, space, GdasUnsampledOps.SKIP);
    }

    /** @param unsampledOps what the passes that need an architecture gradient do with a sample's unsampled ops */
    public SupernetStepper(Supernet net, ParameterStore ps, SgdMomentum sgd, SearchSpace space,
            GdasUnsampledOps unsampledOps) {
        this.net = net;
        this.ps = ps;
        this.sgd = sgd;
        this.space = space.full();
        this.noneOp = this.space.ops().indexOf("none");
        this.unsampledOps = unsampledOps;
    }

    /**
     * The network parameter whose gradient was not finite at the last weight step, by its path
     * in the supernet (e.g. {@code 02cell1_0_n0_conv3x3_weight}), or null.
     */
    public String lastNonFiniteGradient() {
        ai.djl.nn.Parameter p = sgd.lastNonFiniteGradient();
        if (p == null) {
            return null;
        }
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> e : net.getParameters()) {
            if (e.getValue() == p) {
                return e.getKey();
            }
        }
        return p.getName();
    }

    /** Loss, hits and batch size of one pass. */
    public record PassStats(double loss, int correct, int size) {
    }

    /** An architecture step's statistics and the gradient with respect to what the supernet consumed. */
    public record ArchStepResult(PassStats stats, ArchGradient gradient) {
    }

    /**
     * Forward and backward with the architecture inputs as the only gradient target (the
     * network's weights are frozen for this pass, so their gradients are not computed).
     */
    public ArchStepResult archStep(NDArray x, NDArray oneHot, int[] labels, ArchSample sample) {
        Inputs in = inputs(x.getManager(), sample, true);
        sgd.setGradientsEnabled(false);
        PassStats stats;
        long t0 = System.nanoTime();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(ps, x, in.input(), true);
            NDArray loss = CrossEntropy.loss(logits, oneHot);
            long t1 = System.nanoTime();
            phaseNanos[Phase.ARCH_FORWARD.ordinal()] += t1 - t0;
            backwardUnlessCut(collector, loss);
            t0 = System.nanoTime();
            phaseNanos[Phase.ARCH_BACKWARD.ordinal()] += t0 - t1;
            stats = new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
        } finally {
            sgd.setGradientsEnabled(true);
        }
        ArchGradient gradient = in.gradient();
        phaseNanos[Phase.ARCH_UPDATE.ordinal()] += System.nanoTime() - t0;
        return new ArchStepResult(stats, gradient);
    }

    /**
     * Backward, except when a sample cut every path from the architecture to the loss (GDAS
     * drawing none on every edge into a node, with the network's weights frozen): libtorch then
     * refuses, and the architecture's gradient is zero.
     */
    private static void backwardUnlessCut(GradientCollector collector, NDArray loss) {
        try {
            collector.backward(loss);
        } catch (ai.djl.engine.EngineException e) {
            if (e.getMessage() == null || !e.getMessage().contains("does not require grad")) {
                throw e;
            }
        }
    }

    /** Forward and backward with fixed architecture inputs, then an SGD step on the network. */
    public PassStats weightStep(NDArray x, NDArray oneHot, int[] labels, ArchSample sample, double lr) {
        Inputs in = inputs(x.getManager(), sample, false);
        long t0 = System.nanoTime();
        sgd.zeroGradients();
        PassStats stats;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(ps, x, in.input(), true);
            NDArray loss = CrossEntropy.loss(logits, oneHot);
            long t1 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_FORWARD.ordinal()] += t1 - t0;
            collector.backward(loss);
            t0 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_BACKWARD.ordinal()] += t0 - t1;
            stats = new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
        }
        if (Double.isFinite(stats.loss()) && !Double.isFinite(sgd.step(lr))) {
            stats = new PassStats(Double.NaN, stats.correct(), stats.size()); // non-finite gradients: diverged
        }
        phaseNanos[Phase.WEIGHT_UPDATE.ordinal()] += System.nanoTime() - t0;
        return stats;
    }

    /** A joint (single-level) step's statistics and the architecture gradient. */
    public record JointStepResult(PassStats stats, ArchGradient gradient) {
    }

    /**
     * Single-level (ERM) step: one forward and backward on a training batch gives the gradients
     * of both the network weights (then an SGD step) and the architecture inputs (returned).
     */
    public JointStepResult jointStep(NDArray x, NDArray oneHot, int[] labels, ArchSample sample, double lr) {
        Inputs in = inputs(x.getManager(), sample, true);
        long t0 = System.nanoTime();
        sgd.zeroGradients();
        PassStats stats;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(ps, x, in.input(), true);
            NDArray loss = CrossEntropy.loss(logits, oneHot);
            long t1 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_FORWARD.ordinal()] += t1 - t0;
            collector.backward(loss);
            t0 = System.nanoTime();
            phaseNanos[Phase.WEIGHT_BACKWARD.ordinal()] += t0 - t1;
            stats = new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
        }
        ArchGradient gradient = in.gradient();
        if (Double.isFinite(stats.loss()) && !Double.isFinite(sgd.step(lr))) {
            stats = new PassStats(Double.NaN, stats.correct(), stats.size()); // non-finite gradients: diverged
        }
        phaseNanos[Phase.WEIGHT_UPDATE.ordinal()] += System.nanoTime() - t0;
        return new JointStepResult(stats, gradient);
    }

    /**
     * A forward pass without gradients. Batch statistics are used in BN (training mode), as
     * running statistics of a mixture do not describe a pruned architecture.
     *
     * @param active which ops run, or null for all (the mixture)
     */
    public PassStats evaluate(NDArray x, NDArray oneHot, int[] labels, ArchSample sample) {
        NDArray logits = net.forward(ps, x, inputs(x.getManager(), sample, false).input(), true);
        NDArray loss = CrossEntropy.loss(logits, oneHot);
        return new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
    }

    /** Evaluates weights with the given ops active (null: every op but none). */
    public PassStats evaluate(NDArray x, NDArray oneHot, int[] labels, ArchWeights weights, boolean[][] active) {
        if (active == null) {
            return evaluate(x, oneHot, labels, ArchSample.dense(weights));
        }
        NDArray logits = net.forward(ps, x, SupernetInput.normal(EdgeWeights.masked(
                weightsArray(x.getManager(), weights, CellType.NORMAL), active)), true);
        NDArray loss = CrossEntropy.loss(logits, oneHot);
        return new PassStats(loss.getFloat(), CrossEntropy.correct(logits, labels), labels.length);
    }

    /**
     * The arrays a sample becomes, and how to read their gradients back: in the sample's own
     * space, so a space without {@code none} gets its gradient without that column.
     */
    private record Inputs(SupernetInput input, Map<CellType, NDArray> values, Map<CellType, NDArray> edges,
            SearchSpace space) {
        ArchGradient gradient() {
            Map<CellType, double[][]> ops = new EnumMap<>(CellType.class);
            int o = space.full().ops().size();
            for (Map.Entry<CellType, NDArray> e : values.entrySet()) {
                float[] g;
                try (NDArray grad = e.getValue().getGradient()) {
                    g = grad.toFloatArray();
                }
                double[][] m = new double[g.length / o][o];
                for (int i = 0; i < g.length; i++) {
                    m[i / o][i % o] = g[i];
                }
                ops.put(e.getKey(), m);
            }
            Map<CellType, double[]> edgeGrads = null;
            if (!edges.isEmpty()) {
                edgeGrads = new EnumMap<>(CellType.class);
                for (Map.Entry<CellType, NDArray> e : edges.entrySet()) {
                    try (NDArray grad = e.getValue().getGradient()) {
                        float[] g = grad.toFloatArray();
                        double[] d = new double[g.length];
                        for (int i = 0; i < g.length; i++) {
                            d[i] = g[i];
                        }
                        edgeGrads.put(e.getKey(), d);
                    }
                }
            }
            ArchWeights opGradient = space instanceof NoneExcluded sub ? sub.reduced(ops) : new ArchWeights(space, ops);
            return new ArchGradient(opGradient, edgeGrads);
        }
    }

    private Inputs inputs(NDManager scope, ArchSample sample, boolean withGradient) {
        Map<CellType, EdgeWeights> ops = new EnumMap<>(CellType.class);
        Map<CellType, NDArray> values = new EnumMap<>(CellType.class);
        Map<CellType, NDArray> edges = new EnumMap<>(CellType.class);
        SearchSpace fed = sample.values().space();
        NoneExcluded sub = fed instanceof NoneExcluded n ? n : null;
        // without none, the supernet still gets its full op columns: none at 0 and never computed
        ArchWeights full = sub == null ? sample.values() : sub.padded(sample.values());
        for (CellType type : space.cellTypes()) {
            NDArray w = weightsArray(scope, full, type);
            if (withGradient) {
                w.setRequiresGradient(true);
            }
            values.put(type, w);
            boolean[][] active = sub == null ? sample.active(type) : withNoneInactive(sample.active(type), sub);
            EdgeWeights edgeWeights = active == null ? EdgeWeights.dense(w, noneOp) : EdgeWeights.masked(w, active);
            boolean[][] unsampled = sample.unsampled(type);
            if (withGradient && unsampledOps == GdasUnsampledOps.ZERO_WEIGHT && unsampled != null) {
                // only for a gradient: their value is 0, so a pass without one would add zeros
                edgeWeights = edgeWeights.withWeightOnly(sub == null ? unsampled : withNoneInactive(unsampled, sub));
            }
            ops.put(type, edgeWeights);
            if (sample.hasEdgeWeights()) {
                double[] ew = sample.edgeWeights(type);
                float[] f = new float[ew.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) ew[i];
                }
                NDArray edge = scope.create(f);
                if (withGradient) {
                    edge.setRequiresGradient(true);
                }
                edges.put(type, edge);
            }
        }
        SupernetInput input = edges.isEmpty() ? SupernetInput.of(ops) : SupernetInput.of(ops, edges);
        return new Inputs(input, values, edges, fed);
    }

    /** A mask over the ops without none as one over the full ops, none off (not part of it); null stays null. */
    private static boolean[][] withNoneInactive(boolean[][] active, NoneExcluded sub) {
        if (active == null) {
            return null;
        }
        int none = sub.noneIndex();
        boolean[][] out = new boolean[active.length][];
        for (int e = 0; e < active.length; e++) {
            out[e] = new boolean[active[e].length + 1];
            System.arraycopy(active[e], 0, out[e], 0, none);
            System.arraycopy(active[e], none, out[e], none + 1, active[e].length - none);
        }
        return out;
    }

    /** Nanoseconds spent per phase since the last reset. */
    public long[] phaseNanos() {
        return phaseNanos.clone();
    }

    public void resetPhaseNanos() {
        java.util.Arrays.fill(phaseNanos, 0);
    }

    private NDArray weightsArray(NDManager scope, ArchWeights weights, CellType type) {
        return scope.create(weights.flatFloats(type), new Shape(space.edges(type).size(), space.ops().size()));
    }
}
