package org.geonas.core.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A DARTS genotype: for the normal and the reduction cell, 8 {@code (op, input)} pairs, 2 for
 * each intermediate node 2..5 in node order, plus the concatenated nodes (always
 * {@link DartsSpace#CONCAT}). The pairs of a node keep the order they were given in (derived
 * genotypes list the stronger edge first), so the text form round-trips. The text form is the
 * one of the DARTS code's {@code genotypes.py}:
 * {@code Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])}.
 */
public final class DartsGenotype implements Architecture {

    /** The text form of DARTS (first order), as published in the DARTS code. */
    public static final String DARTS_V1_TEXT = "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
            + "('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), "
            + "('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), "
            + "('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], "
            + "reduce_concat=[2, 3, 4, 5])";

    /** The text form of DARTS (second order), the paper's 2.76% / 3.3M CIFAR-10 cell. */
    public static final String DARTS_V2_TEXT = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
            + "('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), "
            + "('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), "
            + "('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], "
            + "reduce_concat=[2, 3, 4, 5])";

    /**
     * The text form of PC-DARTS' CIFAR-10 cell (2.57% / 3.6M), as published in the PC-DARTS code and
     * repeated in the GAEA reference's {@code genotypes.py}.
     */
    public static final String PC_DARTS_CIFAR_TEXT = "Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), "
            + "('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), "
            + "('avg_pool_3x3', 0), ('dil_conv_3x3', 1)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('sep_conv_5x5', 1), ('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 2), "
            + "('sep_conv_3x3', 0), ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2)], "
            + "reduce_concat=[2, 3, 4, 5])";

    /**
     * The one GAEA genotype the GAEA reference code ships: {@code edarts4} of its {@code
     * cnn/search_spaces/darts/genotypes.py} (liamcli/gaea_release@1604615, l.185), a GAEA ("edarts")
     * DARTS-space cell. The paper's GAEA PC-DARTS CIFAR-10 cell is published as a figure only.
     */
    public static final String GAEA_EDARTS4_TEXT = "Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1), "
            + "('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('skip_connect', 2), "
            + "('skip_connect', 0), ('dil_conv_3x3', 3)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('dil_conv_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), "
            + "('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 4)], "
            + "reduce_concat=[2, 3, 4, 5])";

    /** Pairs per cell: 2 kept inputs for each intermediate node. */
    private static final int PAIRS = DartsSpace.KEPT_PER_NODE * (DartsSpace.NODES - DartsSpace.INPUTS);
    private static final List<String> FIELDS = List.of("normal", "normal_concat", "reduce", "reduce_concat");
    /** Longest piece of a rejected text quoted back in a message. */
    private static final int QUOTE_LIMIT = 600;

    /** DARTS (first order), parsed from {@link #DARTS_V1_TEXT}. */
    public static final DartsGenotype DARTS_V1 = parse(DARTS_V1_TEXT);

    /** DARTS (second order), parsed from {@link #DARTS_V2_TEXT}. */
    public static final DartsGenotype DARTS_V2 = parse(DARTS_V2_TEXT);

    /** PC-DARTS' CIFAR-10 cell, parsed from {@link #PC_DARTS_CIFAR_TEXT}. */
    public static final DartsGenotype PC_DARTS_CIFAR = parse(PC_DARTS_CIFAR_TEXT);

    /** The GAEA reference's {@code edarts4}, parsed from {@link #GAEA_EDARTS4_TEXT}. */
    public static final DartsGenotype GAEA_EDARTS4 = parse(GAEA_EDARTS4_TEXT);

    /** The genotypes of the literature that may be given by name, in the names of the code they come from. */
    private static final Map<String, DartsGenotype> NAMED = namedGenotypes();

    private static Map<String, DartsGenotype> namedGenotypes() {
        Map<String, DartsGenotype> named = new java.util.LinkedHashMap<>();
        named.put("DARTS_V1", DARTS_V1);
        named.put("DARTS_V2", DARTS_V2);
        named.put("PC_DARTS_cifar", PC_DARTS_CIFAR);
        named.put("GAEA_EDARTS4", GAEA_EDARTS4);
        return java.util.Collections.unmodifiableMap(named);
    }

    /** The names {@link #named} knows, in order. */
    public static List<String> names() {
        return List.copyOf(NAMED.keySet());
    }

