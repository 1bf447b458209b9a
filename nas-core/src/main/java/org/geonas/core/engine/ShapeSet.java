package org.geonas.core.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of supernet shapes and the batch sizes they run at, as listed in
 * {@code conf/engine-shapes.yaml}: the quickstart's, the README benchmark's, the tests'. A JVM
 * that runs several of them chooses its oneDNN cap for all at once, and {@code ./geonas doctor}
 * checks them.
 *
 * @param doc what the shapes are, one line
 * @param batches batch sizes the probes check (the first: every op; the others: convolutions)
 * @param shapes the supernets
 */
public record ShapeSet(String doc, List<Integer> batches, List<SupernetShape> shapes) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public ShapeSet {
        if (batches == null || batches.isEmpty() || shapes == null || shapes.isEmpty()) {
            throw new IllegalArgumentException("a shape set needs batches and shapes");
        }
        batches = List.copyOf(batches);
        shapes = List.copyOf(shapes);
    }

    /** Every set in a file, by name, in file order. */
    public static Map<String, ShapeSet> read(Path file) {
        try {
            return new LinkedHashMap<>(YAML.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, ShapeSet>>() {
            }));
        } catch (IOException | IllegalArgumentException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException(file + ": not a list of supernet shapes (" + why
                    + "); see conf/engine-shapes.yaml for the format", e);
        }
    }

    /** One named set of a file. */
    public static ShapeSet read(Path file, String name) {
        ShapeSet set = read(file).get(name);
        if (set == null) {
            throw new IllegalArgumentException(file + " has no shape set '" + name + "'");
        }
        return set;
    }
}
