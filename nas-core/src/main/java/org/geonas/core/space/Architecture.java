package org.geonas.core.space;

/** A discrete architecture of a search space: one operation chosen per edge. */
public interface Architecture {

    /** The space this architecture belongs to. */
    SearchSpace space();

    /** The literature's text form (the NAS-Bench-201 string, a DARTS genotype). */
    String encode();

    /** The chosen operation index of each edge of a cell type, in {@link SearchSpace#edges} order. */
    int[] opIndices(CellType cellType);
}
