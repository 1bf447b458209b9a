package org.geonas.core.space;

import java.util.List;

/**
 * The NAS-Bench-201 cell space: 4 nodes, 6 edges ({@code 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2}),
 * 5 candidate ops, one cell type. The derived architecture takes the argmax over all 5 ops of
 * every edge, {@code none} included, as the benchmark's own search code does.
 */
public final class Nb201Space implements SearchSpace {

    /** The only instance. */
    public static final Nb201Space INSTANCE = new Nb201Space();

    /** Number of nodes of the cell, input node included. */
    public static final int NODES = 4;

    private static final List<String> OPS =
            List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");
    private static final List<Edge> EDGES =
            List.of(new Edge(1, 0), new Edge(2, 0), new Edge(2, 1), new Edge(3, 0), new Edge(3, 1), new Edge(3, 2));

    private Nb201Space() {
    }

    @Override
    public String id() {
        return "nb201";
    }

    @Override
    public List<String> ops() {
        return OPS;
    }

    @Override
    public List<CellType> cellTypes() {
        return List.of(CellType.NORMAL);
    }

    @Override
    public List<Edge> edges(CellType cellType) {
        if (cellType != CellType.NORMAL) {
            throw new IllegalArgumentException("NAS-Bench-201 has only the normal cell type");
        }
        return EDGES;
    }

    @Override
    public Nb201Architecture derive(ArchWeights weights) {
        int[] ops = new int[EDGES.size()];
        for (int e = 0; e < ops.length; e++) {
            ops[e] = weights.argmax(CellType.NORMAL, e);
        }
        return new Nb201Architecture(ops);
    }

    @Override
    public Nb201Architecture parse(String text) {
        return Nb201Architecture.parse(text);
    }

    @Override
    public int defaultCells() {
        return 5;
    }

    @Override
    public int defaultBatch() {
        return 64;
    }
}
