package org.geonas.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.geonas.core.data.DatasetKind;
import org.geonas.core.optim.ArchMethod;
import org.geonas.core.search.SearchMode;
import org.geonas.core.search.SearchSettings;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.SearchSpaces;

/**
 * Everything that defines one search run. Optional fields left null get their defaults when the
 * spec is built (the architecture learning rate and weight decay default per method), so a spec
 * read back from its JSON is equal to the original. Invalid values fail here, before any work.
 *
 * @param space search space id ({@code nb201})
 * @param method architecture method id ({@code gaea}, {@code darts})
 * @param mode {@code bilevel} or {@code erm}
 * @param dataset dataset id ({@code fashion-mnist}, {@code cifar10}, {@code cifar100}, {@code synthetic})
 * @param dataDir folder of the dataset files (not needed for synthetic); where, not what: not part of the run id
 * @param epochs epochs of search
 * @param channels supernet C
 * @param cells cells per stage N for nb201 (default 5), cells in all for darts (default 8)
 * @param batch images per batch (default 64 for nb201, 256 for darts)
 * @param imageSize images are resized to imageSize x imageSize
 * @param trainLimit use only the first N training images; 0 = all
 * @param seed the run's seed
 * @param archLr architecture learning rate
 * @param archWeightDecay architecture weight decay
 * @param weightLr initial SGD learning rate
 * @param weightLrMin final learning rate of the cosine schedule
 * @param momentum SGD momentum
 * @param weightDecay SGD weight decay
 * @param gradClip global gradient-norm clip
 * @param evalLimit validation images for the per-epoch evaluation; 0 = all
 * @param candidates architectures sampled and scored with the shared weights at each epoch's end (rsws)
 */
