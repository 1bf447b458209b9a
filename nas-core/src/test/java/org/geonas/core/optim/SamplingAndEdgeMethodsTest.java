package org.geonas.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.DartsSpace;
import org.geonas.core.space.Nb201Space;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.Simplex;
import org.junit.jupiter.api.Test;

/** GDAS sampling and its straight-through gradient, PC-DARTS edge normalization, RS-WS sampling. */
class SamplingAndEdgeMethodsTest {

    private static final SearchSpace NB201 = Nb201Space.INSTANCE;

    @Test
    void gdasSamplesOneOpPerEdgeWithAnnealedTemperature() {
        ArchOptimizer gdas = ArchMethod.GDAS.create(NB201, 3e-4, 1e-3, 1);
        ArchSample s = gdas.sample(new StepContext(42, 0, 10));
        assertEquals(10.0, s.temperature(), 1e-12);
        assertEquals(0.1, gdas.sample(new StepContext(42, 9, 10)).temperature(), 1e-12);
        assertEquals(5.05, gdas.sample(new StepContext(42, 9, 19)).temperature(), 1e-12);
        // the reference's EGDAS: held at 10 through a warm-up, then the same slope from there
        assertEquals(10.0, gdas.sample(new StepContext(42, 4, 10, 5)).temperature(), 1e-12);
        assertEquals(10.0, gdas.sample(new StepContext(42, 5, 10, 5)).temperature(), 1e-12);
        assertEquals(10 - 9.9 * 2 / 9, gdas.sample(new StepContext(42, 7, 10, 5)).temperature(), 1e-12);
        boolean[][] active = s.active(CellType.NORMAL);
        for (int e = 0; e < 6; e++) {
            double[] row = s.values().row(CellType.NORMAL, e);
            int chosen = Simplex.argmax(row);
            assertEquals(1.0, java.util.Arrays.stream(row).sum(), 0.0);
            assertEquals(1.0, row[chosen], 0.0);
            int activeCount = 0;
            for (int o = 0; o < 5; o++) {
                activeCount += active[e][o] ? 1 : 0;
            }
            assertEquals(chosen == 0 ? 0 : 1, activeCount, "at most the sampled op runs");
            assertEquals(chosen, Simplex.argmax(s.soft().row(CellType.NORMAL, e)));
            assertEquals(1.0, java.util.Arrays.stream(s.soft().row(CellType.NORMAL, e)).sum(), 1e-12);
        }
        assertEquals(s.values(), gdas.sample(new StepContext(42, 0, 10)).values(), "same seed, same sample");
    }

    @Test
    void gaeaGdasStepIsTheStraightThroughGradientThroughGumbelSoftmaxGolden() {
        double lr = 0.01;
        ArchOptimizer opt = ArchMethod.GAEA_GDAS.create(NB201, lr, 0.0, 1);
        ArchSample s = opt.sample(new StepContext(7, 3, 10));
        double tau = s.temperature();
        double[][] g = new double[6][5];
        for (int e = 0; e < 6; e++) {
            g[e][Simplex.argmax(s.values().row(CellType.NORMAL, e))] = 0.3 + 0.1 * e; // only the run op has a gradient
        }
        ArchWeights before = opt.weights();
        opt.step(s, ArchGradient.of(new ArchWeights(NB201, Map.of(CellType.NORMAL, g))));
        for (int e = 0; e < 6; e++) {
            double[] soft = s.soft().row(CellType.NORMAL, e);
            double[] theta = before.row(CellType.NORMAL, e);
            double dot = 0;
            for (int o = 0; o < 5; o++) {
                dot += soft[o] * g[e][o];
            }
            double[] expected = new double[5];
            double z = 0;
            for (int o = 0; o < 5; o++) {
                double dTheta = soft[o] * (g[e][o] - dot) / tau / theta[o];
                expected[o] = Math.max(theta[o] * Math.exp(-lr * dTheta), ExponentiatedGradient.MIN_WEIGHT);
                z += expected[o];
            }
            for (int o = 0; o < 5; o++) {
                expected[o] /= z;
            }
            assertArrayEquals(expected, opt.weights().row(CellType.NORMAL, e), 1e-12);
        }
    }

    @Test
    void dartsGdasGradientEqualsTheLogSoftmaxChainRule() {
        SoftmaxAdam reference = new SoftmaxAdam(NB201, 3e-4, 0.5, 0.999, 1e-3, 1);
        ArchOptimizer gdas = ArchMethod.GDAS.create(NB201, 3e-4, 1e-3, 1);
        ArchSample s = gdas.sample(new StepContext(3, 0, 5));
        double[][] g = new double[6][5];
        for (int e = 0; e < 6; e++) {
            g[e][Simplex.argmax(s.values().row(CellType.NORMAL, e))] = 1.0;
        }
        // expected: dL/dalpha = dlogw - w * sum(dlogw), dlogw = soft (g - <soft,g>) / tau, fed to Adam as
        // an equivalent dL/dw = dlogw / w (SoftmaxAdam maps it back through the softmax Jacobian)
        double[][] dw = new double[6][5];
        ArchWeights w = reference.weights();
        for (int e = 0; e < 6; e++) {
            double[] soft = s.soft().row(CellType.NORMAL, e);
            double dot = 0;
            for (int o = 0; o < 5; o++) {
                dot += soft[o] * g[e][o];
            }
            for (int o = 0; o < 5; o++) {
                dw[e][o] = soft[o] * (g[e][o] - dot) / s.temperature() / w.get(CellType.NORMAL, e, o);
            }
        }
        reference.step(new ArchWeights(NB201, Map.of(CellType.NORMAL, dw)));
        gdas.step(s, ArchGradient.of(new ArchWeights(NB201, Map.of(CellType.NORMAL, g))));
        for (int e = 0; e < 6; e++) {
            assertArrayEquals(reference.weights().row(CellType.NORMAL, e), gdas.weights().row(CellType.NORMAL, e), 1e-12);
        }
    }

