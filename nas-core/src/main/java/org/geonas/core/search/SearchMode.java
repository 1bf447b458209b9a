package org.geonas.core.search;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the architecture and the network weights share the data. */
public enum SearchMode {
    /** Architecture step on a validation batch, then a weight step on a training batch (the images split by search_split). */
    BILEVEL("bilevel"),
    /** Single level: one forward/backward on a training batch updates both (empirical risk minimization). */
    ERM("erm");

    private final String id;

    SearchMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The mode with this id, or an error listing the known ids. */
    public static SearchMode fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + id + "'; known: "
                        + Arrays.stream(values()).map(SearchMode::id).collect(Collectors.joining(", "))));
    }
}
