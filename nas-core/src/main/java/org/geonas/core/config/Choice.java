package org.geonas.core.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An enum constant that settings name by a short id ({@code he-normal}, {@code best-valid-epoch}),
 * with the lookup every such enum needs.
 */
public interface Choice {

    /** The id used in specs, sweep files and tables. */
    String id();

    /** The constant with this id, or an error naming the setting and listing the known ids. */
    static <E extends Enum<E> & Choice> E fromId(Class<E> type, String id, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + id + "'; known: " + ids(type));
    }

    /** The ids of all constants, comma-separated, in declaration order. */
    static <E extends Enum<E> & Choice> String ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::id).collect(Collectors.joining(", "));
    }
}