    /**
     * A genotype by name ({@link #names()}) or in its text form.
     *
     * @throws IllegalArgumentException naming the known names when the text is neither
     */
    public static DartsGenotype named(String nameOrText) {
        Objects.requireNonNull(nameOrText, "genotype");
        String text = nameOrText.strip();
        DartsGenotype g = NAMED.get(text);
        if (g != null) {
            return g;
        }
        if (!text.startsWith("Genotype(")) {
            throw new IllegalArgumentException("unknown genotype '" + quote(text) + "'; give one of " + String.join(", ",
                    NAMED.keySet()) + ", or a text form Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, "
                    + "4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])");
        }
        return parse(text);
    }

    /** The name of a named genotype equal to this one, if any. */
    public java.util.Optional<String> name() {
        return NAMED.entrySet().stream().filter(e -> e.getValue().equals(this)).map(Map.Entry::getKey).findFirst();
    }

    /**
     * One kept edge of a cell: the op applied to the output of node {@code from}.
     *
     * @param op an op name of {@link DartsSpace#ops()}
     * @param from the source node, 0 and 1 being the cell inputs
     */
    public record Pair(String op, int from) {

        public Pair {
            Objects.requireNonNull(op, "op");
            DartsSpace.INSTANCE.opIndex(op);
            if (from < 0) {
                throw new IllegalArgumentException("input node must be non-negative, got " + from);
            }
        }

        /** The Python tuple form, e.g. {@code ('sep_conv_3x3', 0)}. */
        public String encode() {
            return "('" + op + "', " + from + ")";
        }
    }

    private final Map<CellType, List<Pair>> cells;

    /**
     * @param normal the 8 pairs of the normal cell, 2 per intermediate node in node order
     * @param reduce the 8 pairs of the reduction cell
     */
    public DartsGenotype(List<Pair> normal, List<Pair> reduce) {
        EnumMap<CellType, List<Pair>> map = new EnumMap<>(CellType.class);
        map.put(CellType.NORMAL, List.copyOf(normal));
        map.put(CellType.REDUCE, List.copyOf(reduce));
        for (Map.Entry<CellType, List<Pair>> e : map.entrySet()) {
            String why = problem(e.getKey(), e.getValue());
            if (why != null) {
                throw new IllegalArgumentException("invalid DARTS genotype: " + why);
            }
        }
        this.cells = map;
    }

    /** What is wrong with the pairs of one cell, or null if nothing is. */
    private static String problem(CellType type, List<Pair> pairs) {
        String cell = type.id() + " cell";
        if (pairs.size() != PAIRS) {
            return cell + " has " + pairs.size() + " (op, input) pairs; expected " + PAIRS + ": "
                    + DartsSpace.KEPT_PER_NODE + " inputs for each of the nodes " + DartsSpace.CONCAT;
        }
        for (int node = DartsSpace.INPUTS; node < DartsSpace.NODES; node++) {
            List<Pair> inputs = nodePairs(pairs, node);
            for (Pair p : inputs) {
                if (p.op().equals("none")) {
                    return cell + " node " + node + " chooses op 'none' on input " + p.from()
                            + "; a genotype lists only kept edges, each with a non-none op";
                }
                if (p.from() >= node) {
                    return cell + " node " + node + " takes input " + p.from() + "; the inputs of node " + node
                            + " must be < " + node;
                }
            }
            if (inputs.get(0).from() == inputs.get(1).from()) {
                return cell + " node " + node + " takes input " + inputs.get(0).from()
                        + " twice; its 2 inputs must be different nodes";
            }
        }
        return null;
    }

    /** The 2 pairs of an intermediate node. */
    private static List<Pair> nodePairs(List<Pair> pairs, int node) {
        int first = DartsSpace.KEPT_PER_NODE * (node - DartsSpace.INPUTS);
        return pairs.subList(first, first + DartsSpace.KEPT_PER_NODE);
    }

    @Override
    public DartsSpace space() {
        return DartsSpace.INSTANCE;
    }

    /** The 8 pairs of a cell type, 2 per intermediate node in node order. */
    public List<Pair> cell(CellType cellType) {
        return cells.get(Objects.requireNonNull(cellType, "cellType"));
    }

    /** The nodes concatenated into the cell output: always {@link DartsSpace#CONCAT}. */
    public List<Integer> concat(CellType cellType) {
        Objects.requireNonNull(cellType, "cellType");
        return DartsSpace.CONCAT;
    }

