package org.geonas.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;

class SoftmaxAdamTest {

    private static final Nb201Space SPACE = Nb201Space.INSTANCE;
    private static final CellType N = CellType.NORMAL;
    private static final double LR = 3e-4;
    private static final double B1 = 0.5;
    private static final double B2 = 0.999;
    private static final double WD = 1e-3;

    private static double[][] logits0() {
        double[][] a = new double[6][5];
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                a[e][i] = 0.3 * Math.cos(1.7 * e + 0.9 * i) - 0.1 * i;
            }
        }
        return a;
    }

    private static double[][] gradient(double phase) {
        double[][] g = new double[6][5];
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                g[e][i] = Math.sin(phase + 2.3 * e - 1.1 * i) * (1 + e);
            }
        }
        return g;
    }

    private static double[] softmaxByHand(double[] a) {
        double[] w = new double[a.length];
        double z = 0;
        for (int i = 0; i < a.length; i++) {
            w[i] = Math.exp(a[i]);
            z += w[i];
        }
        for (int i = 0; i < a.length; i++) {
            w[i] /= z;
        }
        return w;
    }

    /** dL/dalpha = w * (g - <w, g>) + wd * alpha, by hand. */
    private static double[] logitGradient(double[] a, double[] g) {
        double[] w = softmaxByHand(a);
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += w[i] * g[i];
        }
        double[] ga = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ga[i] = w[i] * (g[i] - dot) + WD * a[i];
        }
        return ga;
    }

    private static SoftmaxAdam optimizer(long seed) {
        return new SoftmaxAdam(SPACE, LR, B1, B2, WD, seed);
    }

    @Test
    void oneAdamStepMatchesTheHandComputedUpdate() {
        SoftmaxAdam opt = optimizer(1);
        double[][] a = logits0();
        opt.setLogits(N, a);
        double[][] g = gradient(0.4);
        opt.step(new ArchWeights(SPACE, Map.of(N, g)));
        double[][] got = opt.logits(N);
        for (int e = 0; e < 6; e++) {
            double[] ga = logitGradient(a[e], g[e]);
            for (int i = 0; i < 5; i++) {
                double m = (1 - B1) * ga[i];
                double v = (1 - B2) * ga[i] * ga[i];
                double mHat = m / (1 - B1);
                double vHat = v / (1 - B2);
                double expected = a[e][i] - LR * mHat / (Math.sqrt(vHat) + 1e-8);
                assertEquals(expected, got[e][i], 1e-12, "edge " + e + " op " + i);
                // the first Adam step moves every logit by about lr against the sign of its gradient
                assertEquals(-Math.signum(ga[i]) * LR, got[e][i] - a[e][i], 1e-8);
            }
            // weights are the softmax of the logits
            assertArrayEquals(softmaxByHand(got[e]), opt.weights().row(N, e), 1e-15);
        }
    }

    @Test
    void secondStepUsesBiasCorrectionsOfStepTwo() {
        SoftmaxAdam opt = optimizer(1);
        double[][] a = logits0();
        opt.setLogits(N, a);
        double[][] g1 = gradient(0.4);
        double[][] g2 = gradient(2.0);
        opt.step(new ArchWeights(SPACE, Map.of(N, g1)));
        opt.step(new ArchWeights(SPACE, Map.of(N, g2)));
        double[][] got = opt.logits(N);
        for (int e = 0; e < 6; e++) {
            double[] a1 = new double[5];
            double[] m = new double[5];
            double[] v = new double[5];
            double[] ga1 = logitGradient(a[e], g1[e]);
            for (int i = 0; i < 5; i++) {
                m[i] = (1 - B1) * ga1[i];
                v[i] = (1 - B2) * ga1[i] * ga1[i];
                a1[i] = a[e][i] - LR * (m[i] / (1 - B1)) / (Math.sqrt(v[i] / (1 - B2)) + 1e-8);
            }
            double[] ga2 = logitGradient(a1, g2[e]);
            for (int i = 0; i < 5; i++) {
                double m2 = B1 * m[i] + (1 - B1) * ga2[i];
                double v2 = B2 * v[i] + (1 - B2) * ga2[i] * ga2[i];
                double mHat = m2 / (1 - B1 * B1);
                double vHat = v2 / (1 - B2 * B2);
                double expected = a1[i] - LR * mHat / (Math.sqrt(vHat) + 1e-8);
                assertEquals(expected, got[e][i], 1e-12, "edge " + e + " op " + i);
            }
        }
        assertEquals(2L, opt.state().steps());
    }

    @Test
    void initialLogitsAreSmallAndSeeded() {
        double[][] a = optimizer(11).logits(N);
        double sumSq = 0;
        for (double[] row : a) {
            for (double v : row) {
                assertTrue(Math.abs(v) < 6e-3, "logit " + v);
                sumSq += v * v;
            }
        }
        double rms = Math.sqrt(sumSq / 30);
        assertTrue(rms > 4e-4 && rms < 2e-3, "rms of 30 draws of 1e-3 N(0,1): " + rms);
        assertTrue(Arrays.deepEquals(a, optimizer(11).logits(N)), "same seed, same logits");
        assertFalse(Arrays.deepEquals(a, optimizer(12).logits(N)), "another seed, other logits");
        // the weights start next to the centre of the simplex, but not exactly on it
        ArchWeights w = optimizer(11).weights();
        for (int e = 0; e < 6; e++) {
            double sum = 0;
            for (double p : w.row(N, e)) {
                assertEquals(0.2, p, 3e-3);
                sum += p;
            }
            assertEquals(1.0, sum, 1e-15);
        }
        assertNotEquals(ArchWeights.uniform(SPACE), w);
    }

    @Test
    void logitsAccessorsCopy() {
        SoftmaxAdam opt = optimizer(3);
        double[][] a = logits0();
        opt.setLogits(N, a);
        a[0][0] = 99;
        assertNotEquals(99.0, opt.logits(N)[0][0]);
        opt.logits(N)[0][0] = 99;
        assertNotEquals(99.0, opt.logits(N)[0][0]);
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        SoftmaxAdam a = optimizer(5);
        a.step(new ArchWeights(SPACE, Map.of(N, gradient(0.1))));
        a.step(new ArchWeights(SPACE, Map.of(N, gradient(0.7))));
        ArchOptimizerState state = a.state();
        assertEquals("darts", state.method());
        assertEquals(2L, state.steps());
        assertEquals(java.util.Set.of("alpha.normal", "adam_m.normal", "adam_v.normal"), state.arrays().keySet());

        SoftmaxAdam b = optimizer(99); // different starting logits, overwritten by restore
        b.restore(state);
        assertEquals(a.weights(), b.weights());
        ArchWeights g = new ArchWeights(SPACE, Map.of(N, gradient(1.3)));
        a.step(g);
        b.step(g);
        assertEquals(a.weights(), b.weights()); // exactly: same moments, same step count
        assertTrue(Arrays.deepEquals(a.logits(N), b.logits(N)));

        // the state is a snapshot: later steps do not change it
        double[] alphaBefore = state.array("alpha.normal");
        a.step(g);
        assertArrayEquals(alphaBefore, state.array("alpha.normal"), 0.0);
        state.array("alpha.normal")[0] = 42; // array() copies
        assertArrayEquals(alphaBefore, state.array("alpha.normal"), 0.0);

        // restoring without the moments would continue differently: step count matters
        SoftmaxAdam c = optimizer(99);
        c.restore(new ArchOptimizerState("darts", 0, state.arrays()));
        SoftmaxAdam d = optimizer(99);
        d.restore(state);
        c.step(g);
        d.step(g);
        assertNotEquals(c.weights(), d.weights());
    }

    @Test
    void restoreChecksTheMethodAndTheArrays() {
        ArchOptimizerState darts = optimizer(1).state();
        ExponentiatedGradient gaea = new ExponentiatedGradient(SPACE, 0.1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gaea.restore(darts));
        assertEquals("cannot restore a darts optimizer state into gaea", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> optimizer(1).restore(gaea.state()));
        assertEquals("cannot restore a gaea optimizer state into darts", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> optimizer(1).restore(new ArchOptimizerState("darts", 1, Map.of("alpha.normal", new double[30]))));
        assertTrue(e.getMessage().contains("lacks 'adam_m.normal'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gaea.restore(new ArchOptimizerState("gaea", 1, Map.of("theta.normal", new double[29]))));
        assertTrue(e.getMessage().contains("29 values, expected 30"), e.getMessage());
    }

    @Test
    void gaeaStateRoundTripContinuesIdentically() {
        ExponentiatedGradient a = new ExponentiatedGradient(SPACE, 0.1, 0.01);
        a.step(new ArchWeights(SPACE, Map.of(N, gradient(0.2))));
        ExponentiatedGradient b = new ExponentiatedGradient(SPACE, 0.1, 0.01);
        b.restore(a.state());
        assertEquals(1L, b.state().steps());
        ArchWeights g = new ArchWeights(SPACE, Map.of(N, gradient(0.9)));
        a.step(g);
        b.step(g);
        assertEquals(a.weights(), b.weights());
        assertNotEquals(ArchWeights.uniform(SPACE), a.weights());
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxAdam(SPACE, 0, B1, B2, WD, 0));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxAdam(SPACE, LR, 1.0, B2, WD, 0));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxAdam(SPACE, LR, B1, -0.1, WD, 0));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxAdam(SPACE, LR, B1, B2, -1, 0));
    }
}
