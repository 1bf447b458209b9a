package org.geonas.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checked values of a catalogue's settings, every default filled in. Immutable. Equal when every
 * value is equal, however the values were given.
 */
public final class SettingValues {

    private final SettingCatalogue catalogue;
    private final Map<Setting<?>, Object> values;
    private final Set<Setting<?>> atDefault;

    SettingValues(SettingCatalogue catalogue, Map<Setting<?>, Object> values, Set<Setting<?>> atDefault) {
        this.catalogue = catalogue;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.atDefault = Set.copyOf(atDefault);
    }

    /** The value of a setting (null only for an optional one left unset). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("setting " + setting.key() + " is not resolved here (not in the catalogue, "
                    + "or asked for by the default or check of a setting declared before it)");
        }
        return (T) values.get(setting);
    }

    /** Every value in its written form, keys sorted: equal values give equal text. */
    public ObjectNode toTree() {
        return tree(false);
    }

    /**
     * The tree a run id hashes: {@link #toTree()} without the settings that are never part of an id
     * and without those added later that still hold their default.
     */
    public ObjectNode identityTree() {
        return tree(true);
    }

    private ObjectNode tree(boolean identity) {
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<Setting<?>, Object> e : values.entrySet()) {
            Setting<?> s = e.getKey();
            if (identity && (s.identity() == Setting.Identity.NEVER
                    || s.identity() == Setting.Identity.WHEN_CHANGED && atDefault.contains(s))) {
                continue;
            }
            sorted.put(s.key(), written(s, e.getValue()));
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        sorted.forEach((k, v) -> node.set(k, toNode(v)));
        return node;
    }

    @SuppressWarnings("unchecked")
    private static <T> Object written(Setting<T> s, Object value) {
        return s.encode((T) value);
    }

    private static JsonNode toNode(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        throw new IllegalStateException("not a JSON scalar: " + v.getClass());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingValues other && catalogue == other.catalogue && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return toTree().toString();
    }
}
