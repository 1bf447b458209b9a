package org.geonas.core.search;

import org.geonas.core.config.Choice;

/** What a GDAS step does with the ops of an edge that were not sampled. */
public enum GdasUnsampledOps implements Choice {
    /** They are not computed and take no part: their architecture gradient is 0. */
    SKIP("skip"),
    /**
     * They are not computed but enter the node sum as their weight, whose value in the hard sample
     * is 0 (straight-through): their gradient is the sum of the node's output gradient. The
     * reference GDAS ({@code forward_gdas}) does this.
     */
    ZERO_WEIGHT("zero-weight");

    private final String id;

    GdasUnsampledOps(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
