package org.geonas.core.search;

import org.geonas.core.config.Choice;

/** How a single-level (ERM) search steps the architecture and the network weights. */
public enum ErmStep implements Choice {
    /** One forward and backward on a training batch gives both gradients. */
    JOINT("joint"),
    /**
     * An architecture step on a training batch of its own, then the weight step with the updated
     * architecture: the GAEA reference's single-level search.
     */
    SEPARATE("separate");

    private final String id;

    ErmStep(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