    /**
     * The op index of every edge in {@link DartsSpace} edge order: the kept op on the 2 kept
     * edges of each node, {@code none} on the others.
     */
    @Override
    public int[] opIndices(CellType cellType) {
        int[] ops = new int[DartsSpace.INSTANCE.edges(cellType).size()];
        int none = DartsSpace.INSTANCE.opIndex("none");
        Arrays.fill(ops, none);
        List<Pair> pairs = cell(cellType);
        for (int node = DartsSpace.INPUTS; node < DartsSpace.NODES; node++) {
            for (Pair p : nodePairs(pairs, node)) {
                ops[DartsSpace.edgeIndex(node, p.from())] = DartsSpace.INSTANCE.opIndex(p.op());
            }
        }
        return ops;
    }

    /**
     * The same cells with the 2 pairs of each node ordered by input node. Two genotypes with
     * equal canonical forms build the same network; {@link #equals} also compares the order.
     */
    public DartsGenotype canonical() {
        return new DartsGenotype(canonical(cell(CellType.NORMAL)), canonical(cell(CellType.REDUCE)));
    }

    private static List<Pair> canonical(List<Pair> pairs) {
        List<Pair> out = new ArrayList<>();
        for (int node = DartsSpace.INPUTS; node < DartsSpace.NODES; node++) {
            nodePairs(pairs, node).stream().sorted(Comparator.comparingInt(Pair::from)).forEach(out::add);
        }
        return out;
    }

    @Override
    public String encode() {
        return "Genotype(normal=" + encode(cell(CellType.NORMAL)) + ", normal_concat=" + DartsSpace.CONCAT
                + ", reduce=" + encode(cell(CellType.REDUCE)) + ", reduce_concat=" + DartsSpace.CONCAT + ")";
    }

    private static String encode(List<Pair> pairs) {
        return pairs.stream().map(Pair::encode).collect(Collectors.joining(", ", "[", "]"));
    }

    // ---- parameter count of the evaluation network ----

    /**
     * Trainable parameters of the DARTS evaluation network ({@code NetworkCIFAR} of the DARTS
     * code) built from this genotype, auxiliary head excluded as in the DARTS paper: a 3x3 stem
     * to 3C channels, {@code layers} cells with reductions (channels doubled) at layers/3 and
     * 2*layers/3, global pooling and a linear classifier. DARTS_V2 at (36, 20, 10) has 3,349,342.
     *
     * @param channels initial channels C (36 in the paper's CIFAR-10 network)
     * @param layers number of cells (20)
     * @param classes number of classes (10)
     */
    public long evalParameterCount(int channels, int layers, int classes) {
        if (channels < 1 || layers < 1 || classes < 1) {
            throw new IllegalArgumentException("channels, layers and classes must be positive, got " + channels + ", "
                    + layers + ", " + classes);
        }
        final int stemMultiplier = 3;
        long current = (long) stemMultiplier * channels;
        long total = 3L * current * 3 * 3 + batchNorm(current);
        long prevPrev = current;
        long prev = current;
        current = channels;
        boolean reductionPrev = false;
        for (int i = 0; i < layers; i++) {
            // an 'in [layers/3, 2*layers/3]' test in the DARTS code: doubled once even if both agree
            boolean reduction = i == layers / 3 || i == 2 * layers / 3;
            if (reduction) {
                current *= 2;
            }
            // the previous cell halved the resolution, so s0 (two cells back) must be halved too
            total += reductionPrev ? factorizedReduce(prevPrev, current) : reluConvBn(prevPrev, current);
            total += reluConvBn(prev, current);
            for (Pair p : cell(reduction ? CellType.REDUCE : CellType.NORMAL)) {
                total += opParameters(p.op(), current, reduction && p.from() < DartsSpace.INPUTS);
            }
            reductionPrev = reduction;
            prevPrev = prev;
            prev = (long) DartsSpace.CONCAT.size() * current;
        }
        return total + prev * classes + classes;
    }

