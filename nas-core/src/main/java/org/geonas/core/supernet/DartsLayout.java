package org.geonas.core.supernet;

/**
 * The DARTS CNN cell layout the supernet is wired by, kept here so the supernet does not depend
 * on the search-space classes: 2 input nodes and 4 intermediate nodes, 14 edges ordered by
 * target node then source, and 8 candidate ops (index 0, {@code none}, is never computed).
 */
final class DartsLayout {

    /** Nodes of a cell: 0 and 1 are the cell inputs, 2..5 the intermediate nodes. */
    static final int NODES = 6;
    /** Input nodes of a cell. */
    static final int INPUTS = 2;
    /** Edges of a cell: (2<-0), (2<-1), (3<-0), (3<-1), (3<-2), (4<-0), ..., (5<-4). */
    static final int EDGES = 14;

    static final int NONE = 0;
    static final int MAX_POOL_3X3 = 1;
    static final int AVG_POOL_3X3 = 2;
    static final int SKIP_CONNECT = 3;
    static final int SEP_CONV_3X3 = 4;
    static final int SEP_CONV_5X5 = 5;
    static final int DIL_CONV_3X3 = 6;
    static final int DIL_CONV_5X5 = 7;

    /** Op names in weight-column order (the DARTS space's order). */
    static final String[] OPS = {"none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
        "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"};

    private static final int[] FROM = new int[EDGES];
    private static final int[] TO = new int[EDGES];

    static {
        int e = 0;
        for (int to = INPUTS; to < NODES; to++) {
            for (int from = 0; from < to; from++) {
                FROM[e] = from;
                TO[e] = to;
                e++;
            }
        }
    }

    private DartsLayout() {
    }

    /** The sending node of an edge. */
    static int from(int edge) {
        return FROM[edge];
    }

    /** The receiving node of an edge. */
    static int to(int edge) {
        return TO[edge];
    }

    /** The index of edge {@code to<-from}. */
    static int edge(int to, int from) {
        if (to < INPUTS || to >= NODES || from < 0 || from >= to) {
            throw new IllegalArgumentException("no DARTS edge " + to + "<-" + from);
        }
        // edges into node t start after those of nodes 2..t-1, which number 2 + 3 + ... + (t-1)
        return (to - INPUTS) * (to + INPUTS - 1) / 2 + from;
    }
}
