package org.geonas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;

class ExponentiatedGradientTest {

    private static final Nb201Space SPACE = Nb201Space.INSTANCE;
    private static final CellType N = CellType.NORMAL;

    static ArchWeights grad(double[][] g) {
        return new ArchWeights(SPACE, Map.of(N, g));
    }

    static ArchWeights zeroGrad() {
        return ArchWeights.filled(SPACE, 0.0);
    }

    /** A gaea optimizer put at the given point through its state. */
    static ExponentiatedGradient at(double[][] theta, double lr, double wd) {
        ExponentiatedGradient opt = new ExponentiatedGradient(SPACE, lr, wd);
        double[] flat = new double[30];
        for (int e = 0; e < 6; e++) {
            System.arraycopy(theta[e], 0, flat, e * 5, 5);
        }
        opt.restore(new ArchOptimizerState("gaea", 0, Map.of("theta.normal", flat)));
        return opt;
    }

    static void assertOnSimplex(ArchWeights w) {
        for (int e = 0; e < 6; e++) {
            double sum = 0;
            for (double v : w.row(N, e)) {
                assertTrue(v >= 0 && Double.isFinite(v), "entry " + v + " on edge " + e);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-12, "edge " + e);
        }
    }

    @Test
    void startsUniform() {
        assertEquals(ArchWeights.uniform(SPACE), new ExponentiatedGradient(SPACE, 0.1, 0).weights());
    }

    @Test
    void oneStepFromUniformIsThetaTimesExpOverZ() {
        double[][] g = {
                {0.0, 1.0, -2.0, 0.5, 3.0},
                {-1.0, -1.0, 2.5, 0.25, 0.0},
                {10.0, -10.0, 0.0, 0.0, 1.0},
                {0.3, 0.3, 0.3, 0.3, 0.3},
                {-0.7, 0.1, 0.2, 0.9, -3.3},
                {5.0, 4.0, 3.0, 2.0, 1.0},
        };
        double lr = 0.1;
        ExponentiatedGradient opt = new ExponentiatedGradient(SPACE, lr, 0.0);
        opt.step(grad(g));
        ArchWeights w = opt.weights();
        for (int e = 0; e < 6; e++) {
            double[] unnorm = new double[5];
            double z = 0;
            for (int i = 0; i < 5; i++) {
                unnorm[i] = 0.2 * Math.exp(-lr * g[e][i]);
                z += unnorm[i];
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(unnorm[i] / z, w.get(N, e, i), 1e-15, "edge " + e + " op " + i);
            }
        }
        // an edge with a constant gradient stays uniform
        for (int i = 0; i < 5; i++) {
            assertEquals(0.2, w.get(N, 3, i), 1e-15);
        }
        // the op with the smallest gradient gains the most
        assertEquals(2, w.argmax(N, 0));
        assertEquals(4, w.argmax(N, 4));
        assertEquals(1L, opt.state().steps());
        assertOnSimplex(w);
    }

