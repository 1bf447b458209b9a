package org.geonas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DartsGenotypeTest {

    /** Verbatim from genotypes.py of the DARTS code. */
    private static final String V1 = "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), "
            + "('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], "
            + "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
            + "('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], "
            + "reduce_concat=[2, 3, 4, 5])";
    private static final String V2 = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
            + "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], "
            + "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
            + "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], "
            + "reduce_concat=[2, 3, 4, 5])";
    private static final String V2_NORMAL = "[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
            + "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)]";
    private static final String V2_REDUCE = "[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
            + "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)]";

    private static String genotype(String normal, String normalConcat, String reduce, String reduceConcat) {
        return "Genotype(normal=" + normal + ", normal_concat=" + normalConcat + ", reduce=" + reduce
                + ", reduce_concat=" + reduceConcat + ")";
    }

    /** V2 with its normal cell replaced. */
    private static String withNormal(String normal) {
        return genotype(normal, "[2, 3, 4, 5]", V2_REDUCE, "[2, 3, 4, 5]");
    }

    /** Parsing fails with one line that contains {@code expected} and shows the expected form. */
    private static IllegalArgumentException parseFails(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DartsGenotype.parse(text));
        String message = e.getMessage();
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        if (!(e instanceof UnknownOpException)) {
            assertTrue(message.contains("expected a string like " + V2), "shows the expected form: " + message);
        }
        return e;
    }

    @Test
    void publishedGenotypesRoundTrip() {
        assertEquals(V1, DartsGenotype.DARTS_V1_TEXT);
        assertEquals(V2, DartsGenotype.DARTS_V2_TEXT);
        for (String s : List.of(V1, V2)) {
            DartsGenotype g = DartsGenotype.parse(s);
            assertEquals(s, g.encode());
            assertEquals(s, g.toString());
            assertEquals(g, DartsSpace.INSTANCE.parse(s));
            assertEquals(List.of(2, 3, 4, 5), g.concat(CellType.NORMAL));
            assertEquals(List.of(2, 3, 4, 5), g.concat(CellType.REDUCE));
        }
        assertEquals(DartsGenotype.DARTS_V2, DartsGenotype.parse(V2));
        assertNotEquals(DartsGenotype.DARTS_V1, DartsGenotype.DARTS_V2);
        assertEquals(new DartsGenotype.Pair("dil_conv_3x3", 2), DartsGenotype.DARTS_V2.cell(CellType.NORMAL).get(7));
        assertEquals(new DartsGenotype.Pair("sep_conv_3x3", 1), DartsGenotype.DARTS_V1.cell(CellType.NORMAL).get(0));
    }

    @Test
    void parseToleratesWhitespaceRangeAndTrailingCommas() {
        String ranged = V2.replace("normal_concat=[2, 3, 4, 5]", "normal_concat=range(2, 6)")
                .replace("reduce_concat=[2, 3, 4, 5]", "reduce_concat=range(2,6)");
        assertEquals(V2, DartsGenotype.parse(ranged).encode());
        String spaced = "  Genotype (\n  normal = [ ( 'sep_conv_3x3' , 0 ),('sep_conv_3x3',1), ('sep_conv_3x3', 0),\n"
                + "\t('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0),"
                + " (\"dil_conv_3x3\", 2), ],\n  normal_concat = [2,3,4,5,],\n  reduce = " + V2_REDUCE + ",\n"
                + "  reduce_concat = range( 2 , 6 ),\n)\n";
        assertEquals(DartsGenotype.DARTS_V2, DartsGenotype.parse(spaced));
        // fields by name, in any order
        String reordered = "Genotype(reduce=" + V2_REDUCE + ", reduce_concat=range(2, 6), normal=" + V2_NORMAL
                + ", normal_concat=[2, 3, 4, 5])";
        assertEquals(DartsGenotype.DARTS_V2, DartsGenotype.parse(reordered));
    }

    @Test
    void randomGenotypesRoundTrip() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            DartsGenotype g = DartsSpaceTest.randomGenotype(random);
            String s = g.encode();
            DartsGenotype back = DartsGenotype.parse(s);
            assertEquals(g, back, s);
            assertEquals(s, back.encode());
            assertEquals(g.hashCode(), back.hashCode());
        }
    }

    @Test
    void canonicalSortsTheInputsOfEachNode() {
        DartsGenotype c = DartsGenotype.DARTS_V2.canonical();
        assertEquals("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
                + "('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), "
                + "('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), "
                + "('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), "
                + "('max_pool_3x3', 1), ('skip_connect', 2)], reduce_concat=[2, 3, 4, 5])", c.encode());
        assertNotEquals(DartsGenotype.DARTS_V2, c);
        assertEquals(c, c.canonical());
        for (CellType type : CellType.values()) {
            assertEquals(java.util.Arrays.toString(DartsGenotype.DARTS_V2.opIndices(type)),
                    java.util.Arrays.toString(c.opIndices(type)));
        }
    }

    @Test
    void emptyAndGarbage() {
        for (String text : new String[] {"", "  \n ", null}) {
            parseFails(text, "it is empty");
        }
        parseFails("hello world", "expected 'Genotype(' at position 0, found 'hello'");
        parseFails("Genotype", "expected '(' after Genotype at position 8, found the end of the text");
        parseFails("Genotype(normal=[('sep_conv_3x3', 0)",
                "expected ']' closing the normal list at position 36, found the end of the text");
        parseFails("Genotype(normal=[('sep_conv_3x3', 0", "expected ')' closing an (op, input) pair of normal");
        parseFails(V2 + ")", "expected the end of the text at position " + V2.length() + ", found ')'");
        parseFails(V2.replace("('sep_conv_3x3', 0)", "('sep_conv_3x3'; 0)"), "unexpected character ';'");
        parseFails(V2.replace("('sep_conv_3x3', 0)", "('sep_conv_3x3, 0)"),
                "op name 'sep_conv_3x3, 0), (' at position 18 is not a plain name; is a quote missing?");
        parseFails(V2.replace("('dil_conv_3x3', 2)", "(dil_conv_3x3, 2)"), "expected a quoted op name in normal");
        parseFails(V2.replace("('dil_conv_3x3', 2)", "('dil_conv_3x3', x)"), "expected an input node index in normal");
        parseFails(V2.replace("normal=", "normal:"), "unexpected character ':'");
        parseFails(V2.replace("normal=", "normals="), "unknown field 'normals' at position 9; the fields are normal, "
                + "normal_concat, reduce, reduce_concat");
        parseFails(V2.replace("reduce_concat=[2, 3, 4, 5]", "reduce_concat=[2, 3, 4, 5], normal=" + V2_NORMAL),
                "field 'normal' is given twice");
        parseFails(V2.replace("('dil_conv_3x3', 2)", "('dil_conv_3x3', 12345678901)"), "is too large");
        parseFails("Genotype(normal='sep_conv_3x3')", "expected '[' opening the normal list");
        // a message quotes the text on one line
        parseFails(V2.replace(", reduce=", ",\n reduce=").replace("normal=[", "normal=[x"),
                "'Genotype(normal=[x('sep_conv_3x3', 0)");
    }

    @Test
    void unknownOpNamesTheOpAndListsTheKnownOnes() {
        IllegalArgumentException e = parseFails(V2.replace("('dil_conv_3x3', 2)", "('conv_7x1_1x7', 2)"),
                "unknown op 'conv_7x1_1x7' in search space darts; known ops: none, max_pool_3x3, avg_pool_3x3, "
                        + "skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5");
        assertInstanceOf(UnknownOpException.class, e);
        assertThrows(UnknownOpException.class, () -> new DartsGenotype.Pair("nor_conv_3x3", 0));
    }

    @Test
    void noneIsNeverAChosenOp() {
        parseFails(V2.replace("('dil_conv_3x3', 2)", "('none', 2)"),
                "normal cell node 5 chooses op 'none' on input 2; a genotype lists only kept edges, each with a non-none op");
    }

    @Test
    void everyNodeHasExactlyTwoInputs() {
        parseFails(withNormal("[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0)]"),
                "normal cell has 3 (op, input) pairs; expected 8: 2 inputs for each of the nodes [2, 3, 4, 5]");
        parseFails(withNormal(V2_NORMAL.replace("]", ", ('skip_connect', 4)]")), "normal cell has 9 (op, input) pairs");
        parseFails(genotype(V2_NORMAL, "[2, 3, 4, 5]", "[]", "[2, 3, 4, 5]"), "reduce cell has 0 (op, input) pairs");
    }

    @Test
    void inputsMustPrecedeTheirNode() {
        // the 4th pair belongs to node 3: input 3 is not allowed
        parseFails(withNormal(V2_NORMAL.replace("('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip",
                "('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('skip")),
                "normal cell node 3 takes input 3; the inputs of node 3 must be < 3");
        parseFails(withNormal(V2_NORMAL.replace("('dil_conv_3x3', 2)", "('dil_conv_3x3', 6)")),
                "normal cell node 5 takes input 6; the inputs of node 5 must be < 5");
        parseFails(withNormal(V2_NORMAL.replace("('dil_conv_3x3', 2)", "('dil_conv_3x3', -1)")),
                "input node -1 of op 'dil_conv_3x3' in normal is negative");
        assertThrows(IllegalArgumentException.class, () -> new DartsGenotype.Pair("skip_connect", -1));
    }

    @Test
    void theTwoInputsOfANodeDiffer() {
        parseFails(genotype(V2_NORMAL, "[2, 3, 4, 5]", V2_REDUCE.replace("('skip_connect', 2), ('max_pool_3x3', 1)]",
                "('skip_connect', 1), ('max_pool_3x3', 1)]"), "[2, 3, 4, 5]"),
                "reduce cell node 5 takes input 1 twice; its 2 inputs must be different nodes");
    }

    @Test
    void concatMustBeTheFourIntermediateNodes() {
        parseFails(genotype(V2_NORMAL, "[2, 3, 4]", V2_REDUCE, "[2, 3, 4, 5]"),
                "normal_concat must be [2, 3, 4, 5] (or range(2, 6)), found [2, 3, 4]");
        parseFails(genotype(V2_NORMAL, "[2, 3, 4, 5]", V2_REDUCE, "range(1, 6)"),
                "reduce_concat must be [2, 3, 4, 5] (or range(2, 6)), found range(1, 6)");
        parseFails(genotype(V2_NORMAL, "[2, 3, 4, 5]", V2_REDUCE, "range(6)"),
                "reduce_concat must be [2, 3, 4, 5] (or range(2, 6)), found range(6)");
        parseFails(genotype(V2_NORMAL, "[5, 4, 3, 2]", V2_REDUCE, "[2, 3, 4, 5]"), "found [5, 4, 3, 2]");
        parseFails(genotype(V2_NORMAL, "[2, 3, 4, 5]", V2_REDUCE, "range(0, 1000000)"), "found range(0, 1000000)");
        parseFails(genotype(V2_NORMAL, "{2, 3, 4, 5}", V2_REDUCE, "[2, 3, 4, 5]"), "unexpected character '{'");
    }

    @Test
    void missingFields() {
        parseFails("Genotype(normal=" + V2_NORMAL + ", normal_concat=[2, 3, 4, 5])", "missing reduce=[...]");
        parseFails("Genotype(reduce=" + V2_REDUCE + ", reduce_concat=[2, 3, 4, 5])", "missing normal=[...]");
        parseFails("Genotype(normal=" + V2_NORMAL + ", reduce=" + V2_REDUCE + ", reduce_concat=[2, 3, 4, 5])",
                "missing normal_concat=[2, 3, 4, 5]");
        parseFails("Genotype()", "missing normal=[...]");
    }

    @Test
    void constructorValidates() {
        List<DartsGenotype.Pair> normal = new ArrayList<>(DartsGenotype.DARTS_V2.cell(CellType.NORMAL));
        List<DartsGenotype.Pair> reduce = DartsGenotype.DARTS_V2.cell(CellType.REDUCE);
        DartsGenotype g = new DartsGenotype(normal, reduce);
        assertEquals(DartsGenotype.DARTS_V2, g);
        normal.set(0, new DartsGenotype.Pair("avg_pool_3x3", 0)); // defensive copy
        assertEquals(DartsGenotype.DARTS_V2, g);
        assertNotEquals(g, new DartsGenotype(normal, reduce));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DartsGenotype(normal.subList(0, 6), reduce));
        assertTrue(e.getMessage().contains("normal cell has 6 (op, input) pairs"), e.getMessage());
        normal.set(0, new DartsGenotype.Pair("none", 0));
        e = assertThrows(IllegalArgumentException.class, () -> new DartsGenotype(reduce, normal));
        assertTrue(e.getMessage().contains("reduce cell node 2 chooses op 'none'"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> g.cell(CellType.NORMAL).clear());
    }

    @Test
    void evalParameterCountOfDartsV2IsThePapers33M() {
        // the DARTS code logs "param size = 3.349342MB" for DARTS_V2 (C=36, 20 cells, CIFAR-10)
        assertEquals(3_349_342L, DartsGenotype.DARTS_V2.evalParameterCount(36, 20, 10));
        assertEquals(3_349_342L, DartsGenotype.DARTS_V2.canonical().evalParameterCount(36, 20, 10));
        assertThrows(IllegalArgumentException.class, () -> DartsGenotype.DARTS_V2.evalParameterCount(0, 20, 10));
        assertThrows(IllegalArgumentException.class, () -> DartsGenotype.DARTS_V2.evalParameterCount(36, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> DartsGenotype.DARTS_V2.evalParameterCount(36, 20, 0));
    }

    @Test
    void evalParameterCountPerOp() {
        // swapping one op of a cell changes the count by that op's parameters in every such cell
        // (C=36, 20 layers: 18 normal cells, 6 at 36, 6 at 72, 6 at 144 channels; reductions at 72 and 144)
        DartsGenotype base = DartsGenotype.DARTS_V2;
        long count = base.evalParameterCount(36, 20, 10);
        String normalSkip = "('skip_connect', 0), ('dil_conv_3x3', 2)]";
        long sepMinusDil = 0;
        for (int c : new int[] {36, 72, 144}) {
            // sep 5x5 = 2 x (25C + C^2 + 2C); dil 3x3 = 9C + C^2 + 2C
            sepMinusDil += 6L * (2L * (25L * c + (long) c * c + 2L * c) - (9L * c + (long) c * c + 2L * c));
        }
        DartsGenotype sep5 = DartsGenotype.parse(V2.replace(normalSkip, "('skip_connect', 0), ('sep_conv_5x5', 2)]"));
        assertEquals(count + sepMinusDil, sep5.evalParameterCount(36, 20, 10));
        // a skip from a cell input of a reduction cell is a FactorizedReduce(C, C): 2 * C * C/2 + 2C
        DartsGenotype strided = DartsGenotype.parse(V2.replace("('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat",
                "('skip_connect', 0), ('max_pool_3x3', 1)], reduce_concat"));
        long fr72 = 72L * 72 + 2 * 72;
        long fr144 = 144L * 144 + 2 * 144;
        assertEquals(count + fr72 + fr144, strided.evalParameterCount(36, 20, 10));
        // pools have no parameters: max and avg pool genotypes count the same
        DartsGenotype avg = DartsGenotype.parse(V2.replace("max_pool_3x3", "avg_pool_3x3"));
        assertEquals(count, avg.evalParameterCount(36, 20, 10));
        // the classifier: 576 * classes + classes
        assertEquals(count + 90 * 577, base.evalParameterCount(36, 20, 100));
    }
}
