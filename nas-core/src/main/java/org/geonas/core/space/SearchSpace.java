package org.geonas.core.space;

import java.util.List;

/**
 * A cell-based search space: cell types, their edges and the candidate operations of an edge.
 * Implementations are stateless singletons.
 */
public interface SearchSpace {

    /** The id used in specs and tables, e.g. {@code nb201}. */
    String id();

    /** Candidate operations of every edge, in the order of the weight vectors. */
    List<String> ops();

    /** The cell types whose edges carry architecture weights. */
    List<CellType> cellTypes();

    /** The edges of one cell type, in the order of the weight matrices' rows. */
    List<Edge> edges(CellType cellType);

    /** The discrete architecture read off the weights (the space's pruning rule). */
    Architecture derive(ArchWeights weights);

    /** Parses the space's text form of an architecture; a malformed text gets a message saying what is expected. */
    Architecture parse(String text);

    /** Cells of the default supernet: per stage for NAS-Bench-201, in all for DARTS. */
    int defaultCells();

    /** Batch size of the published searches in this space. */
    int defaultBatch();

    /**
     * The space whose supernet runs this one: itself, or the full space of a space searched with
     * an op left out ({@link NoneExcluded}).
     */
    default SearchSpace full() {
        return this;
    }

    /** Index of an op in {@link #ops()}. */
    default int opIndex(String op) {
        int index = ops().indexOf(op);
        if (index < 0) {
            throw new UnknownOpException(op, this);
        }
        return index;
    }
}
