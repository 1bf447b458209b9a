package org.geonas.core.space;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A space searched without its {@code none} op, as the GAEA reference searches NAS-Bench-201
 * ({@code search.exclude_zero}): the architecture weights have one column fewer, so {@code none}
 * can neither take weight nor win the derived architecture. The supernet and the architectures
 * stay those of the full space; {@link #padded} and {@link #reduced} move weights between the two.
 */
public final class NoneExcluded implements SearchSpace {

    private static final Map<String, NoneExcluded> BY_FULL_ID = new ConcurrentHashMap<>();

    private final SearchSpace full;
    private final int none;
    private final List<String> ops;

    private NoneExcluded(SearchSpace full) {
        this.full = full;
        this.none = full.opIndex("none");
        this.ops = full.ops().stream().filter(op -> !op.equals("none")).toList();
    }

    /** The space without none (one instance per full space). */
    public static NoneExcluded of(SearchSpace full) {
        if (full instanceof NoneExcluded already) {
            return already;
        }
        return BY_FULL_ID.computeIfAbsent(full.id(), id -> new NoneExcluded(full));
    }

    /** Same id as the full space: the supernet, tables and benchmarks are the full space's. */
    @Override
    public String id() {
        return full.id();
    }

    @Override
    public List<String> ops() {
        return ops;
    }

    @Override
    public List<CellType> cellTypes() {
        return full.cellTypes();
    }

    @Override
    public List<Edge> edges(CellType cellType) {
        return full.edges(cellType);
    }

    /** The full space's rule on the weights with none at 0, which never wins over a positive weight. */
    @Override
    public Architecture derive(ArchWeights weights) {
        return full.derive(padded(weights));
    }

    @Override
    public Architecture parse(String text) {
        return full.parse(text);
    }

    @Override
    public int defaultCells() {
        return full.defaultCells();
    }

    @Override
    public int defaultBatch() {
        return full.defaultBatch();
    }

    @Override
    public SearchSpace full() {
        return full;
    }

    /** Column of {@code none} in the full space's weights. */
    public int noneIndex() {
        return none;
    }

    /** Weights of this space in the full space, {@code none} at 0. */
    public ArchWeights padded(ArchWeights weights) {
        Map<CellType, double[][]> rows = new EnumMap<>(CellType.class);
        for (CellType type : cellTypes()) {
            double[][] m = weights.matrix(type);
            double[][] out = new double[m.length][];
            for (int e = 0; e < m.length; e++) {
                out[e] = new double[m[e].length + 1];
                System.arraycopy(m[e], 0, out[e], 0, none);
                System.arraycopy(m[e], none, out[e], none + 1, m[e].length - none);
            }
            rows.put(type, out);
        }
        return new ArchWeights(full, rows);
    }

    /** Full-space rows (weights or gradients) with the {@code none} column dropped. */
    public ArchWeights reduced(Map<CellType, double[][]> fullRows) {
        Map<CellType, double[][]> rows = new EnumMap<>(CellType.class);
        for (CellType type : cellTypes()) {
            double[][] m = fullRows.get(type);
            double[][] out = new double[m.length][];
            for (int e = 0; e < m.length; e++) {
                out[e] = new double[m[e].length - 1];
                System.arraycopy(m[e], 0, out[e], 0, none);
                System.arraycopy(m[e], none + 1, out[e], none, out[e].length - none);
            }
            rows.put(type, out);
        }
        return new ArchWeights(this, rows);
    }
}
