package org.geonas.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Nb201ArchitectureTest {

    private static final String EXAMPLE =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    private static IllegalArgumentException parseFails(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Nb201Architecture.parse(text));
    }

    @Test
    void spaceShape() {
        Nb201Space s = Nb201Space.INSTANCE;
        assertEquals("nb201", s.id());
        assertEquals(List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"), s.ops());
        assertEquals(List.of("1<-0", "2<-0", "2<-1", "3<-0", "3<-1", "3<-2"),
                s.edges(CellType.NORMAL).stream().map(Edge::label).toList());
        assertEquals(List.of(CellType.NORMAL), s.cellTypes());
        assertThrows(IllegalArgumentException.class, () -> s.edges(CellType.REDUCE));
    }

    @Test
    void designExampleRoundTripsAndDecodesToTheRightOps() {
        Nb201Architecture a = Nb201Architecture.parse(EXAMPLE);
        assertEquals(EXAMPLE, a.encode());
        assertEquals(EXAMPLE, a.toString());
        // edges 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2
        assertArrayEquals(new int[] {3, 3, 4, 1, 3, 1}, a.opIndices(CellType.NORMAL));
        assertEquals(List.of("nor_conv_3x3", "nor_conv_3x3", "avg_pool_3x3", "skip_connect", "nor_conv_3x3",
                "skip_connect"), a.opNames());
        assertEquals(a, Nb201Space.INSTANCE.parse(EXAMPLE));
        assertEquals(a.hashCode(), Nb201Space.INSTANCE.parse("  " + EXAMPLE + "\n").hashCode());
    }

    @Test
    void everyCellRoundTrips() {
        // all 5^6 = 15625 cells: encode then parse gives the cell back, and encodings are distinct
        Set<String> seen = new HashSet<>();
        int[] ops = new int[6];
        for (int code = 0; code < 15625; code++) {
            int c = code;
            for (int e = 0; e < 6; e++) {
                ops[e] = c % 5;
                c /= 5;
            }
            Nb201Architecture a = new Nb201Architecture(ops);
            String s = a.encode();
            Nb201Architecture back = Nb201Architecture.parse(s);
            assertArrayEquals(ops, back.opIndices(CellType.NORMAL), s);
            assertEquals(s, back.encode());
            assertTrue(seen.add(s), s);
        }
    }

    @Test
    void randomStringsRoundTrip() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> names = Nb201Space.INSTANCE.ops();
        for (int trial = 0; trial < 200; trial++) {
            StringBuilder sb = new StringBuilder();
            for (int node = 1; node <= 3; node++) {
                sb.append(node > 1 ? "+|" : "|");
                for (int from = 0; from < node; from++) {
                    sb.append(names.get(random.nextInt(5))).append('~').append(from).append('|');
                }
            }
            String s = sb.toString();
            assertEquals(s, Nb201Architecture.parse(s).encode());
        }
    }

    @Test
    void emptyText() {
        for (String text : new String[] {"", "   ", null}) {
            IllegalArgumentException e = parseFails(text);
            assertTrue(e.getMessage().contains("it is empty"), e.getMessage());
            assertTrue(e.getMessage().contains(EXAMPLE), "message shows the expected form: " + e.getMessage());
        }
    }

    @Test
    void wrongNodeCount() {
        IllegalArgumentException e = parseFails("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|");
        assertTrue(e.getMessage().contains("expected 3 nodes separated by '+', found 2"), e.getMessage());
        e = parseFails(EXAMPLE + "+|none~0|");
        assertTrue(e.getMessage().contains("found 4"), e.getMessage());
    }

    @Test
    void wrongEdgeCountInANode() {
        IllegalArgumentException e =
                parseFails("|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertTrue(e.getMessage().contains("node 2 must have 2 incoming edges, found 1"), e.getMessage());
        e = parseFails("|nor_conv_3x3~0|none~1|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertTrue(e.getMessage().contains("node 1 must have 1 incoming edges, found 2"), e.getMessage());
    }

    @Test
    void wrongSourceIndex() {
        IllegalArgumentException e =
                parseFails("|nor_conv_3x3~0|+|nor_conv_3x3~1|avg_pool_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertTrue(e.getMessage().contains("edge 'nor_conv_3x3~1' of node 2 must come from node 0"), e.getMessage());
        e = parseFails("|nor_conv_3x3|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertTrue(e.getMessage().contains("edge 'nor_conv_3x3' must be op~from"), e.getMessage());
    }

    @Test
    void unknownOpNamesTheOpAndListsTheKnownOnes() {
        IllegalArgumentException e =
                parseFails("|nor_conv_3x3~0|+|conv_5x5~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertInstanceOf(UnknownOpException.class, e);
        assertTrue(e.getMessage().contains("'conv_5x5'"), e.getMessage());
        assertTrue(e.getMessage().contains("none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3"),
                e.getMessage());
        UnknownOpException direct = assertThrows(UnknownOpException.class, () -> Nb201Space.INSTANCE.opIndex("sep_conv"));
        assertTrue(direct.getMessage().contains("nb201"), direct.getMessage());
    }

    @Test
    void missingPipes() {
        IllegalArgumentException e =
                parseFails("nor_conv_3x3~0+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertTrue(e.getMessage().contains("node 1 must be written |op~from|...|"), e.getMessage());
        e = parseFails("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2");
        assertTrue(e.getMessage().contains("node 3 must be written"), e.getMessage());
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new Nb201Architecture(new int[5]));
        assertThrows(IllegalArgumentException.class, () -> new Nb201Architecture(new int[] {0, 0, 0, 0, 0, 5}));
        assertThrows(IllegalArgumentException.class, () -> new Nb201Architecture(new int[] {0, 0, -1, 0, 0, 0}));
        int[] ops = {1, 2, 3, 4, 0, 1};
        Nb201Architecture a = new Nb201Architecture(ops);
        ops[0] = 4; // defensive copy
        assertEquals(1, a.opIndices(CellType.NORMAL)[0]);
        assertNotEquals(a, new Nb201Architecture(ops));
        assertThrows(IllegalArgumentException.class, () -> a.opIndices(CellType.REDUCE));
    }

    @Test
    void deriveTakesTheArgmaxOfEveryEdgeNoneIncluded() {
        double[][] m = {
                {0.60, 0.10, 0.10, 0.10, 0.10}, // none wins
                {0.10, 0.15, 0.20, 0.25, 0.30}, // avg_pool
                {0.05, 0.50, 0.15, 0.15, 0.15}, // skip
                {0.20, 0.20, 0.35, 0.20, 0.05}, // conv 1x1
                {0.10, 0.10, 0.10, 0.61, 0.09}, // conv 3x3
                {0.20, 0.20, 0.20, 0.20, 0.20}, // tie: the first
        };
        ArchWeights w = new ArchWeights(Nb201Space.INSTANCE, java.util.Map.of(CellType.NORMAL, m));
        Nb201Architecture a = Nb201Space.INSTANCE.derive(w);
        assertArrayEquals(new int[] {0, 4, 1, 2, 3, 0}, a.opIndices(CellType.NORMAL));
        assertEquals("|none~0|+|avg_pool_3x3~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_3x3~1|none~2|", a.encode());
        // derive(oneHot(a)) == a for random cells
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int[] ops = random.ints(6, 0, 5).toArray();
            Nb201Architecture arch = new Nb201Architecture(ops);
            assertEquals(arch, Nb201Space.INSTANCE.derive(ArchWeights.oneHot(arch)));
        }
    }
}
