package org.geonas.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A sweep: a grid of search spaces x methods x modes x datasets x seeds, shared training
 * settings and per-method overrides, expanded into {@link RunSpec}s. Everything is validated
 * when the spec is built, including every run it expands to, so a bad value is reported
 * before Spark starts.
 *
 * @param name the sweep id: the partition of the tables this sweep owns
 * @param output where runs and tables go: a local folder or any Hadoop URI (hdfs:, s3a:, file:)
 * @param data dataset id to the folder of its files
 * @param grid the lists to take the product of
 * @param training run-spec keys shared by every run
 * @param overrides method id to run-spec keys for that method's runs
 * @param execution how runs execute (not part of any run's identity)
 * @param benchmark the imported NAS-Bench-201 table ({@code geonas import-benchmark}) whose figures are joined
 *     to every NB201 run's architectures into {@code benchmark_scores}; null for none (not part of any run's
 *     identity)
 * @param evaluate the evaluation stage: the genotypes of the sweep's DARTS-space runs trained from scratch
 *     after the searches; null for none
 */
public record SweepSpec(String name, String output, Map<String, String> data, Grid grid, Map<String, Object> training,
        Map<String, Map<String, Object>> overrides, Execution execution, String benchmark, Evaluate evaluate) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Set<String> GRID_KEYS = Set.of("space", "method", "mode", "dataset", "seed");

    /**
     * The axes of the grid; every list non-empty.
     *
     * @param space search space ids (default nb201)
     * @param method method ids
     * @param mode bilevel and/or erm (default bilevel)
     * @param dataset dataset ids
     * @param seed seeds (default 0)
     */
    public record Grid(List<String> space, List<String> method, List<String> mode, List<String> dataset,
            List<Long> seed) {
        public Grid {
            space = space == null ? List.of("nb201") : List.copyOf(space);
            mode = mode == null ? List.of("bilevel") : List.copyOf(mode);
            seed = seed == null ? List.of(0L) : List.copyOf(seed);
            if (method == null || method.isEmpty()) {
                throw new IllegalArgumentException("grid.method needs at least one method");
            }
            if (dataset == null || dataset.isEmpty()) {
                throw new IllegalArgumentException("grid.dataset needs at least one dataset");
            }
            method = List.copyOf(method);
            dataset = List.copyOf(dataset);
            if (space.isEmpty() || mode.isEmpty() || seed.isEmpty()) {
                throw new IllegalArgumentException("grid lists must not be empty");
            }
            check("grid.space", space, org.geonas.core.space.SearchSpaces::byId);
            check("grid.method", method, org.geonas.core.optim.ArchMethod::fromId);
            check("grid.mode", mode, org.geonas.core.search.SearchMode::fromId);
            check("grid.dataset", dataset, org.geonas.core.data.DatasetKind::fromId);
        }

        private static void check(String key, List<String> ids, java.util.function.Function<String, ?> lookup) {
            for (String id : ids) {
                try {
                    lookup.apply(id);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Execution settings.
     *
     * @param threadsPerRun libtorch intra-op threads of each run's JVM (default 1)
     * @param maxAttempts launches of a run's JVM when it dies abnormally (killed, crashed); each resumes (default 3)
     * @param runMemory heap of each run's JVM (default 2g)
     */
    public record Execution(Integer threadsPerRun, Integer maxAttempts, String runMemory) {
        public Execution {
            threadsPerRun = threadsPerRun == null ? 1 : threadsPerRun;
            maxAttempts = maxAttempts == null ? 3 : maxAttempts;
            runMemory = runMemory == null ? "2g" : runMemory;
            if (threadsPerRun <= 0 || maxAttempts <= 0) {
                throw new IllegalArgumentException("execution.threads_per_run and execution.max_attempts must be positive");
            }
            if (!runMemory.matches("\\d+[kmgKMG]?")) {
                throw new IllegalArgumentException("execution.run_memory must look like 2g or 512m, got " + runMemory);
            }
        }
    }

    /**
     * The evaluation stage ({@code evaluate:}): after the searches, the final architecture of every
     * selected search run is trained from scratch ({@link TrainSpec}) once per seed. Only DARTS-space
     * runs have a genotype to train; each training takes the search run's dataset and data folder
     * unless {@code training} sets {@code dataset}.
     *
     * @param runs which search runs: {@code succeeded} (the default and, for now, the only choice: failed
     *     and diverged runs have no architecture worth training)
     * @param methods only the runs of these methods (of {@code grid.method}); null for every method
     * @param seeds the training seeds (default 0): one training per selected run and seed
     * @param training train-spec keys ({@code docs/settings.md}'s train settings: epochs, channels, layers,
     *     ...) shared by every training; the genotype, source run, seed and data folder come from the sweep
     */
    public record Evaluate(String runs, List<String> methods, List<Long> seeds, Map<String, Object> training) {

        /** The one choice of {@code runs} so far. */
        public static final String SUCCEEDED = "succeeded";
        /** The keys a sweep sets itself, with where to set them instead. */
        private static final Map<String, String> SET_BY_SWEEP = Map.of(
                "genotype", "it is each search run's final_arch",
                "source_run", "it is each search run's id",
                "seed", "set evaluate.seeds instead",
                "data_dir", "the folder comes from data");

        public Evaluate {
            runs = runs == null ? SUCCEEDED : runs;
            if (!SUCCEEDED.equals(runs)) {
                throw new IllegalArgumentException("evaluate.runs: only '" + SUCCEEDED + "' (every DARTS-space search "
                        + "run of the sweep that succeeded) is supported, got '" + runs + "'; narrow it with "
                        + "evaluate.methods");
            }
            if (methods != null && methods.isEmpty()) {
                throw new IllegalArgumentException("evaluate.methods: an empty list selects nothing; remove it to "
                        + "evaluate every method's runs");
            }
            methods = methods == null ? null : List.copyOf(methods);
            seeds = seeds == null ? List.of(0L) : List.copyOf(seeds);
            if (seeds.isEmpty() || seeds.size() != new java.util.HashSet<>(seeds).size()) {
                throw new IllegalArgumentException("evaluate.seeds: needs distinct training seeds, e.g. [0, 1], got "
                        + seeds);
            }
            training = training == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
            for (String key : training.keySet()) {
                if (SET_BY_SWEEP.containsKey(key)) {
                    throw new IllegalArgumentException("evaluate.training." + key + ": not settable here; "
                            + SET_BY_SWEEP.get(key));
                }
            }
        }

        /** Whether the trainings of this search run are part of the stage. */
        public boolean selects(RunResult search) {
            RunSpec run = search.spec();
            return run.get(org.geonas.core.search.SearchSettings.SPACE).id().equals(DARTS_SPACE)
                    && search.status() == RunStatus.SUCCEEDED && search.finalArch() != null
                    && (methods == null || methods.contains(run.get(org.geonas.core.search.SearchSettings.METHOD).id()));
        }
    }

    /** The only space whose final architectures the evaluation stage can train (DARTS genotypes). */
    static final String DARTS_SPACE = "darts";

    public SweepSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name is required: letters, digits, '_', '.', '-' (it names the table "
                    + "partition), got " + name);
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output is required: a folder or a Hadoop URI (hdfs://..., s3a://...), "
                    + "in the file or as --output");
        }
        if (grid == null) {
            throw new IllegalArgumentException("grid is required (method and dataset lists at least)");
        }
        data = data == null ? Map.of() : Map.copyOf(data);
        training = training == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        execution = execution == null ? new Execution(null, null, null) : execution;
        benchmark = benchmark == null || benchmark.isBlank() ? null : benchmark;
        if (benchmark != null && !grid.space().contains("nb201")) {
            throw new IllegalArgumentException("benchmark: only NAS-Bench-201 runs are scored, and grid.space "
                    + grid.space() + " has no nb201; remove benchmark or add nb201");
        }
        for (String key : training.keySet()) {
            requireRunKey(key, "training");
        }
        for (Map.Entry<String, Map<String, Object>> e : overrides.entrySet()) {
            if (!grid.method().contains(e.getKey())) {
                throw new IllegalArgumentException("overrides." + e.getKey() + ": not a method of grid.method "
                        + grid.method());
            }
            for (String key : e.getValue().keySet()) {
                requireRunKey(key, "overrides." + e.getKey());
            }
        }
        for (String dataset : grid.dataset()) {
            requireData(data, dataset, "");
        }
        if (evaluate != null) {
            checkEvaluate(evaluate, grid, data);
        }
    }

    /** A sweep without a benchmark table or an evaluation stage. */
    public SweepSpec(String name, String output, Map<String, String> data, Grid grid, Map<String, Object> training,
            Map<String, Map<String, Object>> overrides, Execution execution) {
        this(name, output, data, grid, training, overrides, execution, null, null);
    }

    /** A sweep without an evaluation stage. */
    public SweepSpec(String name, String output, Map<String, String> data, Grid grid, Map<String, Object> training,
            Map<String, Map<String, Object>> overrides, Execution execution, String benchmark) {
        this(name, output, data, grid, training, overrides, execution, benchmark, null);
    }

    private static void requireData(Map<String, String> data, String dataset, String where) {
        if (!dataset.equals("synthetic") && !data.containsKey(dataset)) {
            throw new IllegalArgumentException(where + "data has no folder for dataset " + dataset + "; add data: {"
                    + dataset + ": DIR}");
        }
    }

    /**
     * The evaluation stage against the grid, and every training it can produce built for a
     * placeholder genotype, so that a bad train setting is reported before any search runs.
     */
    private static void checkEvaluate(Evaluate evaluate, Grid grid, Map<String, String> data) {
        if (!grid.space().contains(DARTS_SPACE)) {
            throw new IllegalArgumentException("evaluate: trains DARTS-space genotypes, and grid.space " + grid.space()
                    + " has no darts; remove evaluate or add darts to grid.space");
        }
        if (evaluate.methods() != null) {
            for (String method : evaluate.methods()) {
                if (!grid.method().contains(method)) {
                    throw new IllegalArgumentException("evaluate.methods: " + method + " is not a method of grid.method "
                            + grid.method());
                }
            }
        }
        String placeholder = org.geonas.core.space.DartsGenotype.names().get(0);
        for (String dataset : trainingDatasets(evaluate, grid)) {
            requireData(data, dataset, "evaluate.training.dataset: ");
            for (long seed : evaluate.seeds()) {
                try {
                    trainSpec(evaluate, data, dataset, placeholder, null, seed);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("evaluate.training: " + e.getMessage(), e);
                }
            }
        }
    }

    /** The datasets the trainings use: the one evaluate.training sets, else every search dataset. */
    private static List<String> trainingDatasets(Evaluate evaluate, Grid grid) {
        Object set = evaluate.training().get(org.geonas.core.evaluate.TrainSettings.DATASET.key());
        return set == null ? grid.dataset() : List.of(String.valueOf(set));
    }

    private static TrainSpec trainSpec(Evaluate evaluate, Map<String, String> data, String dataset, String genotype,
            String sourceRun, long seed) {
        ObjectNode node = Json.JSON.createObjectNode();
        evaluate.training().forEach((k, v) -> node.set(k, Json.JSON.valueToTree(v)));
        node.put("genotype", genotype).put("dataset", dataset).put("seed", seed);
        if (sourceRun != null) {
            node.put(org.geonas.core.evaluate.TrainSettings.SOURCE_RUN.key(), sourceRun);
        }
        if (data.containsKey(dataset)) {
            node.put("data_dir", data.get(dataset));
        }
        return TrainSpec.fromTree(node);
    }

    /**
     * The datasets the evaluation stage may train on, whose files a sweep checks before it starts:
     * the one {@code evaluate.training} sets, else the grid's; none without an evaluation stage.
     */
    public List<String> evaluationDatasets() {
        return evaluate == null ? List.of() : trainingDatasets(evaluate, grid);
    }

    /**
     * The trainings of the evaluation stage for one search run's result: one per evaluate seed,
     * training its final architecture with {@code source_run} set to its id; none when the sweep
     * has no evaluation stage or the stage does not select the run ({@link Evaluate#selects}).
     */
    public List<TrainSpec> trainings(RunResult search) {
        if (evaluate == null || !evaluate.selects(search)) {
            return List.of();
        }
        Object set = evaluate.training().get(org.geonas.core.evaluate.TrainSettings.DATASET.key());
        String dataset = set != null ? String.valueOf(set)
                : search.spec().get(org.geonas.core.search.SearchSettings.DATASET).id();
        List<TrainSpec> specs = new ArrayList<>();
        for (long seed : evaluate.seeds()) {
            specs.add(trainSpec(evaluate, data, dataset, search.finalArch(), search.runId(), seed));
        }
        return specs;
    }

    private static void requireRunKey(String key, String where) {
        Set<String> known = runKeys();
        if (GRID_KEYS.contains(key) || "data_dir".equals(key)) {
            throw new IllegalArgumentException(where + "." + key + ": set this in " + ("data_dir".equals(key) ? "data"
                    : "grid." + key) + " instead");
        }
        if (!known.contains(key)) {
            known.removeAll(GRID_KEYS);
            known.remove("data_dir");
            throw new IllegalArgumentException(where + ": unknown key '" + key + "'; known keys: " + String.join(", ", known));
        }
    }

    private static Set<String> runKeys() {
        return new TreeSet<>(org.geonas.core.search.SearchSettings.CATALOGUE.keys());
    }

    /** The runs of the sweep, in grid order (space, method, mode, dataset, seed). */
    public List<RunSpec> expand() {
        List<RunSpec> runs = new ArrayList<>();
        for (String space : grid.space()) {
            for (String method : grid.method()) {
                for (String mode : grid.mode()) {
                    for (String dataset : grid.dataset()) {
                        for (long seed : grid.seed()) {
                            runs.add(run(space, method, mode, dataset, seed));
                        }
                    }
                }
            }
        }
        return runs;
    }

    private RunSpec run(String space, String method, String mode, String dataset, long seed) {
        ObjectNode node = Json.JSON.createObjectNode();
        training.forEach((k, v) -> node.set(k, Json.JSON.valueToTree(v)));
        overrides.getOrDefault(method, Map.of()).forEach((k, v) -> node.set(k, Json.JSON.valueToTree(v)));
        node.put("space", space).put("method", method).put("mode", mode).put("dataset", dataset).put("seed", seed);
        if (data.containsKey(dataset)) {
            node.put("data_dir", data.get(dataset));
        }
        try {
            return RunSpec.fromTree(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run (" + method + ", " + mode + ", " + dataset + ", seed " + seed + "): "
                    + e.getMessage(), e);
        }
    }

    /** Reads and validates a sweep file; every problem is one line naming the file. */
    public static SweepSpec fromYaml(Path file) {
        return fromYaml(file, null);
    }

    /**
     * Reads and validates a sweep file whose {@code output} is replaced by {@code output} when
     * that is given (the file then needs none).
     */
    public static SweepSpec fromYaml(Path file, String output) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such sweep file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            JsonNode tree = Json.YAML.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException(file + ": a sweep file must be a YAML mapping (name, output, grid, ...)");
            }
            if (output != null) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("output", output);
            }
            SweepSpec spec = Json.YAML.treeToValue(tree, SweepSpec.class);
            spec.expand(); // every run valid, or the error now
            return spec;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + RunSpec.describe(e), e);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith(file.toString()) ? m : file + ": " + m, e);
        }
    }

    /**
     * A copy whose data folders are absolute, resolved against this process's working folder,
     * so that runs started elsewhere read the same files (data folders are where, not what: run
     * ids do not change).
     */
    public SweepSpec withAbsoluteData() {
        Map<String, String> resolved = new LinkedHashMap<>();
        data.forEach((k, v) -> resolved.put(k, Path.of(v).toAbsolutePath().normalize().toString()));
        return new SweepSpec(name, output, resolved, grid, training, overrides, execution,
                benchmark == null || benchmark.contains(":") ? benchmark
                        : Path.of(benchmark).toAbsolutePath().normalize().toString(), evaluate);
    }

    /** A copy with another benchmark table (null for none). */
    public SweepSpec withBenchmark(String newBenchmark) {
        return new SweepSpec(name, output, data, grid, training, overrides, execution, newBenchmark, evaluate);
    }

    /** Canonical JSON of the sweep. */
    public String toJson() {
        try {
            return Json.JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
