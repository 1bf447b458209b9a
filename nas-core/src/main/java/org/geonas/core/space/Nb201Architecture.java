package org.geonas.core.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NAS-Bench-201 cell: one op per edge, in {@link Nb201Space} edge order. Its text form lists
 * the incoming edges of nodes 1, 2 and 3 as {@code |op~from|}, nodes joined by {@code +}:
 * {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|}.
 */
public final class Nb201Architecture implements Architecture {

    private static final String EXAMPLE =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    private final int[] ops;

    /** @param ops op index per edge, in {@link Nb201Space} edge order */
    public Nb201Architecture(int[] ops) {
        int edges = Nb201Space.INSTANCE.edges(CellType.NORMAL).size();
        if (ops.length != edges) {
            throw new IllegalArgumentException("a NAS-Bench-201 cell has " + edges + " edges, got " + ops.length);
        }
        for (int op : ops) {
            if (op < 0 || op >= Nb201Space.INSTANCE.ops().size()) {
                throw new IllegalArgumentException("op index out of range: " + op);
            }
        }
        this.ops = ops.clone();
    }

    /** Parses the text form; every malformation gets a message that shows the expected form. */
    public static Nb201Architecture parse(String text) {
        if (text == null || text.isBlank()) {
            throw malformed(text, "it is empty");
        }
        String s = text.strip();
        String[] nodes = s.split("\\+", -1);
        if (nodes.length != Nb201Space.NODES - 1) {
            throw malformed(text, "expected " + (Nb201Space.NODES - 1) + " nodes separated by '+', found " + nodes.length);
        }
        List<Integer> ops = new ArrayList<>();
        for (int node = 1; node < Nb201Space.NODES; node++) {
            String part = nodes[node - 1];
            if (part.length() < 2 || !part.startsWith("|") || !part.endsWith("|")) {
                throw malformed(text, "node " + node + " must be written |op~from|...|");
            }
            String[] items = part.substring(1, part.length() - 1).split("\\|", -1);
            if (items.length != node) {
                throw malformed(text, "node " + node + " must have " + node + " incoming edges, found " + items.length);
            }
            for (int from = 0; from < node; from++) {
                String[] opAndSource = items[from].split("~", -1);
                if (opAndSource.length != 2) {
                    throw malformed(text, "edge '" + items[from] + "' must be op~from");
                }
                if (!opAndSource[1].equals(Integer.toString(from))) {
                    throw malformed(text, "edge '" + items[from] + "' of node " + node + " must come from node " + from);
                }
                ops.add(Nb201Space.INSTANCE.opIndex(opAndSource[0]));
            }
        }
        return new Nb201Architecture(ops.stream().mapToInt(Integer::intValue).toArray());
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("malformed NAS-Bench-201 architecture '" + text + "': " + why
                + "; expected a string like " + EXAMPLE);
    }

    @Override
    public Nb201Space space() {
        return Nb201Space.INSTANCE;
    }

    @Override
    public int[] opIndices(CellType cellType) {
        if (cellType != CellType.NORMAL) {
            throw new IllegalArgumentException("NAS-Bench-201 has only the normal cell type");
        }
        return ops.clone();
    }

    /** The op name on each edge. */
    public List<String> opNames() {
        return Arrays.stream(ops).mapToObj(i -> Nb201Space.INSTANCE.ops().get(i)).toList();
    }

    @Override
    public String encode() {
        StringBuilder sb = new StringBuilder();
        int e = 0;
        for (int node = 1; node < Nb201Space.NODES; node++) {
            if (node > 1) {
                sb.append('+');
            }
            sb.append('|');
            for (int from = 0; from < node; from++) {
                sb.append(Nb201Space.INSTANCE.ops().get(ops[e++])).append('~').append(from).append('|');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nb201Architecture other && Arrays.equals(ops, other.ops);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ops);
    }

    @Override
    public String toString() {
        return encode();
    }
}
