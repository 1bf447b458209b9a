package org.geonas.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.Simplex;

/**
 * DARTS: logits {@code alpha ~ 1e-3 N(0,1)}, weights {@code softmax(alpha)} per edge, updated by
 * Adam with L2 weight decay added to the gradient (PyTorch's {@code Adam(weight_decay=...)}).
 * The gradient with respect to the weights is mapped through the softmax Jacobian:
 * {@code dL/dalpha = w * (g - <w, g>)}.
 */
public final class SoftmaxAdam implements ArchOptimizer {

    /** The id of this method in specs and tables. */
    public static final String METHOD = "darts";
    /** Scale of the initial logits. */
    public static final double INIT_SCALE = 1e-3;
    private static final double EPS = 1e-8;

    private final SearchSpace space;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private Map<CellType, double[][]> alpha;
    private Map<CellType, double[][]> m;
    private Map<CellType, double[][]> v;
    private long steps;

    public SoftmaxAdam(SearchSpace space, double lr, double beta1, double beta2, double weightDecay, long seed) {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("darts needs lr > 0, betas in [0,1) and weight decay >= 0");
        }
        this.space = space;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        this.alpha = ArchMatrices.zeros(space);
        SplittableRandom random = new SplittableRandom(seed);
        for (CellType type : space.cellTypes()) {
            for (double[] row : alpha.get(type)) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = INIT_SCALE * random.nextGaussian();
                }
            }
        }
        this.m = ArchMatrices.zeros(space);
        this.v = ArchMatrices.zeros(space);
    }

    /** The current logits (a copy), for tests and inspection. */
    public double[][] logits(CellType type) {
        double[][] a = alpha.get(type);
        double[][] out = new double[a.length][];
        for (int e = 0; e < a.length; e++) {
            out[e] = a[e].clone();
        }
        return out;
    }

    /** Replaces the logits, e.g. to start from a known point in a test. */
    public void setLogits(CellType type, double[][] logits) {
        double[][] a = alpha.get(type);
        for (int e = 0; e < a.length; e++) {
            a[e] = logits[e].clone();
        }
    }

    @Override
    public ArchWeights weights() {
        Map<CellType, double[][]> w = ArchMatrices.zeros(space);
        for (CellType type : space.cellTypes()) {
            double[][] a = alpha.get(type);
            for (int e = 0; e < a.length; e++) {
                w.get(type)[e] = Simplex.softmax(a[e]);
            }
        }
        return new ArchWeights(space, w);
    }

    @Override
    public ArchGradient variableGradient(ArchSample fed, ArchGradient gradient) {
        return ArchGradient.of(logitGradient(gradient.ops()));
    }

    /** Through the softmax of each edge: {@code dL/dalpha = w * (g - <w, g>)}. */
    private ArchWeights logitGradient(ArchWeights gradWrtWeights) {
        Map<CellType, double[][]> out = ArchMatrices.zeros(space);
        for (CellType type : space.cellTypes()) {
            double[][] a = alpha.get(type);
            for (int e = 0; e < a.length; e++) {
                double[] w = Simplex.softmax(a[e]);
                double[] g = gradWrtWeights.row(type, e);
                double dot = 0;
                for (int i = 0; i < w.length; i++) {
                    dot += w[i] * g[i];
                }
                for (int i = 0; i < w.length; i++) {
                    out.get(type)[e][i] = w[i] * (g[i] - dot);
                }
            }
        }
        return new ArchWeights(space, out);
    }

    @Override
    public void step(ArchWeights gradWrtWeights) {
        ArchWeights logitGradient = logitGradient(gradWrtWeights);
        steps++;
        double bias1 = 1 - Math.pow(beta1, steps);
        double bias2 = 1 - Math.pow(beta2, steps);
        for (CellType type : space.cellTypes()) {
            double[][] a = alpha.get(type);
            for (int e = 0; e < a.length; e++) {
                double[] g = logitGradient.row(type, e);
                double[] me = m.get(type)[e];
                double[] ve = v.get(type)[e];
                for (int i = 0; i < g.length; i++) {
                    double ga = g[i] + weightDecay * a[e][i];
                    me[i] = beta1 * me[i] + (1 - beta1) * ga;
                    ve[i] = beta2 * ve[i] + (1 - beta2) * ga * ga;
                    double mHat = me[i] / bias1;
                    double vHat = ve[i] / bias2;
                    a[e][i] -= lr * mHat / (Math.sqrt(vHat) + EPS);
                }
            }
        }
    }

    @Override
    public ArchOptimizerState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        ArchMatrices.put(arrays, "alpha", alpha);
        ArchMatrices.put(arrays, "adam_m", m);
        ArchMatrices.put(arrays, "adam_v", v);
        return new ArchOptimizerState(METHOD, steps, arrays);
    }

    @Override
    public void restore(ArchOptimizerState state) {
        state.requireMethod(METHOD);
        alpha = ArchMatrices.get(state, "alpha", space);
        m = ArchMatrices.get(state, "adam_m", space);
        v = ArchMatrices.get(state, "adam_v", space);
        steps = state.steps();
    }
}
