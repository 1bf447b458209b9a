package org.geonas.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.geonas.core.config.Setting;
import org.geonas.core.config.SettingValues;
import org.geonas.core.data.DatasetKind;
import org.geonas.core.engine.SupernetShape;
import org.geonas.core.search.SearchSettings;

/**
 * Everything that defines one search run: a value for every setting of {@link SearchSettings},
 * defaults filled in, checked when the spec is built, so a bad value fails before any work. A spec
 * read back from its JSON equals the original. The spec also remembers which values were given, so
 * that a copy with another method (say) takes that method's defaults for what was not given.
 */
public final class RunSpec {

    private final ObjectNode given;
    private final SettingValues values;

    private RunSpec(ObjectNode given) {
        this.given = given.deepCopy();
        this.values = SearchSettings.CATALOGUE.resolve(this.given);
    }

    /** A spec from its settings in written form (snake_case keys; ids for the choices). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RunSpec fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("a run spec is a mapping of settings (method, dataset, epochs, ...), got "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return new RunSpec((ObjectNode) tree);
    }

    /** A spec from settings by key, in written form: {@code Map.of("method", "gaea", "epochs", 3, ...)}. */
    public static RunSpec fromMap(Map<String, ?> settings) {
        return new RunSpec(Json.JSON.valueToTree(settings));
    }

    /** A spec with only the required settings; the rest default. */
    public static RunSpec of(String method, String dataset, String dataDir, int epochs) {
        ObjectNode node = Json.JSON.createObjectNode().put("method", method).put("dataset", dataset).put("epochs", epochs);
        if (dataDir != null) {
            node.put("data_dir", dataDir);
        }
        return new RunSpec(node);
    }

    /** The value of a setting. */
    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    /** Every value, checked, defaults filled in. */
    public SettingValues settings() {
        return values;
    }

    /** A copy with one setting given another value; defaults that follow from it follow it. */
    public <T> RunSpec with(Setting<T> setting, T value) {
        ObjectNode node = given.deepCopy();
        node.set(setting.key(), Json.JSON.valueToTree(setting.encode(value)));
        return new RunSpec(node);
    }

    /** The data folder, or null for synthetic data. */
    public Path dataPath() {
        String dir = get(SearchSettings.DATA_DIR);
        return dir == null ? null : Path.of(dir);
    }

    /** The supernet this spec trains, as the engine check needs it. */
    public SupernetShape supernetShape() {
        DatasetKind kind = get(SearchSettings.DATASET);
        return new SupernetShape(get(SearchSettings.SPACE).id(), get(SearchSettings.CHANNELS),
                get(SearchSettings.CELLS), get(SearchSettings.METHOD).partialChannels(), kind.numClasses(),
                kind.channels(), get(SearchSettings.IMAGE_SIZE));
    }

    /** Every setting in written form, keys sorted, defaults filled in. */
    @JsonValue
    public ObjectNode toTree() {
        return values.toTree();
    }

    /** Canonical JSON: sorted keys, every default filled in. */
    public String toJson() {
        try {
            return Json.JSON.writeValueAsString(toTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON written by {@link #toJson()} (or by hand). */
    public static RunSpec fromJson(String json) {
        try {
            return fromTree(Json.JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad run spec JSON: " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad run spec JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a YAML (or JSON) spec file; every problem is one line naming the file and the key. */
    public static RunSpec fromYaml(Path file) {
        return fromTree(readYaml(file), file);
    }

    /** The settings written in a YAML (or JSON) spec file, unchecked; syntax errors are one line naming the file. */
    public static ObjectNode readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such spec file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            JsonNode tree = Json.YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new IllegalArgumentException(file + ": empty spec file");
            }
            if (!tree.isObject()) {
                throw new IllegalArgumentException(file + ": a spec file is a mapping of settings (method: gaea, ...)");
            }
            return (ObjectNode) tree;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + describe(e), e);
        }
    }

    /** Builds a spec whose problems name the file they came from. */
    public static RunSpec fromTree(JsonNode tree, Path file) {
        try {
            return fromTree(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A one-line description of a Jackson error: the key and what is wrong. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            // the path names a nested key in full (evaluate.colour), a top-level one as itself
            String key = u.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "unknown key '" + (key.isEmpty() ? u.getPropertyName() : key) + "'; known keys: "
                    + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String key = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "bad value for key '" + key + "': " + m.getOriginalMessage().lines().findFirst().orElse("");
        }
        return e.getOriginalMessage().lines().findFirst().orElse("malformed") + location(e);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /**
     * The stable id of this run: a hash of the canonical JSON without the data folder (and without
     * settings added later that hold their default, so earlier ids stay valid).
     */
    public String runId() {
        return idOf(values);
    }

    /** 16 hex digits of the SHA-256 of the settings' identity tree: the id of a run or a training. */
    static String idOf(SettingValues values) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.JSON.writeValueAsString(values.identityTree()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSpec other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "RunSpec" + toJson();
    }
}
