package org.geonas.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One setting, declared once: key, type, default, doc and checks. Immutable; the fluent methods
 * return copies. Values are plain JSON scalars on the outside ({@link Kind}) and typed inside
 * ({@code T}): a choice setting such as the search space is written as its id and read as the
 * space itself.
 *
 * @param <T> the value's type inside the program
 */
public final class Setting<T> {

    /** How a value is written in JSON, YAML, on the command line and in tables. */
    public enum Kind {
        TEXT(String.class, "text"), INTEGER(Integer.class, "an integer"), LONG(Long.class, "an integer"),
        REAL(Double.class, "a number"), FLAG(Boolean.class, "true or false");

        private final Class<?> javaType;
        private final String expected;

        Kind(Class<?> javaType, String expected) {
            this.javaType = javaType;
            this.expected = expected;
        }

        /** The Java type of the written form (String for choices). */
        public Class<?> javaType() {
            return javaType;
        }

        Object read(JsonNode node) {
            return switch (this) {
                case TEXT -> node.isTextual() ? node.textValue() : null;
                case INTEGER -> node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
                case LONG -> node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
                case REAL -> node.isNumber() ? node.doubleValue() : null;
                case FLAG -> node.isBoolean() ? node.booleanValue() : null;
            };
        }
    }

    /** Whether a setting enters the run id. */
    public enum Identity {
        /** Always hashed. */
        ALWAYS,
        /** Never hashed: where, not what (a data folder). */
        NEVER,
        /** Hashed only when it differs from its default, so that adding it leaves earlier run ids as they were. */
        WHEN_CHANGED
    }

    /** A default computed from the settings declared before this one. */
    @FunctionalInterface
    public interface Default<T> {
        T of(SettingValues earlier);
    }

    /** A check of a value against the settings declared before it: null when fine, else what is wrong. */
    @FunctionalInterface
    public interface Check<T> {
        String problem(T value, SettingValues earlier);
    }

    private final String key;
    private final Kind kind;
    private final String doc;
    private final Function<Object, T> decode;
    private final Function<T, Object> encode;
    private final Default<T> fallback;
    private final String defaultDoc;
    private final Supplier<String> requiredHint;
    private final List<Check<T>> checks;
    private final Identity identity;

    private Setting(String key, Kind kind, String doc, Function<Object, T> decode, Function<T, Object> encode,
            Default<T> fallback, String defaultDoc, Supplier<String> requiredHint, List<Check<T>> checks,
            Identity identity) {
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("setting keys are snake_case, got " + key);
        }
        this.key = key;
        this.kind = kind;
        this.doc = Objects.requireNonNull(doc);
        this.decode = decode;
        this.encode = encode;
        this.fallback = fallback;
        this.defaultDoc = defaultDoc;
        this.requiredHint = requiredHint;
        this.checks = List.copyOf(checks);
        this.identity = identity;
    }

    private static <T> Setting<T> plain(String key, Kind kind, String doc) {
        @SuppressWarnings("unchecked")
        Function<Object, T> same = v -> (T) v;
        return new Setting<>(key, kind, doc, same, v -> v, null, null, null, List.of(), Identity.ALWAYS);
    }

    public static Setting<String> text(String key, String doc) {
        return plain(key, Kind.TEXT, doc);
    }

    public static Setting<Integer> integer(String key, String doc) {
        return plain(key, Kind.INTEGER, doc);
    }

    public static Setting<Long> longInteger(String key, String doc) {
        return plain(key, Kind.LONG, doc);
    }

    public static Setting<Double> real(String key, String doc) {
        return plain(key, Kind.REAL, doc);
    }

    public static Setting<Boolean> flag(String key, String doc) {
        return plain(key, Kind.FLAG, doc);
    }

    /**
     * A setting written as an id and read as the thing it names.
     *
     * @param lookup id to thing; throws IllegalArgumentException naming the known ids for an unknown one
     * @param id thing to id
     * @param known the known ids, for the message of a missing value
     */
    public static <T> Setting<T> choice(String key, String doc, Function<String, T> lookup, Function<T, String> id,
            Supplier<String> known) {
        return new Setting<>(key, Kind.TEXT, doc, v -> lookup.apply((String) v), id::apply, null, null, known, List.of(),
                Identity.ALWAYS);
    }

    /** A setting naming a constant of a {@link Choice} enum by its id. */
    public static <E extends Enum<E> & Choice> Setting<E> choice(String key, String doc, Class<E> type) {
        return choice(key, doc, id -> Choice.fromId(type, id, key), Choice::id, () -> Choice.ids(type));
    }

    /** A copy with a fixed default. */
    public Setting<T> defaultsTo(T value) {
        return new Setting<>(key, kind, doc, decode, encode, earlier -> value, String.valueOf(encode.apply(value)), null,
                checks, identity);
    }

    /** A copy whose default follows from earlier settings; {@code description} says how, for help texts. */
    public Setting<T> defaultsTo(Default<T> value, String description) {
        return new Setting<>(key, kind, doc, decode, encode, value, description, null, checks, identity);
    }

    /** A copy that may be left unset (null). */
    public Setting<T> optional() {
        return new Setting<>(key, kind, doc, decode, encode, earlier -> null, "none", null, checks, identity);
    }

    /** A copy that must be given; {@code hint} (what a value looks like) ends the message when it is not. */
    public Setting<T> required(String hint) {
        return new Setting<>(key, kind, doc, decode, encode, null, null, () -> hint, checks, identity);
    }

    /** A copy with one more check on set values; {@code requirement} completes "KEY ..., got VALUE". */
    public Setting<T> check(Predicate<T> ok, String requirement) {
        return check((v, earlier) -> v == null || ok.test(v) ? null : requirement + ", got " + encode.apply(v));
    }

    /** A copy with one more check that may look at earlier settings. */
    public Setting<T> check(Check<T> check) {
        List<Check<T>> all = new ArrayList<>(checks);
        all.add(check);
        return new Setting<>(key, kind, doc, decode, encode, fallback, defaultDoc, requiredHint, all, identity);
    }

    /** A copy with another run-id policy. */
    public Setting<T> identity(Identity policy) {
        return new Setting<>(key, kind, doc, decode, encode, fallback, defaultDoc, requiredHint, checks, policy);
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public String doc() {
        return doc;
    }

    public Identity identity() {
        return identity;
    }

    /** The default as help texts show it, or null when the setting is required. */
    public String defaultDoc() {
        return defaultDoc;
    }

    public boolean isRequired() {
        return fallback == null;
    }

    /** The command-line option: {@code --} and the key with dashes. */
    public String optionName() {
        return "--" + key.replace('_', '-');
    }

    /** The written form of a value (a JSON scalar, or null). */
    public Object encode(T value) {
        return value == null ? null : encode.apply(value);
    }

    /** The value of a JSON node; one line naming the key when it has the wrong type or names nothing known. */
    T read(JsonNode node) {
        Object raw = kind.read(node);
        if (raw == null) {
            throw new IllegalArgumentException("bad value for key '" + key + "': expected " + kind.expected + ", got "
                    + node);
        }
        return decode.apply(raw);
    }

    T fallback(SettingValues earlier) {
        if (fallback == null) {
            throw new IllegalArgumentException(key + " is required" + (requiredHint == null ? ""
                    : " (" + requiredHint.get() + ")"));
        }
        return fallback.of(earlier);
    }

    boolean hasDefault() {
        return fallback != null;
    }

    void check(T value, SettingValues earlier) {
        for (Check<T> c : checks) {
            String problem = c.problem(value, earlier);
            if (problem != null) {
                throw new IllegalArgumentException(key + " " + problem);
            }
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
