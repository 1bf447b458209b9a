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
 */
public final class EdgeWeights {

    private final NDArray weights;
    private final boolean[][] active;
    private final NDArray[][] scalars;
    private final PoolDivisors divisors;
    private final Map<String, NDArray> cache = new HashMap<>();

    private EdgeWeights(NDArray weights, boolean[][] active) {
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