public record RunSpec(String space, String method, String mode, String dataset, String dataDir, Integer epochs,
        Integer channels, Integer cells, Integer batch, Integer imageSize, Integer trainLimit, Long seed, Double archLr,
        Double archWeightDecay, Double weightLr, Double weightLrMin, Double momentum, Double weightDecay,
        Double gradClip, Integer evalLimit, Integer candidates) {

    public RunSpec {
        space = orDefault(space, "nb201");
        mode = orDefault(mode, SearchMode.BILEVEL.id());
        require(method != null, "method is required (" + knownMethods() + ")");
        require(dataset != null, "dataset is required (fashion-mnist, cifar10, cifar100, synthetic)");
        SearchSpace searchSpace = SearchSpaces.byId(space);
        ArchMethod m = ArchMethod.fromId(method);
        SearchMode.fromId(mode);
        DatasetKind kind = DatasetKind.fromId(dataset);
        dataset = kind.id();
        require(kind == DatasetKind.SYNTHETIC || (dataDir != null && !dataDir.isBlank()),
                "data_dir is required for dataset " + dataset + " (the folder holding its files)");
        require(epochs != null && epochs > 0, "epochs must be a positive integer, got " + epochs);
        channels = orDefault(channels, 16);
        cells = orDefault(cells, searchSpace.defaultCells());
        batch = orDefault(batch, searchSpace.defaultBatch());
        imageSize = orDefault(imageSize, kind.imageSize());
        trainLimit = orDefault(trainLimit, 0);
        seed = orDefault(seed, 0L);
        archLr = orDefault(archLr, m.defaultLr());
        archWeightDecay = orDefault(archWeightDecay, m.defaultWeightDecay());
        weightLr = orDefault(weightLr, 0.025);
        weightLrMin = orDefault(weightLrMin, 0.001);
        momentum = orDefault(momentum, 0.9);
        weightDecay = orDefault(weightDecay, 3e-4);
        gradClip = orDefault(gradClip, 5.0);
        evalLimit = orDefault(evalLimit, 0);
        candidates = orDefault(candidates, 10);
        require(channels > 0, "channels must be positive, got " + channels);
        require(cells > 0, "cells must be positive, got " + cells);
        require(batch > 1, "batch must be at least 2 (batch norm needs a batch), got " + batch);
        require(imageSize >= 8, "image_size must be at least 8, got " + imageSize);
        require(trainLimit >= 0, "train_limit must be >= 0 (0 = all), got " + trainLimit);
        require(evalLimit >= 0, "eval_limit must be >= 0 (0 = all), got " + evalLimit);
        require(candidates > 0, "candidates must be positive, got " + candidates);
        require(archLr > 0, "arch_lr must be positive, got " + archLr);
        require(archWeightDecay >= 0, "arch_weight_decay must be >= 0, got " + archWeightDecay);
        require(weightLr > 0 && weightLrMin >= 0 && weightLrMin <= weightLr,
                "need 0 <= weight_lr_min <= weight_lr and weight_lr > 0");
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0, "weight_decay must be >= 0, got " + weightDecay);
        require(gradClip > 0, "grad_clip must be positive, got " + gradClip);
    }

    /** A spec with only the required fields; the rest default. */
    public static RunSpec of(String method, String dataset, String dataDir, int epochs) {
        return new RunSpec(null, method, null, dataset, dataDir, epochs, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String knownMethods() {
        return java.util.Arrays.stream(ArchMethod.values()).map(ArchMethod::id).collect(Collectors.joining(", "));
    }

    public SearchSpace searchSpace() {
        return SearchSpaces.byId(space);
    }

    public ArchMethod archMethod() {
        return ArchMethod.fromId(method);
    }

    public SearchMode searchMode() {
        return SearchMode.fromId(mode);
    }

    public DatasetKind datasetKind() {
        return DatasetKind.fromId(dataset);
    }

    /** The data folder, or null for synthetic data. */
    public Path dataPath() {
        return dataDir == null ? null : Path.of(dataDir);
    }

    /** What the search loop needs. */
    /** The supernet this spec trains, as the engine check needs it. */
    public org.geonas.core.engine.SupernetShape supernetShape() {
        DatasetKind kind = datasetKind();
        return new org.geonas.core.engine.SupernetShape(space, channels, cells,
                ArchMethod.fromId(method).partialChannels(), kind.numClasses(), kind.channels(), imageSize);
    }

    public SearchSettings searchSettings() {
        return new SearchSettings(searchSpace(), archMethod(), searchMode(), epochs, batch, channels, cells, seed, archLr,
                archWeightDecay, weightLr, weightLrMin, momentum, weightDecay, gradClip, evalLimit, candidates);
    }

    /** A copy with another seed. */
    public RunSpec withSeed(long newSeed) {
        return new RunSpec(space, method, mode, dataset, dataDir, epochs, channels, cells, batch, imageSize, trainLimit,
                newSeed, archLr, archWeightDecay, weightLr, weightLrMin, momentum, weightDecay, gradClip, evalLimit, candidates);
    }

    /** A copy with another data folder. */
    public RunSpec withDataDir(String dir) {
        return new RunSpec(space, method, mode, dataset, dir, epochs, channels, cells, batch, imageSize, trainLimit,
                seed, archLr, archWeightDecay, weightLr, weightLrMin, momentum, weightDecay, gradClip, evalLimit, candidates);
    }

    /** Canonical JSON: sorted keys, every default filled in. */
    public String toJson() {
        try {
            return Json.JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON written by {@link #toJson()} (or by hand). */
    public static RunSpec fromJson(String json) {
        try {
            return Json.JSON.readValue(json, RunSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad run spec JSON: " + describe(e), e);
        }
    }

    /** Reads a YAML (or JSON) spec file; every problem is one line naming the file and the key. */
    public static RunSpec fromYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such spec file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            RunSpec spec = Json.YAML.readValue(text, RunSpec.class);
            if (spec == null) {
                throw new IllegalArgumentException(file + ": empty spec file");
            }
            return spec;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + describe(e), e);
        }
    }

    /** A one-line description of a Jackson error: the key and what is wrong. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "'; known keys: "
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

    /** The stable id of this run: a hash of the canonical JSON without the data folder. */
    public String runId() {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node = Json.JSON.valueToTree(this);
            node.remove("data_dir");
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
