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

    /** A gradient of the op values only. */
    public static ArchGradient of(ArchWeights ops) {
        return new ArchGradient(ops, null);
    }
}