    @Test
    void gaeaPcDartsEdgeWeightsStartAtOneOverInputsAndStayOnEachNodesSimplex() {
        ArchOptimizer pc = ArchMethod.GAEA_PCDARTS.create(NB201, 0.1, 0.0, 1);
        assertEquals(4, ArchMethod.GAEA_PCDARTS.partialChannels());
        ArchSample s = pc.sample(new StepContext(1, 0, 1));
        assertTrue(s.hasEdgeWeights());
        // NB201 edges 1<-0 | 2<-0 2<-1 | 3<-0 3<-1 3<-2
        assertArrayEquals(new double[] {1, 0.5, 0.5, 1 / 3.0, 1 / 3.0, 1 / 3.0}, s.edgeWeights(CellType.NORMAL), 1e-15);
        Map<CellType, double[]> edgeGrad = new EnumMap<>(CellType.class);
        edgeGrad.put(CellType.NORMAL, new double[] {0.4, 1.0, -1.0, 0.5, 0.0, -0.5});
        pc.step(s, new ArchGradient(ArchWeights.filled(NB201, 0.0), edgeGrad));
        double[] after = pc.sample(new StepContext(1, 0, 1)).edgeWeights(CellType.NORMAL);
        assertEquals(1.0, after[0], 1e-12);
        assertEquals(1.0, after[1] + after[2], 1e-12);
        assertEquals(1.0, after[3] + after[4] + after[5], 1e-12);
        double z = 0.5 * Math.exp(-0.1) + 0.5 * Math.exp(0.1);
        assertEquals(0.5 * Math.exp(-0.1) / z, after[1], 1e-12, "exponentiated gradient on node 2's simplex");
        assertTrue(after[5] > after[4] && after[4] > after[3]);
        ArchWeights derivation = pc.derivationWeights();
        assertEquals(pc.weights().get(CellType.NORMAL, 4, 3) * after[4], derivation.get(CellType.NORMAL, 4, 3), 1e-15);
    }

    @Test
    void pcDartsEdgeLogitsUseAdamAndStateRoundTrips() {
        ArchOptimizer a = ArchMethod.PCDARTS.create(DartsSpace.INSTANCE, 3e-4, 1e-3, 5);
        ArchOptimizer b = ArchMethod.PCDARTS.create(DartsSpace.INSTANCE, 3e-4, 1e-3, 99);
        ArchSample s = a.sample(new StepContext(1, 0, 1));
        Map<CellType, double[]> edgeGrad = new EnumMap<>(CellType.class);
        for (CellType t : DartsSpace.INSTANCE.cellTypes()) {
            double[] g = new double[14];
            for (int e = 0; e < 14; e++) {
                g[e] = Math.sin(e + t.ordinal());
            }
            edgeGrad.put(t, g);
        }
        ArchGradient grad = new ArchGradient(ArchWeights.filled(DartsSpace.INSTANCE, 0.01), edgeGrad);
        a.step(s, grad);
        b.restore(a.state());
        a.step(s, grad);
        b.step(s, grad);
        assertEquals(a.weights(), b.weights());
        for (CellType t : DartsSpace.INSTANCE.cellTypes()) {
            assertArrayEquals(a.sample(new StepContext(2, 0, 1)).edgeWeights(t), b.sample(new StepContext(2, 0, 1)).edgeWeights(t),
                    0.0);
        }
    }

    @Test
    void randomSearchSamplesUniformlyAndLearnsNothing() {
        ArchOptimizer rs = ArchMethod.RSWS.create(NB201, 1, 0, 0);
        int[] counts = new int[5];
        for (int i = 0; i < 2000; i++) {
            ArchSample s = rs.sample(new StepContext(i, 0, 1));
            for (int e = 0; e < 6; e++) {
                counts[Simplex.argmax(s.values().row(CellType.NORMAL, e))]++;
            }
        }
        for (int c : counts) {
            assertEquals(12000 / 5.0, c, 150, "each op about a fifth of the time");
        }
        rs.step(rs.sample(new StepContext(1, 0, 1)), ArchGradient.of(ArchWeights.filled(NB201, 1.0)));
        assertEquals(ArchWeights.uniform(NB201), rs.weights());
        assertNotEquals(rs.sample(new StepContext(1, 0, 1)).values(), rs.sample(new StepContext(2, 0, 1)).values());
        assertTrue(ArchMethod.RSWS.selectsByValidation());
    }
}