    /** Parameters of one op of the evaluation network (affine BN, bias-free convs). */
    private static long opParameters(String op, long c, boolean stride2) {
        return switch (op) {
            // the eval network's pools are bare (no BN after them, unlike the search supernet)
            case "max_pool_3x3", "avg_pool_3x3" -> 0;
            case "skip_connect" -> stride2 ? factorizedReduce(c, c) : 0;
            case "sep_conv_3x3" -> 2 * dilOrSepHalf(c, 3);
            case "sep_conv_5x5" -> 2 * dilOrSepHalf(c, 5);
            case "dil_conv_3x3" -> dilOrSepHalf(c, 3);
            case "dil_conv_5x5" -> dilOrSepHalf(c, 5);
            default -> throw new IllegalStateException("no parameter count for op " + op);
        };
    }

    /** ReLU, depthwise kxk conv, pointwise 1x1 conv, BN: a DilConv, or half a SepConv. */
    private static long dilOrSepHalf(long c, int k) {
        return c * k * k + c * c + batchNorm(c);
    }

    /** ReLU, two 1x1 stride-2 convs to cOut/2 channels each, concat, BN. */
    private static long factorizedReduce(long cIn, long cOut) {
        return 2 * cIn * (cOut / 2) + batchNorm(cOut);
    }

    /** ReLU, 1x1 conv, BN. */
    private static long reluConvBn(long cIn, long cOut) {
        return cIn * cOut + batchNorm(cOut);
    }

    private static long batchNorm(long c) {
        return 2 * c;
    }

    // ---- text form ----

    /**
     * Parses the text form, tolerant of whitespace, of trailing commas and of {@code range(2, 6)}
     * for the concat lists. Every malformation gets a one-line message saying what is wrong and
     * showing the expected form; an unknown op gets an {@link UnknownOpException}.
     */
    public static DartsGenotype parse(String text) {
        if (text == null || text.isBlank()) {
            throw malformed(text, "it is empty");
        }
        return new Parser(text).genotype();
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("malformed DARTS genotype '" + quote(text) + "': " + why
                + "; expected a string like " + DARTS_V2_TEXT);
    }

