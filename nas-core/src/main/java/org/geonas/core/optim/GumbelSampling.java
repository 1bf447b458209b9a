package org.geonas.core.optim;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.Simplex;

/**
 * GDAS: each step samples one op per edge by Gumbel-softmax of the log-weights at temperature
 * tau (annealed linearly from {@link #TAU_MAX} towards {@link #TAU_MIN} over the epochs, see
 * {@link #temperature}) and runs
 * only that op (straight-through: the hard one-hot goes forward, its gradient is taken as the
 * soft sample's). The gradient is mapped back to the weights of the underlying parameterization:
 * softmax logits with Adam (GDAS) or the simplex with exponentiated gradient (GAEA-GDAS).
 */
final class GumbelSampling implements ArchOptimizer {

    static final double TAU_MAX = 10.0;
    static final double TAU_MIN = 0.1;

    private final ArchOptimizer base;
    private final SearchSpace space;
    private final String method;

    GumbelSampling(ArchOptimizer base, SearchSpace space, String method) {
        this.base = base;
        this.space = space;
        this.method = method;
    }

    /**
     * Held at the maximum through the warm-up, then falling by (max - min) / (epochs - 1) per epoch,
     * as the GAEA reference's EGDAS does (so after a warm-up it stops short of the minimum).
     */
    static double temperature(int epoch, int epochs, int warmupEpochs) {
        return TAU_MAX - (TAU_MAX - TAU_MIN) * Math.max(epoch - warmupEpochs, 0) / Math.max(1, epochs - 1);
    }

    @Override
    public ArchWeights weights() {
        return base.weights();
    }

    @Override
    public ArchSample sample(StepContext context) {
        double tau = temperature(context.epoch(), context.epochs(), context.warmupEpochs());
        SplittableRandom random = new SplittableRandom(context.seed());
        ArchWeights w = base.weights();
        Map<CellType, int[]> chosen = new EnumMap<>(CellType.class);
        Map<CellType, double[][]> soft = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            double[][] m = w.matrix(type);
            int[] index = new int[m.length];
            double[][] s = new double[m.length][];
            for (int e = 0; e < m.length; e++) {
                double[] z = new double[m[e].length];
                for (int o = 0; o < z.length; o++) {
                    double u = Math.max(random.nextDouble(), Double.MIN_NORMAL);
                    z[o] = (Math.log(m[e][o]) - Math.log(-Math.log(u))) / tau;
                }
                s[e] = Simplex.softmax(z);
                index[e] = Simplex.argmax(s[e]);
            }
            chosen.put(type, index);
            soft.put(type, s);
        }
        return ArchSample.oneHot(space, chosen, new ArchWeights(space, soft), tau);
    }

    @Override
    public ArchGradient variableGradient(ArchSample fed, ArchGradient gradient) {
        return base.variableGradient(ArchSample.dense(base.weights()), ArchGradient.of(weightGradient(fed, gradient)));
    }

    @Override
    public void step(ArchSample fed, ArchGradient gradient) {
        base.step(weightGradient(fed, gradient));
    }

    /** Straight-through: dL/dsoft = dL/dhard; then through the softmax, 1/tau and log w to dL/dw. */
    private ArchWeights weightGradient(ArchSample fed, ArchGradient gradient) {
        ArchWeights w = base.weights();
        double tau = fed.temperature();
        Map<CellType, double[][]> dw = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            double[][] soft = fed.soft().matrix(type);
            double[][] weights = w.matrix(type);
            double[][] out = new double[soft.length][];
            for (int e = 0; e < soft.length; e++) {
                double[] gs = gradient.ops().row(type, e);
                double dot = 0;
                for (int o = 0; o < gs.length; o++) {
                    dot += soft[e][o] * gs[o];
                }
                out[e] = new double[gs.length];
                for (int o = 0; o < gs.length; o++) {
                    double dLogW = soft[e][o] * (gs[o] - dot) / tau;
                    out[e][o] = dLogW / weights[e][o];
                }
            }
            dw.put(type, out);
        }
        return new ArchWeights(space, dw);
    }

    @Override
    public void step(ArchWeights gradWrtWeights) {
        base.step(gradWrtWeights);
    }

    @Override
    public ArchOptimizerState state() {
        ArchOptimizerState inner = base.state();
        return new ArchOptimizerState(method, inner.steps(), inner.arrays());
    }

    @Override
    public void restore(ArchOptimizerState state) {
        state.requireMethod(method);
        base.restore(new ArchOptimizerState(base.state().method(), state.steps(), state.arrays()));
    }
}
