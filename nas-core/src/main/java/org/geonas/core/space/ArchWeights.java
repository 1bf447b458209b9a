package org.geonas.core.space;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One non-negative row per edge (ops in {@link SearchSpace#ops()} order) for every cell type of
 * a space. For the architecture weights each row is a point on the probability simplex; the
 * same layout carries gradients with respect to those weights. Immutable: arrays are copied in
 * and out.
 */
public final class ArchWeights {

    private final SearchSpace space;
    private final Map<CellType, double[][]> rows;

    public ArchWeights(SearchSpace space, Map<CellType, double[][]> rows) {
        this.space = space;
        EnumMap<CellType, double[][]> copy = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            double[][] matrix = rows.get(type);
            int edges = space.edges(type).size();
            if (matrix == null || matrix.length != edges) {
                throw new IllegalArgumentException("expected " + edges + " edge rows for cell type " + type.id()
                        + " of space " + space.id());
            }
            double[][] m = new double[edges][];
            for (int e = 0; e < edges; e++) {
                if (matrix[e].length != space.ops().size()) {
                    throw new IllegalArgumentException("expected " + space.ops().size() + " ops on edge " + e
                            + " of cell type " + type.id() + ", got " + matrix[e].length);
                }
                m[e] = matrix[e].clone();
            }
            copy.put(type, m);
        }
        this.rows = Collections.unmodifiableMap(copy);
    }

    /** Every edge at the centre of its simplex: the GAEA starting point. */
    public static ArchWeights uniform(SearchSpace space) {
        return filled(space, 1.0 / space.ops().size());
    }

    /** Every entry equal to {@code value}. */
    public static ArchWeights filled(SearchSpace space, double value) {
        EnumMap<CellType, double[][]> rows = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            double[][] m = new double[space.edges(type).size()][space.ops().size()];
            for (double[] row : m) {
                Arrays.fill(row, value);
            }
            rows.put(type, m);
        }
        return new ArchWeights(space, rows);
    }

    /** The one-hot weights of a discrete architecture. */
    public static ArchWeights oneHot(Architecture arch) {
        SearchSpace space = arch.space();
        EnumMap<CellType, double[][]> rows = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            int[] ops = arch.opIndices(type);
            double[][] m = new double[ops.length][space.ops().size()];
            for (int e = 0; e < ops.length; e++) {
                m[e][ops[e]] = 1.0;
            }
            rows.put(type, m);
        }
        return new ArchWeights(space, rows);
    }

    public SearchSpace space() {
        return space;
    }

    /** A copy of the rows of one cell type. */
    public double[][] matrix(CellType type) {
        double[][] m = rows.get(type);
        double[][] out = new double[m.length][];
        for (int e = 0; e < m.length; e++) {
            out[e] = m[e].clone();
        }
        return out;
    }

    /** A copy of one edge's row. */
    public double[] row(CellType type, int edge) {
        return rows.get(type)[edge].clone();
    }

    /** One entry. */
    public double get(CellType type, int edge, int op) {
        return rows.get(type)[edge][op];
    }

    /** The rows of a cell type flattened edge-major, as the supernet consumes them. */
    public float[] flatFloats(CellType type) {
        double[][] m = rows.get(type);
        int ops = space.ops().size();
        float[] out = new float[m.length * ops];
        for (int e = 0; e < m.length; e++) {
            for (int o = 0; o < ops; o++) {
                out[e * ops + o] = (float) m[e][o];
            }
        }
        return out;
    }

    /** Shannon entropy (natural log) of one edge's distribution. */
    public double edgeEntropy(CellType type, int edge) {
        return Simplex.entropy(rows.get(type)[edge]);
    }

    /** Mean edge entropy over all edges of all cell types: the curve the GAEA paper plots. */
    public double meanEntropy() {
        double sum = 0;
        int count = 0;
        for (double[][] m : rows.values()) {
            for (double[] row : m) {
                sum += Simplex.entropy(row);
                count++;
            }
        }
        return sum / count;
    }

    /** Index of the largest weight on an edge (the first one on ties). */
    public int argmax(CellType type, int edge) {
        return Simplex.argmax(rows.get(type)[edge]);
    }

    /** Whether every entry is finite. */
    public boolean isFinite() {
        for (double[][] m : rows.values()) {
            for (double[] row : m) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The first entry that is not finite, e.g. {@code normal cell edge 2<-0 op nor_conv_3x3 = NaN},
     * or null if all are.
     */
    public String firstNonFinite() {
        for (Map.Entry<CellType, double[][]> e : rows.entrySet()) {
            double[][] m = e.getValue();
            for (int edge = 0; edge < m.length; edge++) {
                for (int op = 0; op < m[edge].length; op++) {
                    if (!Double.isFinite(m[edge][op])) {
                        return e.getKey().id() + " cell edge " + space.edges(e.getKey()).get(edge).label() + " op "
                                + space.ops().get(op) + " = " + m[edge][op];
                    }
                }
            }
        }
        return null;
    }

    /** The raw rows, for serialization: cell type id to edge-major matrix. */
    public Map<String, double[][]> toMap() {
        Map<String, double[][]> out = new java.util.LinkedHashMap<>();
        for (CellType type : space.cellTypes()) {
            out.put(type.id(), matrix(type));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArchWeights other) || !other.space.id().equals(space.id())) {
            return false;
        }
        for (CellType type : space.cellTypes()) {
            if (!Arrays.deepEquals(rows.get(type), other.rows.get(type))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = space.id().hashCode();
        for (CellType type : space.cellTypes()) {
            h = 31 * h + Arrays.deepHashCode(rows.get(type));
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ArchWeights[" + space.id());
        for (CellType type : space.cellTypes()) {
            sb.append(' ').append(type.id()).append('=').append(Arrays.deepToString(rows.get(type)));
        }
        return sb.append(']').toString();
    }
}