    /** The text on one line (whitespace runs collapsed) and cut short, for messages. */
    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= QUOTE_LIMIT ? line : line.substring(0, QUOTE_LIMIT) + "...";
    }

    private enum Kind { NAME, INT, STRING, PUNCT, END }

    private record Token(Kind kind, String text, int pos) {

        String shown() {
            return kind == Kind.END ? "the end of the text" : "'" + text + "'";
        }
    }

    /** A recursive-descent parser of the Python namedtuple expression. */
    private static final class Parser {

        private final String text;
        private final List<Token> tokens = new ArrayList<>();
        private int next;

        Parser(String text) {
            this.text = text;
            tokenize();
        }

        private void tokenize() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NAME, text.substring(start, i), start));
                } else if (isDigit(c) || (c == '-' && i + 1 < text.length() && isDigit(text.charAt(i + 1)))) {
                    int start = i++;
                    while (i < text.length() && isDigit(text.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(Kind.INT, text.substring(start, i), start));
                } else if (c == '\'' || c == '"') {
                    int end = text.indexOf(c, i + 1);
                    if (end < 0) {
                        throw malformed(text, "unterminated string starting at position " + i);
                    }
                    tokens.add(new Token(Kind.STRING, text.substring(i + 1, end), i));
                    i = end + 1;
                } else if ("()[],=".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.PUNCT, String.valueOf(c), i));
                    i++;
                } else {
                    throw malformed(text, "unexpected character '" + c + "' at position " + i);
                }
            }
            tokens.add(new Token(Kind.END, "", text.length()));
        }

        /** ASCII digits only: Python would reject other scripts' digits in an int literal. */
        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Token peek() {
            return tokens.get(next);
        }

        private boolean at(String punct) {
            return peek().kind() == Kind.PUNCT && peek().text().equals(punct);
        }

        private IllegalArgumentException unexpected(String expected) {
            Token t = peek();
            return malformed(text, "expected " + expected + " at position " + t.pos() + ", found " + t.shown());
        }

        private void expect(String punct, String context) {
            if (!at(punct)) {
                throw unexpected("'" + punct + "' " + context);
            }
            next++;
        }

        private Token expect(Kind kind, String what) {
            if (peek().kind() != kind) {
                throw unexpected(what);
            }
            return tokens.get(next++);
        }

        private int integer(String what) {
            Token t = expect(Kind.INT, what);
            // longer numbers cannot be a node index; avoid overflow
            if (t.text().length() > 9) {
                throw malformed(text, what + " " + t.text() + " at position " + t.pos() + " is too large");
            }
            return Integer.parseInt(t.text());
        }

        DartsGenotype genotype() {
            Token head = expect(Kind.NAME, "'Genotype('");
            if (!head.text().equals("Genotype")) {
                next--;
                throw unexpected("'Genotype('");
            }
            expect("(", "after Genotype");
            List<Pair> normal = null;
            List<Pair> reduce = null;
            Set<String> seen = new HashSet<>();
            while (!at(")")) {
                Token name = expect(Kind.NAME, "a field name (" + String.join(", ", FIELDS) + ")");
                if (!FIELDS.contains(name.text())) {
                    throw malformed(text, "unknown field '" + name.text() + "' at position " + name.pos()
                            + "; the fields are " + String.join(", ", FIELDS));
                }
                if (!seen.add(name.text())) {
                    throw malformed(text, "field '" + name.text() + "' is given twice");
                }
                expect("=", "after " + name.text());
                switch (name.text()) {
                    case "normal" -> normal = pairs("normal");
                    case "reduce" -> reduce = pairs("reduce");
                    default -> concat(name.text());
                }
                if (!at(",")) {
                    break;
                }
                next++;
            }
            expect(")", "closing Genotype(");
            if (peek().kind() != Kind.END) {
                throw unexpected("the end of the text");
            }
            for (String field : FIELDS) {
                if (!seen.contains(field)) {
                    throw malformed(text, "missing " + field + "="
                            + (field.endsWith("_concat") ? DartsSpace.CONCAT.toString() : "[...]"));
                }
            }
            String why = problem(CellType.NORMAL, normal);
            if (why == null) {
                why = problem(CellType.REDUCE, reduce);
            }
            if (why != null) {
                throw malformed(text, why);
            }
            return new DartsGenotype(normal, reduce);
        }

        /** {@code [('op', from), ...]}. */
        private List<Pair> pairs(String field) {
            expect("[", "opening the " + field + " list");
            List<Pair> out = new ArrayList<>();
            while (!at("]")) {
                expect("(", "opening an (op, input) pair of " + field);
                Token op = expect(Kind.STRING, "a quoted op name in " + field);
                // a quote left out swallows the text up to the next quote: say so, not "unknown op"
                if (!op.text().matches("[A-Za-z0-9_]+")) {
                    throw malformed(text, "op name '" + op.text() + "' at position " + op.pos()
                            + " is not a plain name; is a quote missing?");
                }
                DartsSpace.INSTANCE.opIndex(op.text());
                expect(",", "after the op name in " + field);
                int from = integer("an input node index in " + field);
                if (from < 0) {
                    throw malformed(text, "input node " + from + " of op '" + op.text() + "' in " + field
                            + " is negative");
                }
                expect(")", "closing an (op, input) pair of " + field);
                out.add(new Pair(op.text(), from));
                if (!at(",")) {
                    break;
                }
                next++;
            }
            expect("]", "closing the " + field + " list");
            return out;
        }

        /** {@code [2, 3, 4, 5]} or {@code range(2, 6)}; only {@link DartsSpace#CONCAT} is valid. */
        private void concat(String field) {
            int start = peek().pos();
            List<Integer> nodes;
            if (peek().kind() == Kind.NAME && peek().text().equals("range")) {
                next++;
                expect("(", "after range");
                int a = integer("a range bound in " + field);
                int b;
                if (at(",")) {
                    next++;
                    b = integer("a range bound in " + field);
                } else {
                    // range(n) counts from 0, as in Python
                    b = a;
                    a = 0;
                }
                expect(")", "closing range(");
                // a range much longer than the cell cannot match anyway
                nodes = b - a > DartsSpace.NODES ? null : IntStream.range(a, b).boxed().toList();
            } else {
                expect("[", "opening the " + field + " list (or range(2, 6))");
                nodes = new ArrayList<>();
                while (!at("]")) {
                    nodes.add(integer("a node index in " + field));
                    if (!at(",")) {
                        break;
                    }
                    next++;
                }
                expect("]", "closing the " + field + " list");
            }
            if (!DartsSpace.CONCAT.equals(nodes)) {
                String found = text.substring(start, tokens.get(next - 1).pos() + 1).replaceAll("\\s+", " ");
                throw malformed(text, field + " must be " + DartsSpace.CONCAT + " (or range(2, 6)), found " + found);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DartsGenotype other && cells.equals(other.cells);
    }

    @Override
    public int hashCode() {
        return cells.hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
