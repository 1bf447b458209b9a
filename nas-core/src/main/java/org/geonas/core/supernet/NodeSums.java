package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;

/**
 * Accumulates the terms flowing into each node of a cell with as few new tensors as possible:
 * a term this pass created ("owned") becomes the accumulator and later terms are added in place
 * (no autograd node saves an accumulator, so in-place is safe); terms that are views of shared
 * tensors are never written to. Consumed terms are closed at once to keep the peak low.
 */
final class NodeSums {

    private final NDArray[] sums;
    private final boolean[] owned;

    NodeSums(int nodes) {
        sums = new NDArray[nodes];
        owned = new boolean[nodes];
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
        return sums[node] != null ? sums[node] : like.zerosLike();
    }
}
