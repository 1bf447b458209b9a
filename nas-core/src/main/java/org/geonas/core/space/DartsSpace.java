package org.geonas.core.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DARTS CNN cell space: a normal and a reduction cell, each with 2 input nodes (0, 1) and 4
 * intermediate nodes (2..5); every intermediate node receives an edge from every lower node, 14
 * edges per cell ordered by target node then source ({@code 2<-0, 2<-1, 3<-0, ..., 5<-4}), 8
 * candidate ops. The derived genotype keeps, per intermediate node, the 2 incoming edges with the
 * largest non-{@code none} weight and on each the strongest non-{@code none} op, as the DARTS
 * search code's {@code genotype()} does.
 */
public final class DartsSpace implements SearchSpace {

    /** The only instance. */
    public static final DartsSpace INSTANCE = new DartsSpace();

    /** Number of nodes of a cell, the 2 input nodes included. */
    public static final int NODES = 6;

    /** Number of input nodes (the outputs of the two previous cells). */
    public static final int INPUTS = 2;

    /** Number of incoming edges an intermediate node keeps in a genotype. */
    public static final int KEPT_PER_NODE = 2;

    /** The nodes whose outputs are concatenated into the cell output. */
    public static final List<Integer> CONCAT = List.of(2, 3, 4, 5);

    private static final List<String> OPS = List.of("none", "max_pool_3x3", "avg_pool_3x3", "skip_connect",
            "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5");
    private static final int NONE = 0;
    private static final List<Edge> EDGES = buildEdges();

    private DartsSpace() {
    }

    private static List<Edge> buildEdges() {
        List<Edge> edges = new ArrayList<>();
        for (int to = INPUTS; to < NODES; to++) {
            for (int from = 0; from < to; from++) {
                edges.add(new Edge(to, from));
            }
        }
        return List.copyOf(edges);
    }

    /** Index of the edge {@code to<-from} in {@link #edges} order (the same for both cell types). */
    public static int edgeIndex(int to, int from) {
        if (to < INPUTS || to >= NODES || from < 0 || from >= to) {
            throw new IllegalArgumentException("no edge " + to + "<-" + from + " in a DARTS cell");
        }
        // nodes 2..to-1 have 2, 3, ..., to-1 incoming edges before node to's first one
        return (to - 1) * to / 2 - 1 + from;
    }

    @Override
    public String id() {
        return "darts";
    }

    @Override
    public List<String> ops() {
        return OPS;
    }

    @Override
    public List<CellType> cellTypes() {
        return List.of(CellType.NORMAL, CellType.REDUCE);
    }

    @Override
    public List<Edge> edges(CellType cellType) {
        if (cellType == null) {
            throw new IllegalArgumentException("cell type must be given");
        }
        return EDGES;
    }

    @Override
    public DartsGenotype derive(ArchWeights weights) {
        if (weights.space() != this) {
            throw new IllegalArgumentException("weights of space " + weights.space().id() + " given to space darts");
        }
        return new DartsGenotype(deriveCell(weights.matrix(CellType.NORMAL)),
                deriveCell(weights.matrix(CellType.REDUCE)));
    }

    private static List<DartsGenotype.Pair> deriveCell(double[][] w) {
        List<DartsGenotype.Pair> pairs = new ArrayList<>();
        for (int to = INPUTS; to < NODES; to++) {
            Integer[] sources = new Integer[to];
            double[] score = new double[to];
            int[] bestOp = new int[to];
            for (int from = 0; from < to; from++) {
                sources[from] = from;
                bestOp[from] = strongestNonNone(w[edgeIndex(to, from)]);
                score[from] = w[edgeIndex(to, from)][bestOp[from]];
            }
            // stable sort, strongest first: ties keep the lower edge, as Python's sorted() in DARTS
            Arrays.sort(sources, (a, b) -> Double.compare(score[b], score[a]));
            for (int k = 0; k < KEPT_PER_NODE; k++) {
                int from = sources[k];
                pairs.add(new DartsGenotype.Pair(OPS.get(bestOp[from]), from));
            }
        }
        return pairs;
    }

    /** The op of largest weight other than {@code none}, the first on ties. */
    private static int strongestNonNone(double[] row) {
        int best = -1;
        for (int op = 0; op < row.length; op++) {
            if (op != NONE && (best < 0 || row[op] > row[best])) {
                best = op;
            }
        }
        return best;
    }

    @Override
    public DartsGenotype parse(String text) {
        return DartsGenotype.parse(text);
    }

    @Override
    public int defaultCells() {
        return 8;
    }

    @Override
    public int defaultBatch() {
        return 256;
    }
}
