package org.geonas.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchWeightsTest {

    private static final Nb201Space SPACE = Nb201Space.INSTANCE;

    private static ArchWeights of(double[][] m) {
        return new ArchWeights(SPACE, Map.of(CellType.NORMAL, m));
    }

    @Test
    void entropyOfUniformIsLnFiveAndOfOneHotIsZero() {
        assertEquals(Math.log(5), Simplex.entropy(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}), 1e-15);
        assertEquals(0.0, Simplex.entropy(new double[] {0, 0, 1, 0, 0}), 0.0);
        // by hand: -(0.5 ln 0.5 + 2 * 0.25 ln 0.25)
        assertEquals(1.5 * Math.log(2), Simplex.entropy(new double[] {0.5, 0.25, 0.25}), 1e-15);
        ArchWeights uniform = ArchWeights.uniform(SPACE);
        for (int e = 0; e < 6; e++) {
            assertEquals(Math.log(5), uniform.edgeEntropy(CellType.NORMAL, e), 1e-15);
        }
        assertEquals(Math.log(5), uniform.meanEntropy(), 1e-15);
        assertEquals(0.0, ArchWeights.oneHot(new Nb201Architecture(new int[] {0, 1, 2, 3, 4, 0})).meanEntropy(), 0.0);
    }

    @Test
    void meanEntropyAveragesTheEdges() {
        double[][] m = new double[6][];
        m[0] = new double[] {1, 0, 0, 0, 0};
        m[1] = new double[] {0.2, 0.2, 0.2, 0.2, 0.2};
        m[2] = new double[] {0.5, 0.5, 0, 0, 0};
        m[3] = new double[] {0.25, 0.25, 0.25, 0.25, 0};
        m[4] = new double[] {0, 0, 0, 0, 1};
        m[5] = new double[] {0.1, 0.2, 0.3, 0.4, 0.0};
        double h5 = -(0.1 * Math.log(0.1) + 0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.4 * Math.log(0.4));
        double expected = (0 + Math.log(5) + Math.log(2) + Math.log(4) + 0 + h5) / 6;
        ArchWeights w = of(m);
        assertEquals(expected, w.meanEntropy(), 1e-14);
        assertEquals(Math.log(2), w.edgeEntropy(CellType.NORMAL, 2), 1e-15);
    }

    @Test
    void softmaxAndArgmax() {
        double[] p = Simplex.softmax(new double[] {1000, 1000 + Math.log(3)});
        assertEquals(0.25, p[0], 1e-12);
        assertEquals(0.75, p[1], 1e-12);
        assertEquals(2, Simplex.argmax(new double[] {0.1, 0.3, 0.4, 0.4}));
    }

    @Test
    void oneHotPutsOneOnTheChosenOp() {
        Nb201Architecture a = new Nb201Architecture(new int[] {3, 0, 4, 1, 2, 3});
        ArchWeights w = ArchWeights.oneHot(a);
        int[] ops = a.opIndices(CellType.NORMAL);
        for (int e = 0; e < 6; e++) {
            for (int o = 0; o < 5; o++) {
                assertEquals(o == ops[e] ? 1.0 : 0.0, w.get(CellType.NORMAL, e, o), 0.0);
            }
        }
        float[] flat = w.flatFloats(CellType.NORMAL);
        assertEquals(30, flat.length);
        assertEquals(1f, flat[2 * 5 + 4], 0f);
        assertEquals(0f, flat[2 * 5 + 3], 0f);
        assertEquals(a, SPACE.derive(w));
    }

    @Test
    void uniformAndFilled() {
        ArchWeights u = ArchWeights.uniform(SPACE);
        for (int e = 0; e < 6; e++) {
            assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, u.row(CellType.NORMAL, e), 0.0);
        }
        assertTrue(u.isFinite());
        assertFalse(ArchWeights.filled(SPACE, Double.NaN).isFinite());
        assertEquals(u, ArchWeights.filled(SPACE, 0.2));
        assertEquals(u.hashCode(), ArchWeights.filled(SPACE, 0.2).hashCode());
        assertNotEquals(u, ArchWeights.filled(SPACE, 0.1));
        assertSame(SPACE, u.space());
        assertEquals(java.util.List.of("normal"), java.util.List.copyOf(u.toMap().keySet()));
    }

    @Test
    void isImmutable() {
        double[][] m = new double[6][5];
        m[0][1] = 1;
        ArchWeights w = of(m);
        m[0][1] = 7; // copied in
        assertEquals(1.0, w.get(CellType.NORMAL, 0, 1), 0.0);
        w.matrix(CellType.NORMAL)[0][1] = 7; // copied out
        w.row(CellType.NORMAL, 0)[1] = 7;
        assertEquals(1.0, w.get(CellType.NORMAL, 0, 1), 0.0);
    }

    @Test
    void rejectsWrongShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(new double[5][5]));
        assertTrue(e.getMessage().contains("expected 6 edge rows for cell type normal of space nb201"), e.getMessage());
        double[][] ragged = new double[6][5];
        ragged[3] = new double[4];
        e = assertThrows(IllegalArgumentException.class, () -> of(ragged));
        assertTrue(e.getMessage().contains("expected 5 ops on edge 3 of cell type normal, got 4"), e.getMessage());
        Map<CellType, double[][]> missing = new EnumMap<>(CellType.class);
        missing.put(CellType.REDUCE, new double[6][5]);
        e = assertThrows(IllegalArgumentException.class, () -> new ArchWeights(SPACE, missing));
        assertTrue(e.getMessage().contains("cell type normal"), e.getMessage());
    }

    @Test
    void searchSpacesById() {
        assertSame(Nb201Space.INSTANCE, SearchSpaces.byId("nb201"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpaces.byId("darts_cnn"));
        assertEquals("unknown search space 'darts_cnn'; known: darts, nb201", e.getMessage());
    }

    @Test
    void edgeValidates() {
        assertEquals("3<-1", new Edge(3, 1).label());
        assertThrows(IllegalArgumentException.class, () -> new Edge(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Edge(1, -1));
    }
}
