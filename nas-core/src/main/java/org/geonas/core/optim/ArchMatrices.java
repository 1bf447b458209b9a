package org.geonas.core.optim;

import java.util.EnumMap;
import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;

/** Mutable per-cell-type edge-by-op matrices, the working storage of the optimizers. */
final class ArchMatrices {

    private ArchMatrices() {
    }

    static Map<CellType, double[][]> copyOf(ArchWeights w) {
        Map<CellType, double[][]> out = new EnumMap<>(CellType.class);
        for (CellType type : w.space().cellTypes()) {
            out.put(type, w.matrix(type));
        }
        return out;
    }

    static double[] flatten(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * cols, cols);
        }
        return out;
    }

    static double[][] unflatten(double[] flat, int rows, int cols) {
        if (flat.length != rows * cols) {
            throw new IllegalArgumentException("state array has " + flat.length + " values, expected " + rows * cols);
        }
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** Stores each matrix under {@code prefix + "." + cellType}. */
    static void put(Map<String, double[]> into, String prefix, Map<CellType, double[][]> matrices) {
        matrices.forEach((type, m) -> into.put(prefix + "." + type.id(), flatten(m)));
    }

    /** Reads back what {@link #put} stored. */
    static Map<CellType, double[][]> get(ArchOptimizerState state, String prefix, SearchSpace space) {
        Map<CellType, double[][]> out = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            out.put(type, unflatten(state.array(prefix + "." + type.id()), space.edges(type).size(), space.ops().size()));
        }
        return out;
    }

    static Map<CellType, double[][]> zeros(SearchSpace space) {
        Map<CellType, double[][]> out = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            out.put(type, new double[space.edges(type).size()][space.ops().size()]);
        }
        return out;
    }
}
