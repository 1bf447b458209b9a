package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.geonas.core.space.CellType;

/**
 * Everything architectural a supernet consumes in one forward pass: for each cell type the
 * op weights of its edges (with which ops are computed at all), and optionally a weight per
 * edge that scales the edge's whole mixed-op output (PC-DARTS' edge normalization). The
 * supernet only reads these; the architecture optimizer owns the variables behind them.
 */
public final class SupernetInput {

    private final Map<CellType, EdgeWeights> ops;
    private final Map<CellType, NDArray> edgeWeights;

    private SupernetInput(Map<CellType, EdgeWeights> ops, Map<CellType, NDArray> edgeWeights) {
        this.ops = new EnumMap<>(ops);
        this.edgeWeights = edgeWeights.isEmpty() ? Map.of() : new EnumMap<>(edgeWeights);
    }

    /** Op weights only. */
    public static SupernetInput of(Map<CellType, EdgeWeights> ops) {
        return new SupernetInput(ops, Map.of());
    }

    /** Op weights and per-edge weights, each cell type's edge weights of shape (edges). */
    public static SupernetInput of(Map<CellType, EdgeWeights> ops, Map<CellType, NDArray> edgeWeights) {
        return new SupernetInput(ops, edgeWeights);
    }

    /** A single-cell-type space's input (NAS-Bench-201). */
    public static SupernetInput normal(EdgeWeights ops) {
        return of(Map.of(CellType.NORMAL, ops));
    }

    /** The op weights of a cell type's edges. */
    public EdgeWeights ops(CellType type) {
        EdgeWeights w = ops.get(type);
        if (w == null) {
            throw new IllegalArgumentException("no architecture weights for cell type " + type.id());
        }
        return w;
    }

    /** The per-edge weights of a cell type, if this input has them. */
    public Optional<NDArray> edgeWeights(CellType type) {
        return Optional.ofNullable(edgeWeights.get(type));
    }
}
