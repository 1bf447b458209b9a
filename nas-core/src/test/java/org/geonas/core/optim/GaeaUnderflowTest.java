package org.geonas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;

/**
 * NOT COPIED TO /work/main: demonstrates a main-code defect. An exponentiated-gradient step is
 * invariant to adding a constant to an edge's gradient (it cancels in the normalization), and
 * ExponentiatedGradient honours that when exp overflows (log-domain fallback), but not when
 * every entry of theta * exp(-lr * g) underflows to 0: then all are clamped to 1e-5 and the
 * edge is reset to uniform.
 */
class GaeaUnderflowTest {

    @Test
    void largePositiveGradientShiftDoesNotResetTheEdge() {
        Nb201Space space = Nb201Space.INSTANCE;
        double[][] g = new double[6][5];
        double[][] shifted = new double[6][5];
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                g[e][i] = i; // lr 1: weights proportional to exp(-i)
                shifted[e][i] = i + 1e4; // same step mathematically: exp(-1e4) cancels in Z
            }
        }
        ExponentiatedGradient a = new ExponentiatedGradient(space, 1.0, 0.0);
        ExponentiatedGradient b = new ExponentiatedGradient(space, 1.0, 0.0);
        a.step(new ArchWeights(space, Map.of(CellType.NORMAL, g)));
        b.step(new ArchWeights(space, Map.of(CellType.NORMAL, shifted)));
        double z = 0;
        for (int i = 0; i < 5; i++) {
            z += Math.exp(-i);
        }
        assertEquals(1 / z, a.weights().get(CellType.NORMAL, 0, 0), 1e-12); // passes
        // the negative shift (overflow) is handled: same result
        double[][] negShifted = new double[6][5];
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                negShifted[e][i] = i - 1e4;
            }
        }
        ExponentiatedGradient c = new ExponentiatedGradient(space, 1.0, 0.0);
        c.step(new ArchWeights(space, Map.of(CellType.NORMAL, negShifted)));
        assertEquals(1 / z, c.weights().get(CellType.NORMAL, 0, 0), 1e-12); // passes
        // the positive shift (underflow) is not: b is uniform, 0.2 instead of 0.636
        assertEquals(1 / z, b.weights().get(CellType.NORMAL, 0, 0), 1e-12); // FAILS
    }
}
