package org.geonas.core.search;

import org.geonas.core.config.Choice;

/** Which epoch's architecture a search returns. */
public enum DeriveFrom implements Choice {
    /** The architecture derived at the end of the last epoch. */
    LAST_EPOCH("last-epoch"),
    /**
     * The architecture of the epoch with the best validation accuracy (of the mixture, or of the
     * derived architecture for the sampling methods, whose evaluation is discrete): the GAEA
     * reference's bilevel result.
     */
    BEST_VALID_EPOCH("best-valid-epoch");

    private final String id;

    DeriveFrom(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