    @Test
    void secondStepCompoundsFromTheFirst() {
        double[][] g = new double[6][5];
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                g[e][i] = Math.sin(3 * e + i);
            }
        }
        double lr = 0.3;
        ExponentiatedGradient opt = new ExponentiatedGradient(SPACE, lr, 0.0);
        opt.step(grad(g));
        opt.step(grad(g));
        // two steps with the same gradient = theta0 * exp(-2 lr g) / Z
        for (int e = 0; e < 6; e++) {
            double z = 0;
            for (int i = 0; i < 5; i++) {
                z += Math.exp(-2 * lr * g[e][i]);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(Math.exp(-2 * lr * g[e][i]) / z, opt.weights().get(N, e, i), 1e-14);
            }
        }
    }

    @Test
    void hugeGradientClampsAtMinWeightBeforeRenormalizing() {
        double[][] g = new double[6][5];
        g[0][2] = 1e3; // 0.2 * exp(-100) ~ 7e-45, far below the clamp
        g[5][0] = 5e3;
        g[5][4] = 5e3; // two clamped ops on one edge
        ExponentiatedGradient opt = new ExponentiatedGradient(SPACE, 0.1, 0.0);
        opt.step(grad(g));
        ArchWeights w = opt.weights();
        double z0 = 1e-5 + 4 * 0.2;
        assertEquals(1e-5 / z0, w.get(N, 0, 2), 1e-18);
        assertEquals(0.2 / z0, w.get(N, 0, 0), 1e-15);
        double z5 = 2e-5 + 3 * 0.2;
        assertEquals(2e-5 / z5, w.get(N, 5, 0) + w.get(N, 5, 4), 1e-18);
        assertEquals(0.2 / z5, w.get(N, 5, 2), 1e-15);
        assertEquals(ExponentiatedGradient.MIN_WEIGHT, 1e-5, 0.0);
        assertOnSimplex(w);
        // a clamped op can come back: the clamp keeps it off the boundary of the simplex
        double[][] back = new double[6][5];
        back[0][2] = -200; // 1.25e-5 * exp(20) ~ 6e3 against ~1 for the rest
        opt.step(grad(back));
        assertTrue(opt.weights().get(N, 0, 2) > 0.5, "clamped op recovers: " + opt.weights().row(N, 0)[2]);
    }

    @Test
    void expOverflowFallsBackToLogDomainAndStaysOnTheSimplex() {
        double[][] g = new double[6][5];
        g[1][3] = -1e6; // exp(+1e6) overflows
        g[4][0] = -1e6;
        g[4][1] = -1e6;
        ExponentiatedGradient opt = new ExponentiatedGradient(SPACE, 1.0, 0.0);
        opt.step(grad(g));
        ArchWeights w = opt.weights();
        assertTrue(w.isFinite());
        assertOnSimplex(w);
        // softmax puts (numerically) all mass on the winner; the others are clamped to 1e-5, renormalized
        double z = 1 + 4e-5;
        assertEquals(1 / z, w.get(N, 1, 3), 1e-12);
        assertEquals(1e-5 / z, w.get(N, 1, 0), 1e-15);
        // tie between two overflowing ops: 1/2 each
        assertEquals(0.5 / (1 + 3e-5), w.get(N, 4, 0), 1e-12);
        assertEquals(w.get(N, 4, 0), w.get(N, 4, 1), 0.0);
        // untouched edges stay uniform
        assertEquals(0.2, w.get(N, 0, 0), 1e-15);
    }

    @Test
    void entropicRegularizerPullsTowardsUniform() {
        double[][] theta = new double[6][];
        for (int e = 0; e < 6; e++) {
            theta[e] = new double[] {0.6, 0.2, 0.1, 0.07, 0.03};
            // rotate so every edge differs
            double[] r = new double[5];
            for (int i = 0; i < 5; i++) {
                r[i] = theta[e][(i + e) % 5];
            }
            theta[e] = r;
        }
        double lr = 0.1;
        double wd = 0.5;
        ExponentiatedGradient opt = at(theta, lr, wd);
        ArchWeights before = opt.weights();
        opt.step(zeroGrad());
        ArchWeights after = opt.weights();
        assertOnSimplex(after);
        for (int e = 0; e < 6; e++) {
            assertTrue(after.edgeEntropy(N, e) > before.edgeEntropy(N, e), "entropy increases on edge " + e);
            // golden: theta * exp(-lr * wd * (ln(5 theta) + 1)) / Z
            double[] u = new double[5];
            double z = 0;
            for (int i = 0; i < 5; i++) {
                u[i] = theta[e][i] * Math.exp(-lr * wd * (Math.log(5 * theta[e][i]) + 1));
                z += u[i];
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(u[i] / z, after.get(N, e, i), 1e-15);
            }
        }
        // without the regularizer a zero gradient changes nothing
        ExponentiatedGradient plain = at(theta, lr, 0.0);
        plain.step(zeroGrad());
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                assertEquals(theta[e][i], plain.weights().get(N, e, i), 1e-15);
            }
        }
    }

    @Test
    void uniformIsAFixedPointOfTheRegularizer() {
        ExponentiatedGradient opt = new ExponentiatedGradient(SPACE, 0.1, 0.5);
        for (int s = 0; s < 3; s++) {
            opt.step(zeroGrad());
        }
        ArchWeights w = opt.weights();
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                assertEquals(0.2, w.get(N, e, i), 1e-15);
            }
        }
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new ExponentiatedGradient(SPACE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentiatedGradient(SPACE, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentiatedGradient(SPACE, 0.1, -1e-3));
    }
}
