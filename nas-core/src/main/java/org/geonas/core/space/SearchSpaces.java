package org.geonas.core.space;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of search spaces by id. */
public final class SearchSpaces {

    private static final Map<String, SearchSpace> BY_ID = List.<SearchSpace>of(Nb201Space.INSTANCE, DartsSpace.INSTANCE).stream()
            .collect(Collectors.toUnmodifiableMap(SearchSpace::id, Function.identity()));

    private SearchSpaces() {
    }

    /** The known ids, sorted, comma-separated. */
    public static String ids() {
        return String.join(", ", new java.util.TreeSet<>(BY_ID.keySet()));
    }

    /** The space with this id, or an error listing the known ids. */
    public static SearchSpace byId(String id) {
        SearchSpace space = BY_ID.get(id);
        if (space == null) {
            throw new IllegalArgumentException("unknown search space '" + id + "'; known: " + ids());
        }
        return space;
    }
}
