package org.geonas.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DartsSpaceTest {

    private static final DartsSpace SPACE = DartsSpace.INSTANCE;
    private static final int NONE = 0;
    private static final int MAX_POOL = 1;
    private static final int AVG_POOL = 2;
    private static final int SKIP = 3;
    private static final int SEP3 = 4;
    private static final int SEP5 = 5;
    private static final int DIL3 = 6;
    private static final int DIL5 = 7;

    /** Random genotypes, each node's pairs in random order. */
    static DartsGenotype randomGenotype(SplittableRandom random) {
        return new DartsGenotype(randomCell(random), randomCell(random));
    }

    private static List<DartsGenotype.Pair> randomCell(SplittableRandom random) {
        List<DartsGenotype.Pair> pairs = new ArrayList<>();
        for (int node = 2; node < 6; node++) {
            int a = random.nextInt(node);
            int b = (a + 1 + random.nextInt(node - 1)) % node;
            pairs.add(new DartsGenotype.Pair(SPACE.ops().get(1 + random.nextInt(7)), a));
            pairs.add(new DartsGenotype.Pair(SPACE.ops().get(1 + random.nextInt(7)), b));
        }
        return pairs;
    }

    @Test
    void spaceShape() {
        assertEquals("darts", SPACE.id());
        assertEquals(List.of("none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
                "dil_conv_3x3", "dil_conv_5x5"), SPACE.ops());
        assertEquals(List.of(CellType.NORMAL, CellType.REDUCE), SPACE.cellTypes());
        List<String> labels = List.of("2<-0", "2<-1", "3<-0", "3<-1", "3<-2", "4<-0", "4<-1", "4<-2", "4<-3",
                "5<-0", "5<-1", "5<-2", "5<-3", "5<-4");
        for (CellType type : CellType.values()) {
            assertEquals(labels, SPACE.edges(type).stream().map(Edge::label).toList());
        }
        assertEquals(6, DartsSpace.NODES);
        assertEquals(2, DartsSpace.INPUTS);
        assertEquals(List.of(2, 3, 4, 5), DartsSpace.CONCAT);
        for (int e = 0; e < 14; e++) {
            Edge edge = SPACE.edges(CellType.NORMAL).get(e);
            assertEquals(e, DartsSpace.edgeIndex(edge.to(), edge.from()));
        }
        assertThrows(IllegalArgumentException.class, () -> DartsSpace.edgeIndex(1, 0));
        assertThrows(IllegalArgumentException.class, () -> DartsSpace.edgeIndex(6, 0));
        assertThrows(IllegalArgumentException.class, () -> DartsSpace.edgeIndex(3, 3));
        assertEquals(SEP5, SPACE.opIndex("sep_conv_5x5"));
        assertThrows(UnknownOpException.class, () -> SPACE.opIndex("nor_conv_3x3"));
    }

    @Test
    void registered() {
        assertSame(SPACE, SearchSpaces.byId("darts"));
        assertSame(Nb201Space.INSTANCE, SearchSpaces.byId("nb201"));
    }

    private static double[] row(int op, double value, double rest) {
        double[] r = new double[8];
        Arrays.fill(r, rest);
        r[op] = value;
        return r;
    }

    @Test
    void deriveKeepsTheTwoStrongestEdgesByNonNoneWeightAndTheirStrongestNonNoneOp() {
        double[][] normal = new double[14][];
        // node 2: both edges kept, the stronger first; none is largest on 2<-0 but never chosen
        normal[0] = new double[] {0.90, 0.01, 0.02, 0.01, 0.03, 0.01, 0.01, 0.01}; // -> sep3 (0.03)
        normal[1] = row(DIL5, 0.5, 0.5 / 7); // -> dil5
        // node 3: 3<-2 strongest (0.6), then 3<-0 (0.4); 3<-1 has none at 0.95 but non-none max 0.01
        normal[2] = row(SKIP, 0.4, 0.6 / 7);
        normal[3] = new double[] {0.93, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01};
        normal[4] = row(AVG_POOL, 0.6, 0.4 / 7);
        // node 4: all edges tie at 0.2 non-none max: the two lowest edges win, in edge order;
        // ties between ops: the lower op index
        normal[5] = new double[] {0.0, 0.1, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1}; // -> skip (first of the 0.2s)
        normal[6] = new double[] {0.0, 0.2, 0.2, 0.1, 0.1, 0.1, 0.2, 0.1}; // -> max_pool
        normal[7] = row(SEP3, 0.2, 0.8 / 7);
        normal[8] = row(SEP3, 0.2, 0.8 / 7);
        // node 5: 5<-4 (0.7) then 5<-1 (0.5), stronger edge listed first
        normal[9] = row(DIL3, 0.3, 0.7 / 7);
        normal[10] = row(MAX_POOL, 0.5, 0.5 / 7);
        normal[11] = row(NONE, 0.99, 0.01 / 7);
        normal[12] = row(SEP5, 0.2, 0.8 / 7);
        normal[13] = row(DIL3, 0.7, 0.3 / 7);
        double[][] reduce = new double[14][];
        for (int e = 0; e < 14; e++) {
            reduce[e] = row(MAX_POOL, 0.3 + 0.01 * e, (0.7 - 0.01 * e) / 7);
        }
        Map<CellType, double[][]> rows = new EnumMap<>(CellType.class);
        rows.put(CellType.NORMAL, normal);
        rows.put(CellType.REDUCE, reduce);
        DartsGenotype g = SPACE.derive(new ArchWeights(SPACE, rows));
        assertEquals(List.of(pair("dil_conv_5x5", 1), pair("sep_conv_3x3", 0),
                pair("avg_pool_3x3", 2), pair("skip_connect", 0),
                pair("skip_connect", 0), pair("max_pool_3x3", 1),
                pair("dil_conv_3x3", 4), pair("max_pool_3x3", 1)), g.cell(CellType.NORMAL));
        // reduce: weights grow with the edge index, so each node keeps its two highest sources
        assertEquals(List.of(pair("max_pool_3x3", 1), pair("max_pool_3x3", 0),
                pair("max_pool_3x3", 2), pair("max_pool_3x3", 1),
                pair("max_pool_3x3", 3), pair("max_pool_3x3", 2),
                pair("max_pool_3x3", 4), pair("max_pool_3x3", 3)), g.cell(CellType.REDUCE));
        assertArrayEquals(new int[] {SEP3, DIL5, SKIP, NONE, AVG_POOL, SKIP, MAX_POOL, NONE, NONE,
                NONE, MAX_POOL, NONE, NONE, DIL3}, g.opIndices(CellType.NORMAL));
    }

    @Test
    void deriveOfUniformWeightsTakesTheFirstEdgesAndTheFirstNonNoneOp() {
        DartsGenotype g = SPACE.derive(ArchWeights.uniform(SPACE));
        List<DartsGenotype.Pair> expected = new ArrayList<>();
        for (int node = 2; node < 6; node++) {
            expected.add(pair("max_pool_3x3", 0));
            expected.add(pair("max_pool_3x3", 1));
        }
        assertEquals(expected, g.cell(CellType.NORMAL));
        assertEquals(expected, g.cell(CellType.REDUCE));
    }

    @Test
    void oneHotRowsAndDeriveOfOneHotGivesTheGenotypeBack() {
        DartsGenotype v2 = DartsGenotype.DARTS_V2;
        ArchWeights w = ArchWeights.oneHot(v2);
        // normal: node2 sep3<-0, sep3<-1; node3 sep3<-0, sep3<-1; node4 sep3<-1, skip<-0; node5 skip<-0, dil3<-2
        int[] normal = {SEP3, SEP3, SEP3, SEP3, NONE, SKIP, SEP3, NONE, NONE, SKIP, NONE, DIL3, NONE, NONE};
        // reduce: node2 max<-0, max<-1; node3 skip<-2, max<-1; node4 max<-0, skip<-2; node5 skip<-2, max<-1
        int[] reduce = {MAX_POOL, MAX_POOL, NONE, MAX_POOL, SKIP, MAX_POOL, NONE, SKIP, NONE, NONE, MAX_POOL, SKIP,
                NONE, NONE};
        assertArrayEquals(normal, v2.opIndices(CellType.NORMAL));
        assertArrayEquals(reduce, v2.opIndices(CellType.REDUCE));
        for (int e = 0; e < 14; e++) {
            assertArrayEquals(row(normal[e], 1.0, 0.0), w.row(CellType.NORMAL, e), "normal edge " + e);
            assertArrayEquals(row(reduce[e], 1.0, 0.0), w.row(CellType.REDUCE, e), "reduce edge " + e);
        }
        // derive lists tied edges in edge order: the genotype with each node's inputs sorted
        assertEquals(v2.canonical(), SPACE.derive(w));
        assertEquals(DartsGenotype.DARTS_V1.canonical(), SPACE.derive(ArchWeights.oneHot(DartsGenotype.DARTS_V1)));
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            DartsGenotype g = randomGenotype(random);
            DartsGenotype back = SPACE.derive(ArchWeights.oneHot(g));
            assertEquals(g.canonical(), back, g.encode());
            for (CellType type : SPACE.cellTypes()) {
                assertArrayEquals(g.opIndices(type), back.opIndices(type));
            }
        }
    }

    @Test
    void deriveRejectsWeightsOfAnotherSpace() {
        assertThrows(IllegalArgumentException.class, () -> SPACE.derive(ArchWeights.uniform(Nb201Space.INSTANCE)));
    }

    private static DartsGenotype.Pair pair(String op, int from) {
        return new DartsGenotype.Pair(op, from);
    }
}
