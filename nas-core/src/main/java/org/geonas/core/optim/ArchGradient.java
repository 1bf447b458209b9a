package org.geonas.core.optim;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;

/**
 * dLoss/d(what the supernet consumed): the op values of an {@link ArchSample}, and its per-edge
 * weights when it had them.
 *
 * @param ops gradient with respect to the sample's op values (same layout)
 * @param edges gradient with respect to the per-edge weights, or null
 */
public record ArchGradient(ArchWeights ops, Map<CellType, double[]> edges) {

    public ArchGradient {
        edges = edges == null ? null : Collections.unmodifiableMap(new EnumMap<>(edges));
    }

    /** The first entry that is not finite (an op's or an edge weight's), or null if all are. */
    public String firstNonFinite() {
        String op = ops.firstNonFinite();
        if (op != null || edges == null) {
            return op;
        }
        for (Map.Entry<CellType, double[]> e : edges.entrySet()) {
            for (int edge = 0; edge < e.getValue().length; edge++) {
                if (!Double.isFinite(e.getValue()[edge])) {
                    return e.getKey().id() + " cell edge weight " + ops.space().edges(e.getKey()).get(edge).label()
                            + " = " + e.getValue()[edge];
                }
            }
        }
        return null;
    }

    /** A gradient of the op values only. */
    public static ArchGradient of(ArchWeights ops) {
        return new ArchGradient(ops, null);
    }
}
