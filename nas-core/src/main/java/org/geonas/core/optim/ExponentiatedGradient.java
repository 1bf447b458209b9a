package org.geonas.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;

/**
 * GAEA: mirror descent with the KL divergence on each edge's simplex (exponentiated gradient).
 * The weights themselves are the variables: {@code theta <- theta * exp(-lr * g)}, clamped
 * below at {@link #MIN_WEIGHT} and renormalized per edge. The optional entropic regularizer
 * {@code weightDecay * sum theta ln(theta * n)} adds {@code weightDecay * (ln(theta * n) + 1)}
 * to the gradient; it pulls towards the centre, so it slows the sparsification GAEA yields.
 */
public final class ExponentiatedGradient implements ArchOptimizer {

    /** The id of this method in specs and tables. */
    public static final String METHOD = "gaea";
    /** Lower bound of a weight after a step, before renormalization (as in the GAEA code). */
    public static final double MIN_WEIGHT = 1e-5;

    private final SearchSpace space;
    private final double lr;
    private final double weightDecay;
    private Map<CellType, double[][]> theta;
    private long steps;

    public ExponentiatedGradient(SearchSpace space, double lr, double weightDecay) {
        if (!(lr > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("gaea needs lr > 0 and weight decay >= 0, got " + lr + ", " + weightDecay);
        }
        this.space = space;
        this.lr = lr;
        this.weightDecay = weightDecay;
        this.theta = ArchMatrices.copyOf(ArchWeights.uniform(space));
    }

    @Override
    public ArchWeights weights() {
        return new ArchWeights(space, theta);
    }

    /** The weights are the variables. */
    @Override
    public ArchGradient variableGradient(ArchSample fed, ArchGradient gradient) {
        return ArchGradient.of(gradient.ops());
    }

    @Override
    public void step(ArchWeights grad) {
        for (CellType type : space.cellTypes()) {
            double[][] t = theta.get(type);
            for (int e = 0; e < t.length; e++) {
                t[e] = update(t[e], grad.row(type, e));
            }
        }
        steps++;
    }

    private double[] update(double[] p, double[] g) {
        return update(p, g, lr, weightDecay);
    }

    /** One exponentiated-gradient step of one simplex row (also used for PC-DARTS' edge rows). */
    static double[] update(double[] p, double[] g, double lr, double weightDecay) {
        int n = p.length;
        double[] next = new double[n];
        boolean finite = true;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double gi = g[i] + (weightDecay > 0 ? weightDecay * (Math.log(p[i] * n) + 1) : 0);
            next[i] = p[i] * Math.exp(-lr * gi);
            finite &= Double.isFinite(next[i]);
            total += next[i];
        }
        if (!finite || !(total >= Double.MIN_NORMAL)) {
            // exp overflowed, or every product underflowed (the clamp would reset the edge to
            // uniform): redo the step in the log domain; the clamp then acts after normalizing
            next = logDomainUpdate(p, g, n, lr, weightDecay);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            next[i] = Math.max(next[i], MIN_WEIGHT);
            sum += next[i];
        }
        for (int i = 0; i < n; i++) {
            next[i] /= sum;
        }
        return next;
    }

    private static double[] logDomainUpdate(double[] p, double[] g, int n, double lr, double weightDecay) {
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) {
            double gi = g[i] + (weightDecay > 0 ? weightDecay * (Math.log(p[i] * n) + 1) : 0);
            logits[i] = Math.log(p[i]) - lr * gi;
        }
        return org.geonas.core.space.Simplex.softmax(logits);
    }

    @Override
    public ArchOptimizerState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        ArchMatrices.put(arrays, "theta", theta);
        return new ArchOptimizerState(METHOD, steps, arrays);
    }

    @Override
    public void restore(ArchOptimizerState state) {
        state.requireMethod(METHOD);
        theta = ArchMatrices.get(state, "theta", space);
        steps = state.steps();
    }
}
