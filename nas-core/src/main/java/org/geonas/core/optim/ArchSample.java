package org.geonas.core.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;

/**
 * What the supernet consumes in one step, as chosen by the architecture optimizer: the op
 * values of every edge (the simplex point itself for DARTS and GAEA; a sampled hard one-hot for
 * GDAS and random search), which ops are computed at all (null: every op but {@code none}),
 * optionally one weight per edge (PC-DARTS' edge normalization), and whatever the optimizer
 * needs to map the gradient back (GDAS' soft sample).
 */
public final class ArchSample {

    private final ArchWeights values;
    private final Map<CellType, boolean[][]> active;
    private final Map<CellType, boolean[][]> unsampled;
    private final Map<CellType, double[]> edgeWeights;
    private final ArchWeights soft;
    private final double temperature;

    private ArchSample(ArchWeights values, Map<CellType, boolean[][]> active, Map<CellType, boolean[][]> unsampled,
            Map<CellType, double[]> edgeWeights, ArchWeights soft, double temperature) {
        this.temperature = temperature;
        this.values = values;
        this.active = active == null ? null : Collections.unmodifiableMap(new EnumMap<>(active));
        this.unsampled = unsampled == null ? null : Collections.unmodifiableMap(new EnumMap<>(unsampled));
        this.edgeWeights = edgeWeights == null ? null : Collections.unmodifiableMap(new EnumMap<>(edgeWeights));
        this.soft = soft;
    }

    /** The weights themselves, every op but none computed. */
    public static ArchSample dense(ArchWeights weights) {
        return new ArchSample(weights, null, null, null, null, Double.NaN);
    }

    /** A sampled one-hot architecture: only the chosen op of each edge runs. */
    public static ArchSample oneHot(SearchSpace space, Map<CellType, int[]> chosen, ArchWeights soft,
            double temperature) {
        Map<CellType, double[][]> rows = new EnumMap<>(CellType.class);
        Map<CellType, boolean[][]> masks = new EnumMap<>(CellType.class);
        Map<CellType, boolean[][]> others = new EnumMap<>(CellType.class);
        int none = space.ops().indexOf("none");
        for (CellType type : space.cellTypes()) {
            int[] ops = chosen.get(type);
            double[][] v = new double[ops.length][space.ops().size()];
            boolean[][] m = new boolean[ops.length][space.ops().size()];
            boolean[][] u = new boolean[ops.length][space.ops().size()];
            for (int e = 0; e < ops.length; e++) {
                v[e][ops[e]] = 1.0;
                m[e][ops[e]] = ops[e] != none;
                Arrays.fill(u[e], true);
                u[e][ops[e]] = false;
            }
            rows.put(type, v);
            masks.put(type, m);
            others.put(type, u);
        }
        return new ArchSample(new ArchWeights(space, rows), masks, others, null, soft, temperature);
    }

    /** This sample with per-edge weights added. */
    public ArchSample withEdgeWeights(Map<CellType, double[]> weights) {
        return new ArchSample(values, active, unsampled, weights, soft, temperature);
    }

    public ArchWeights values() {
        return values;
    }

    /** Which ops run, per cell type; null when every op but none does. */
    public boolean[][] active(CellType type) {
        return active == null ? null : active.get(type);
    }

    /** The ops each edge did not sample, per cell type; null for a dense sample (nothing was sampled). */
    public boolean[][] unsampled(CellType type) {
        return unsampled == null ? null : unsampled.get(type);
    }

    /** Whether this sample has per-edge weights. */
    public boolean hasEdgeWeights() {
        return edgeWeights != null;
    }

    /** The per-edge weights of a cell type (a copy). */
    public double[] edgeWeights(CellType type) {
        return edgeWeights.get(type).clone();
    }

    /** The Gumbel-softmax temperature of a GDAS sample, NaN otherwise. */
    public double temperature() {
        return temperature;
    }

    /** The soft sample behind a hard one (GDAS), or null. */
    public ArchWeights soft() {
        return soft;
    }
}
