package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The architecture weights one forward pass consumes: an {@code edges x ops} array (which may
 * require a gradient) and which (edge, op) pairs are computed at all. An op that is not active
 * contributes nothing and costs nothing; it is how a discrete architecture or a sampled one
 * (GDAS) runs only its chosen ops.
 *
 * <p>Derived arrays are made once per pass and shared by all cells: the 0-d weight of each
 * active op, per-channel weight vectors that become the scale of a non-affine BN (so a weighted
 * conv output costs no extra multiply), zero shifts, and the average-pool correction maps
 * already multiplied by the pool weight. None of them is ever combined with a Java number.
 *
 * <p>Optionally some inactive ops enter their edge's output as their weight alone (GDAS'
 * straight-through sum in the reference: an unsampled op adds its weight, 0 in the hard sample,
 * so it gets the node's summed gradient); see {@link #withWeightOnly}.
 */
public final class EdgeWeights {

    private final NDArray weights;
    private final boolean[][] active;
    private final NDArray[][] scalars;
    private final PoolDivisors divisors;
    private final Map<String, NDArray> cache = new HashMap<>();
    /** Per edge, whether any op enters by its weight alone; null when none does. */
    private final boolean[] hasWeightOnly;
    private final float[] weightOnlyMask;
    private NDArray[] weightOnlySums;

    private EdgeWeights(NDArray weights, boolean[][] active) {
        this(weights, active, null);
    }

    private EdgeWeights(NDArray weights, boolean[][] active, boolean[][] weightOnly) {
        Shape shape = weights.getShape();
        if (shape.dimension() != 2 || shape.get(0) != active.length) {
            throw new IllegalArgumentException("edge weights must be edges x ops, got " + shape);
        }
        this.weights = weights;
        this.active = new boolean[active.length][];
        this.scalars = new NDArray[active.length][];
        for (int e = 0; e < active.length; e++) {
            this.active[e] = active[e].clone();
            this.scalars[e] = new NDArray[active[e].length];
        }
        this.divisors = new PoolDivisors(weights.getManager());
        if (weightOnly == null) {
            this.hasWeightOnly = null;
            this.weightOnlyMask = null;
            return;
        }
        int ops = (int) shape.get(1);
        if (weightOnly.length != active.length) {
            throw new IllegalArgumentException("weight-only ops given for " + weightOnly.length + " edges, not "
                    + active.length);
        }
        this.hasWeightOnly = new boolean[active.length];
        this.weightOnlyMask = new float[active.length * ops];
        for (int e = 0; e < active.length; e++) {
            for (int o = 0; o < ops; o++) {
                if (weightOnly[e][o]) {
                    if (active[e][o]) {
                        throw new IllegalArgumentException("op " + o + " of edge " + e
                                + " is both computed and weight-only");
                    }
                    hasWeightOnly[e] = true;
                    weightOnlyMask[e * ops + o] = 1f;
                }
            }
        }
    }

    /** Every op of every edge computed (DARTS, GAEA on the dense supernet), except {@code noneOp}. */
    public static EdgeWeights dense(NDArray weights, int noneOp) {
        int edges = (int) weights.getShape().get(0);
        int ops = (int) weights.getShape().get(1);
        boolean[][] active = new boolean[edges][ops];
        for (boolean[] row : active) {
            Arrays.fill(row, true);
            if (noneOp >= 0) {
                row[noneOp] = false; // its output is zero and so is the gradient of its weight
            }
        }
        return new EdgeWeights(weights, active);
    }

    /** Only the given (edge, op) pairs computed. */
    public static EdgeWeights masked(NDArray weights, boolean[][] active) {
        return new EdgeWeights(weights, active);
    }

    /**
     * These weights with the given inactive ops entering their edge's output as their weight alone
     * (broadcast over the output): their value is not computed, but they get the summed gradient
     * of the output they join.
     */
    public EdgeWeights withWeightOnly(boolean[][] weightOnly) {
        return new EdgeWeights(weights, active, weightOnly);
    }

    /**
     * The 0-d sum of an edge's weight-only ops' weights, to be added to the edge's output; null
     * when the edge has none.
     */
    public NDArray weightOnlySum(int edge) {
        if (hasWeightOnly == null || !hasWeightOnly[edge]) {
            return null;
        }
        if (weightOnlySums == null) {
            // one masked row sum for all edges, sliced per edge; the mask stays open (the multiply
            // saves it for backward, and it may view a Java buffer) until the pass's manager closes
            NDArray mask = weights.getManager().create(weightOnlyMask, weights.getShape());
            if (mask.getDataType() != weights.getDataType()) {
                mask = mask.toType(weights.getDataType(), false);
            }
            try (NDArray masked = weights.mul(mask)) {
                NDArray sums = masked.sum(new int[] {1});
                weightOnlySums = new NDArray[active.length];
                for (int e = 0; e < active.length; e++) {
                    weightOnlySums[e] = hasWeightOnly[e] ? sums.get(e) : null;
                }
            }
        }
        return weightOnlySums[edge];
    }

    /** The weights array everything is sliced from. */
    public NDArray array() {
        return weights;
    }

    public boolean isActive(int edge, int op) {
        return active[edge][op];
    }

    /** The 0-d weight of an active op; broadcastable against feature maps. */
    public NDArray scalar(int edge, int op) {
        requireActive(edge, op);
        if (scalars[edge][op] == null) {
            scalars[edge][op] = weights.get(edge, op);
        }
        return scalars[edge][op];
    }

    /**
     * The vector {@code [w(e0,op) x channels, w(e1,op) x channels, ...]}: the BN scale that
     * weights each edge's block of a fused convolution's output.
     */
    public NDArray channelWeights(int[] edges, int op, int channels) {
        String key = "cw" + Arrays.toString(edges) + op + "x" + channels;
        return cache.computeIfAbsent(key, k -> {
            long[] index = new long[edges.length * channels];
            for (int p = 0; p < edges.length; p++) {
                requireActive(edges[p], op);
                Arrays.fill(index, p * channels, (p + 1) * channels, edges[p]);
            }
            NDManager m = weights.getManager();
            NDArray column = weights.get(":, {}", op);
            return column.get(m.create(index));
        });
    }

    /** A constant zero vector, the BN shift of a non-affine BN. */
    public NDArray zeros(int length) {
        return cache.computeIfAbsent("z" + length, k -> weights.getManager().zeros(new Shape(length)));
    }

    /**
     * {@code w(edge, op) * 9 / count}: applied to an average pool that counts padding, gives the
     * weighted pool that does not.
     */
    public NDArray poolFactor(int edge, int op, int h, int w) {
        String key = "pool" + edge + "_" + op + "_" + h + "x" + w;
        return cache.computeIfAbsent(key, k -> divisors.forSize(h, w).mul(scalar(edge, op)));
    }

    private void requireActive(int edge, int op) {
        if (!active[edge][op]) {
            throw new IllegalStateException("op " + op + " of edge " + edge + " is not active");
        }
    }
}
