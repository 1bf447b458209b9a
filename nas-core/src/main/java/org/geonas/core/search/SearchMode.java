package org.geonas.core.search;

import org.geonas.core.config.Choice;

/** How the architecture and the network weights share the data. */
public enum SearchMode implements Choice {
    /** Architecture step on a validation batch, then a weight step on a training batch (the images split by search_split). */
    BILEVEL("bilevel"),
    /** Single level (empirical risk minimization): both on the training images, jointly or in separate steps (erm_step). */
    ERM("erm");

    private final String id;

    SearchMode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** The mode with this id, or an error listing the known ids. */
    public static SearchMode fromId(String id) {
        return Choice.fromId(SearchMode.class, id, "mode");
    }
}
