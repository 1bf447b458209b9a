package org.geonas.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.geonas.core.config.Setting;
import org.geonas.core.config.SettingValues;
import org.geonas.core.evaluate.TrainSettings;

/**
 * Everything that defines the training of one genotype from scratch: a value for every setting of
 * {@link TrainSettings}, defaults filled in, checked when built. The evaluation stage's
 * counterpart of {@link RunSpec}, with the same written forms (YAML, canonical JSON) and the same
 * kind of id: a hash of the canonical JSON without the data folder.
 */
public final class TrainSpec {

    private final ObjectNode given;
    private final SettingValues values;

    private TrainSpec(ObjectNode given) {
        this.given = given.deepCopy();
        this.values = TrainSettings.CATALOGUE.resolve(this.given);
    }

    /** A spec from its settings in written form (snake_case keys). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TrainSpec fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("a train spec is a mapping of settings (genotype, dataset, epochs, ...)");
        }
        return new TrainSpec((ObjectNode) tree);
    }

    /** A spec from settings by key, in written form: {@code Map.of("genotype", "DARTS_V2", "dataset", "cifar10", ...)}. */
    public static TrainSpec fromMap(Map<String, ?> settings) {
        return new TrainSpec(Json.JSON.valueToTree(settings));
    }

    /** Reads a YAML (or JSON) spec file; every problem is one line naming the file and the key. */
    public static TrainSpec fromYaml(Path file) {
        return fromTree(RunSpec.readYaml(file), file);
    }

    /** Builds a spec whose problems name the file they came from. */
    public static TrainSpec fromTree(JsonNode tree, Path file) {
        try {
            return fromTree(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses JSON written by {@link #toJson()}. */
    public static TrainSpec fromJson(String json) {
        try {
            return fromTree(Json.JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad train spec JSON: " + RunSpec.describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad train spec JSON: " + e.getMessage(), e);
        }
    }

    /** The value of a setting. */
    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    /** Every value, checked, defaults filled in. */
    public SettingValues settings() {
        return values;
    }

    /** A copy with one setting given another value. */
    public <T> TrainSpec with(Setting<T> setting, T value) {
        ObjectNode node = given.deepCopy();
        node.set(setting.key(), Json.JSON.valueToTree(setting.encode(value)));
        return new TrainSpec(node);
    }

    /** The data folder, or null for synthetic data. */
    public Path dataPath() {
        String dir = get(TrainSettings.DATA_DIR);
        return dir == null ? null : Path.of(dir);
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

    /** The stable id of this training: a hash of the canonical JSON without the data folder. */
    public String trainId() {
        return RunSpec.idOf(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainSpec other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "TrainSpec" + toJson();
    }
}
