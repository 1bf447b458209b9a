package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;

/**
 * Accumulates the terms flowing into each node of a cell with as few new tensors as possible:
 * a term this pass created ("owned") becomes the accumulator and later terms are added in place
 * (no autograd node saves an accumulator, so in-place is safe); terms that are views of shared
 * tensors are never written to. Consumed terms are closed at once to keep the peak low. 0-d terms
 * (weight-only ops) are summed apart and broadcast-added when the node is taken.
 */
final class NodeSums {

    private final NDArray[] sums;
    private final boolean[] owned;
    private final NDArray[] scalars;

    NodeSums(int nodes) {
        sums = new NDArray[nodes];
        owned = new boolean[nodes];
        scalars = new NDArray[nodes];
    }

    /** Adds a 0-d term, broadcast over the node when it is taken; null is ignored. */
    void addScalar(int node, NDArray term) {
        if (term != null) {
            scalars[node] = scalars[node] == null ? term : scalars[node].add(term);
        }
    }

    /** Adds a fresh tensor that nobody else references. */
    void addOwned(int node, NDArray term) {
        if (sums[node] == null) {
            sums[node] = term;
            owned[node] = true;
        } else if (owned[node]) {
            sums[node].addi(term);
            term.close();
        } else {
            NDArray shared = sums[node];
            term.addi(shared);
            sums[node] = term;
            owned[node] = true;
        }
    }

    /** Adds a tensor that may be a view of something still in use; null is ignored. */
    void addShared(int node, NDArray term) {
        if (term == null) {
            return;
        }
        if (sums[node] == null) {
            sums[node] = term;
            owned[node] = false;
        } else if (owned[node]) {
            sums[node].addi(term);
        } else {
            sums[node] = sums[node].add(term);
            owned[node] = true;
        }
    }

    /** The finished sum of a node; zeros shaped like {@code like} if nothing flowed in. */
    NDArray take(int node, NDArray like) {
        NDArray sum = sums[node] != null ? sums[node] : like.zerosLike();
        if (scalars[node] == null) {
            return sum;
        }
        return sums[node] == null || owned[node] ? sum.addi(scalars[node]) : sum.add(scalars[node]);
    }
}
