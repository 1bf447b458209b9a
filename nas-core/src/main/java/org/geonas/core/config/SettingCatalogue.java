package org.geonas.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An ordered set of settings. Order matters: a setting's default and checks may read the settings
 * declared before it.
 */
public final class SettingCatalogue {

    private final String name;
    private final List<Setting<?>> settings;
    private final Map<String, Setting<?>> byKey;

    /** @param name what the settings are of, for messages ("run spec") */
    public SettingCatalogue(String name, List<Setting<?>> settings) {
        this.name = name;
        this.settings = List.copyOf(settings);
        Map<String, Setting<?>> keys = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            if (keys.put(s.key(), s) != null) {
                throw new IllegalArgumentException("setting " + s.key() + " declared twice");
            }
        }
        this.byKey = Collections.unmodifiableMap(keys);
    }

    /** The settings in declaration order. */
    public List<Setting<?>> settings() {
        return settings;
    }

    public Optional<Setting<?>> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The keys, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(byKey.keySet());
    }

    /**
     * Checks the given values and fills in the defaults. Every problem is one line naming the key:
     * an unknown key (with the known ones), a value of the wrong type, a missing required value, a
     * value that fails a check.
     */
    public SettingValues resolve(ObjectNode given) {
        for (Iterator<String> it = given.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!byKey.containsKey(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; known keys: " + String.join(", ", keys()));
            }
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Set<Setting<?>> atDefault = new LinkedHashSet<>();
        for (Setting<?> s : settings) {
            resolveOne(s, given.get(s.key()), values, atDefault);
        }
        return new SettingValues(this, values, atDefault);
    }

    private <T> void resolveOne(Setting<T> s, JsonNode node, Map<Setting<?>, Object> values,
            Set<Setting<?>> atDefault) {
        SettingValues earlier = new SettingValues(this, values, atDefault);
        boolean given = node != null && !node.isNull();
        T value = given ? s.read(node) : s.fallback(earlier);
        s.check(value, earlier);
        if (!given || s.hasDefault() && java.util.Objects.equals(value, s.fallback(earlier))) {
            atDefault.add(s);
        }
        values.put(s, value);
    }

    /** A Markdown table of the settings: key, option, type, default and doc. */
    public String markdown() {
        StringBuilder md = new StringBuilder("| key | option | type | default | meaning |\n|---|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            md.append("| `").append(s.key()).append("` | `").append(s.optionName()).append("` | ")
                    .append(s.kind().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(s.isRequired() ? "required" : s.defaultDoc()).append(" | ")
                    .append(s.doc().replace("|", "\\|")).append(" |\n");
        }
        return md.toString();
    }

    @Override
    public String toString() {
        return name + " settings " + byKey.keySet();
    }
}
