package org.geonas.report;

import java.util.ArrayList;
import java.util.List;
import org.geonas.core.space.Architecture;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.SearchSpaces;

/**
 * How often each op was chosen on each edge of one cell type in a method's final architectures.
 * In the DARTS space an edge a genotype does not keep counts as {@code none}.
 *
 * @param counts counts[edge][op], edges and ops in the space's order
 * @param architectures how many final architectures were counted
 */
public record OpFrequency(MethodKey key, CellType cellType, List<String> edges, List<String> ops, long[][] counts,
        int architectures) {

    public OpFrequency {
        edges = List.copyOf(edges);
        ops = List.copyOf(ops);
        counts = deepCopy(counts);
    }

    @Override
    public long[][] counts() {
        return deepCopy(counts);
    }

    /** One entry per cell type of the method's space, from its final architectures (parsed by the space). */
    public static List<OpFrequency> count(MethodKey key, List<String> finalArchs) {
        SearchSpace space = SearchSpaces.byId(key.panel().space());
        List<Architecture> archs = finalArchs.stream().map(space::parse).toList();
        List<OpFrequency> result = new ArrayList<>();
        for (CellType type : space.cellTypes()) {
            List<String> edges = space.edges(type).stream().map(Edge::label).toList();
            long[][] counts = new long[edges.size()][space.ops().size()];
            for (Architecture a : archs) {
                int[] ops = a.opIndices(type);
                for (int e = 0; e < ops.length; e++) {
                    counts[e][ops[e]]++;
                }
            }
            result.add(new OpFrequency(key, type, edges, space.ops(), counts, archs.size()));
        }
        return result;
    }

    /** The count of an op on an edge. */
    public long count(int edge, int op) {
        return counts[edge][op];
    }

    private static long[][] deepCopy(long[][] a) {
        long[][] copy = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }
}
