package org.geonas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;

class ArchMethodTest {

    private static final Nb201Space SPACE = Nb201Space.INSTANCE;

    @Test
    void fromIdFindsTheMethods() {
        assertSame(ArchMethod.GAEA, ArchMethod.fromId("gaea"));
        assertSame(ArchMethod.DARTS, ArchMethod.fromId("darts"));
        assertEquals("gaea", ArchMethod.GAEA.id());
        assertEquals("darts", ArchMethod.DARTS.id());
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArchMethod.fromId("gdas_x"));
        assertEquals("unknown method 'gdas_x'; known: darts, gaea, pcdarts, gaea-pcdarts, gdas, gaea-gdas, rsws", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArchMethod.fromId("GAEA"));
    }

    @Test
    void defaultsAreThePapers() {
        assertEquals(0.1, ArchMethod.GAEA.defaultLr(), 0.0);
        assertEquals(0.0, ArchMethod.GAEA.defaultWeightDecay(), 0.0);
        assertEquals(3e-4, ArchMethod.DARTS.defaultLr(), 0.0);
        assertEquals(1e-3, ArchMethod.DARTS.defaultWeightDecay(), 0.0);
    }

    @Test
    void createBuildsTheMethodsOptimizerWithItsHyperParameters() {
        ArchOptimizer gaea = ArchMethod.GAEA.create(SPACE, 0.1, 0.0, 0);
        assertInstanceOf(ExponentiatedGradient.class, gaea);
        assertEquals(ArchWeights.uniform(SPACE), gaea.weights());
        assertEquals("gaea", gaea.state().method());

        ArchOptimizer darts = ArchMethod.DARTS.create(SPACE, 3e-4, 1e-3, 17);
        assertInstanceOf(SoftmaxAdam.class, darts);
        assertEquals("darts", darts.state().method());
        // same as an explicit SoftmaxAdam with betas (0.5, 0.999) and the same seed, step for step
        SoftmaxAdam explicit = new SoftmaxAdam(SPACE, 3e-4, 0.5, 0.999, 1e-3, 17);
        assertEquals(explicit.weights(), darts.weights());
        double[][] g = new double[6][5];
        for (int e = 0; e < 6; e++) {
            for (int i = 0; i < 5; i++) {
                g[e][i] = (e + 1) * (i - 2) * 0.1 + ((e * 7 + i * 3) % 5) * 0.05;
            }
        }
        ArchWeights grad = new ArchWeights(SPACE, Map.of(CellType.NORMAL, g));
        for (int s = 0; s < 3; s++) {
            // beta2 shows up from the second step on, beta1 from the second too
            darts.step(grad);
            explicit.step(grad);
            assertEquals(explicit.weights(), darts.weights());
        }
        SoftmaxAdam otherBetas = new SoftmaxAdam(SPACE, 3e-4, 0.9, 0.999, 1e-3, 17);
        for (int s = 0; s < 3; s++) {
            otherBetas.step(grad);
        }
        assertTrue(!otherBetas.weights().equals(darts.weights()), "beta1 = 0.5 matters");
    }
}
