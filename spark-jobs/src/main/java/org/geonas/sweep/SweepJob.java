package org.geonas.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.geonas.benchmark.BenchmarkManifest;
import org.geonas.benchmark.BenchmarkScoring;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.run.RunKind;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.StageResult;
import org.geonas.core.run.SweepSpec;
import org.geonas.core.run.TrainResult;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;
import org.geonas.spark.SparkSessions;
import org.geonas.tables.ResultRows;
import org.geonas.tables.Tables;

/**
 * The sweep driver: expands a sweep into runs, skips the runs whose results are already in the
 * output, runs the rest one per Spark task (each in its own JVM), and rewrites this sweep's
 * partition of the {@code runs}, {@code epochs} and {@code arch_weights} tables from all the
 * sweep's results. A sweep with an {@code evaluate:} section then trains the genotypes its
 * searches found, in the same way ({@link EvaluationStage}). Started by {@code geonas sweep}, from {@code ./geonas} or from {@code spark-submit}
 * (see {@code org.geonas.cli.GeoNas}).
 */
public final class SweepJob {

    private final SweepSpec sweep;
    private final PrintStream out;

    public SweepJob(SweepSpec sweep, PrintStream out) {
        this.sweep = sweep.withAbsoluteData();
        this.out = out;
    }

    /** The environment variable naming the benchmark table of sweeps whose file names none. */
    public static final String BENCHMARK_ENV = "GEONAS_BENCHMARK";

    /**
     * The data files of every dataset in the sweep, checked without reading them, and the benchmark
     * table's manifest (cheap, before Spark).
     */
    public static void checkData(SweepSpec spec) {
        Set<String> seen = new java.util.HashSet<>();
        for (RunSpec run : spec.expand()) {
            if (seen.add(run.get(SearchSettings.DATASET).id() + "\u0000" + run.dataPath())) {
                run.get(SearchSettings.DATASET).checkFiles(run.dataPath());
            }
        }
        for (String dataset : spec.evaluationDatasets()) {
            String dir = spec.data().get(dataset);
            org.geonas.core.data.DatasetKind.fromId(dataset).checkFiles(dir == null ? null : Path.of(dir));
        }
        if (spec.benchmark() != null) {
            BenchmarkManifest.read(spec.benchmark(), new org.apache.hadoop.conf.Configuration());
        }
    }

    /** The sweep with the benchmark of {@value #BENCHMARK_ENV} where its file names none and it has NB201 runs. */
    public static SweepSpec withEnvironmentBenchmark(SweepSpec spec) {
        String env = System.getenv(BENCHMARK_ENV);
        if (spec.benchmark() != null || env == null || env.isBlank() || !spec.grid().space().contains("nb201")) {
            return spec;
        }
        return spec.withBenchmark(env);
    }

    /**
     * The sweep's Spark session under the one policy ({@link SparkSessions}): locally, one task
     * slot per {@code threads_per_run} cores and task retries for infrastructure failures.
     */
    public static SparkSessions session(SweepSpec spec, String master) {
        int slots = Math.max(1, Runtime.getRuntime().availableProcessors() / spec.execution().threadsPerRun());
        return SparkSessions.open("geonas-sweep-" + spec.name(), master, "local[" + slots + ",4]");
    }

    /**
     * What a sweep did: every run's result in grid order, every training of its evaluation stage
     * and the status the sweep exits with.
     *
     * @param sweep the sweep's name
     * @param runs every run's result, in grid order
     * @param trainings every training's result, in the order of their search runs and seeds; empty
     *     without an evaluation stage
     * @param tables the tables folder
     */
    public record Outcome(String sweep, List<RunResult> runs, List<TrainResult> trainings, String tables) {

        /**
         * {@link ExitStatus#SUCCEEDED} when every run and training finished (succeeded or diverged),
         * else RUNS_FAILED.
         */
        public ExitStatus status() {
            List<StageResult> all = new ArrayList<>(runs);
            all.addAll(trainings);
            return ExitStatus.ofSweep(all);
        }

        /** The runs and trainings that failed, in words for the last line: "2 runs failed". */
        public String failures() {
            long runsFailed = runs.stream().filter(r -> !r.isComplete()).count();
            long trainingsFailed = trainings.stream().filter(r -> !r.isComplete()).count();
            List<String> parts = new ArrayList<>();
            if (runsFailed > 0) {
                parts.add(runsFailed + (runsFailed == 1 ? " run" : " runs"));
            }
            if (trainingsFailed > 0) {
                parts.add(trainingsFailed + (trainingsFailed == 1 ? " training" : " trainings"));
            }
            return parts.isEmpty() ? "nothing failed" : String.join(" and ", parts) + " failed";
        }
    }

    /** Runs what is missing and writes the tables. */
    public Outcome run(SparkSession spark) {
        RunStore store = new RunStore(sweep.output(), spark.sparkContext().hadoopConfiguration());
        List<RunSpec> runs = sweep.expand();
        Optional<BenchmarkManifest> benchmark = benchmarkManifest(spark);
        Map<String, RunResult> results = completedResults(store, runs);
        List<RunSpec> todo = runs.stream().filter(r -> !results.containsKey(r.runId())).toList();
        out.printf(Locale.ROOT, "[%s] %d runs: %d already done, %d to run -> %s%n", sweep.name(), runs.size(),
                results.size(), todo.size(), store.root());
        long t0 = System.nanoTime();
        List<RunResult> fresh = todo.isEmpty() ? List.of() : execute(spark, store, todo, results.size());
        fresh.forEach(r -> results.put(r.runId(), r));
        long t1 = System.nanoTime();
        List<RunResult> ordered = runs.stream().map(r -> results.get(r.runId())).toList();
        if (!todo.isEmpty() || !partitionsExist(store, List.of(Tables.RUNS, Tables.EPOCHS, Tables.ARCH_WEIGHTS))) {
            writeTables(spark, store, ordered);
        }
        if (benchmark.isPresent() && (!todo.isEmpty() || !scoredWith(spark, store, benchmark.get().name()))) {
            writeScores(spark, store, ordered);
        }
        long t2 = System.nanoTime();
        printSummary(store, ordered, finalTestAccuracies(spark, store));
        double training = fresh.stream().mapToDouble(RunResult::searchSeconds).sum();
        out.printf(Locale.ROOT, "[%s] time: runs %.1f s (their search loops %.1f s in all, over %d task slots), "
                + "tables %.1f s%n", sweep.name(), (t1 - t0) / 1e9, training, spark.sparkContext().defaultParallelism(),
                (t2 - t1) / 1e9);
        List<TrainResult> trainings = sweep.evaluate() == null ? List.of()
                : new EvaluationStage(this, sweep, out).run(spark, store, ordered);
        return new Outcome(sweep.name(), ordered, trainings, store.tablesDir().toString());
    }

    private static Map<String, RunResult> completedResults(RunStore store, List<RunSpec> runs) {
        Map<String, RunResult> done = new LinkedHashMap<>();
        for (RunSpec run : runs) {
            store.result(RunKind.SEARCH, run.runId()).filter(StageResult::isComplete)
                    .ifPresent(r -> done.put(run.runId(), (RunResult) r));
        }
        return done;
    }

    private List<RunResult> execute(SparkSession spark, RunStore store, List<RunSpec> todo, int alreadyDone) {
        return launch(spark, store, RunKind.SEARCH, todo.stream().map(RunSpec::toJson).toList(),
                todo.stream().map(RunSpec::runId).toList(), alreadyDone).stream().map(RunResult::fromJson).toList();
    }

    /**
     * Runs specs of one kind, one per Spark task, each in its own supervised JVM, showing progress;
     * returns their results' JSON in the order of the specs.
     */
    List<String> launch(SparkSession spark, RunStore store, RunKind kind, List<String> specs, List<String> ids,
            int alreadyDone) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobGroup(sweep.name(), "GeoNAS sweep " + sweep.name() + ": " + specs.size() + " "
                + (kind == RunKind.SEARCH ? "search runs" : "trainings"), true);
        SweepSpec.Execution exec = sweep.execution();
        SweepProgress progress = new SweepProgress(sweep.name(), store, kind, ids, alreadyDone, out);
        try {
            return jsc.parallelize(specs, specs.size())
                    .map(new LaunchRun(store, kind, exec.threadsPerRun(), exec.maxAttempts(), exec.runMemory()))
                    .collect();
        } finally {
            progress.close();
            jsc.clearJobGroup();
        }
    }

    /** Whether this sweep's partition of each table exists. */
    boolean partitionsExist(RunStore store, List<String> tables) {
        try {
            FileSystem fs = store.fs();
            for (String table : tables) {
                if (!fs.exists(partition(store, table))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private org.apache.hadoop.fs.Path partition(RunStore store, String table) {
        return new org.apache.hadoop.fs.Path(store.tablesDir(), table + "/" + Tables.SWEEP_ID + "=" + sweep.name());
    }

    /** The sweep's benchmark table (its manifest, printed), or a line saying how to get one. */
    private Optional<BenchmarkManifest> benchmarkManifest(SparkSession spark) {
        if (sweep.benchmark() == null) {
            out.printf(Locale.ROOT, "[%s] no benchmark configured, so no benchmark_scores: import the NAS-Bench-201 "
                    + "table once (geonas import-benchmark --from nats_bench.csv --out benchmarks/nb201; see README, "
                    + "'Benchmarks'), then set %s=benchmarks/nb201 or 'benchmark:' in the sweep file%n", sweep.name(),
                    BENCHMARK_ENV);
            return Optional.empty();
        }
        BenchmarkManifest m = BenchmarkManifest.read(sweep.benchmark(), spark.sparkContext().hadoopConfiguration());
        out.printf(Locale.ROOT, "[%s] benchmark %s: %d of %d architectures (%s) -> benchmark_scores%n", sweep.name(),
                m.name(), m.architectures(), m.spaceSize(), sweep.benchmark());
        return Optional.of(m);
    }

    /** Whether this sweep's benchmark_scores partition exists and holds the figures of that benchmark. */
    private boolean scoredWith(SparkSession spark, RunStore store, String benchmark) {
        if (!partitionsExist(store, List.of(Tables.BENCHMARK_SCORES))) {
            return false;
        }
        List<Row> names = spark.read()
                .parquet(partition(store, Tables.BENCHMARK_SCORES).toString()).select(Tables.BENCHMARK).distinct()
                .collectAsList();
        return names.size() == 1 && benchmark.equals(names.get(0).getString(0));
    }

    /** Rewrites this sweep's partition of benchmark_scores from the joined benchmark figures. */
    private void writeScores(SparkSession spark, RunStore store, List<RunResult> results) {
        spark.sparkContext().setJobDescription("GeoNAS sweep " + sweep.name() + ": benchmark scores");
        BenchmarkScoring.write(spark, store.tablesDir().toString(), sweep.name(),
                BenchmarkScoring.askedRows(sweep.name(), results), sweep.benchmark());
    }

    /** run id -> dataset -> test accuracy of the final architecture, from this sweep's benchmark_scores. */
    private Map<String, Map<String, Double>> finalTestAccuracies(SparkSession spark, RunStore store) {
        Map<String, Map<String, Double>> acc = new java.util.HashMap<>();
        if (sweep.benchmark() == null || !partitionsExist(store, List.of(Tables.BENCHMARK_SCORES))) {
            return acc;
        }
        spark.read().parquet(partition(store, Tables.BENCHMARK_SCORES).toString())
                .where(Tables.ARCH_SOURCE + " = '" + Tables.ARCH_SOURCE_FINAL + "' AND " + Tables.METRIC + " = '"
                        + org.geonas.core.bench.BenchmarkRecord.TEST_ACC + "'")
                .select(Tables.RUN_ID, Tables.DATASET, Tables.VALUE).collectAsList()
                .forEach(r -> acc.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1),
                        r.getDouble(2)));
        return acc;
    }

    /** Rewrites this sweep's partition of each table; other sweeps' partitions are not touched. */
    private void writeTables(SparkSession spark, RunStore store, List<RunResult> results) {
        String id = sweep.name();
        List<Row> runs = new ArrayList<>();
        List<Row> epochs = new ArrayList<>();
        List<Row> weights = new ArrayList<>();
        for (RunResult r : results) {
            runs.add(ResultRows.run(id, r));
            epochs.addAll(ResultRows.epochs(id, r));
            weights.addAll(ResultRows.archWeights(id, r));
        }
        spark.sparkContext().setJobDescription("GeoNAS sweep " + id + ": write tables");
        write(spark, runs, Tables.RUNS_TABLE.schema(), store, Tables.RUNS);
        write(spark, epochs, Tables.EPOCHS_TABLE.schema(), store, Tables.EPOCHS);
        write(spark, weights, Tables.ARCH_WEIGHTS_TABLE.schema(), store, Tables.ARCH_WEIGHTS);
    }

    /** Rewrites this sweep's partition of one table with {@code rows} (dynamic overwrite: other partitions stay). */
    static void write(SparkSession spark, List<Row> rows, StructType schema, RunStore store, String table) {
        Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
        df.write().mode(SaveMode.Overwrite).partitionBy(Tables.SWEEP_ID)
                .parquet(new org.apache.hadoop.fs.Path(store.tablesDir(), table).toString());
    }

    private void printSummary(RunStore store, List<RunResult> results, Map<String, Map<String, Double>> testAcc) {
        out.printf(Locale.ROOT, "[%s] tables: %s (runs, epochs, arch_weights%s; partition sweep_id=%s)%n", sweep.name(),
                store.tablesDir(), sweep.benchmark() == null ? "" : ", benchmark_scores", sweep.name());
        Map<String, List<RunResult>> byMethod = results.stream().collect(Collectors.groupingBy(SweepJob::methodKey,
                TreeMap::new, Collectors.toList()));
        byMethod.forEach((key, rs) -> {
            double entropy = rs.stream().map(SweepJob::lastEpoch).flatMap(Optional::stream)
                    .mapToDouble(EpochMetrics::meanEntropy).average().orElse(Double.NaN);
            long failed = rs.stream().filter(r -> !r.isComplete()).count();
            out.printf(Locale.ROOT, "  %s: %d runs, %d failed, last-epoch entropy %.4f (mean)%n", key, rs.size(), failed,
                    entropy);
            for (RunResult r : rs) {
                out.printf(Locale.ROOT, "    seed %d %s %s%s%n", r.spec().get(SearchSettings.SEED), r.status().id(),
                        r.finalArch() != null ? r.finalArch() : r.error(), testAccuracyText(testAcc.get(r.runId())));
            }
        });
    }

    /** What a summary groups a run under: its space, method, mode and dataset. */
    static String methodKey(RunResult r) {
        return r.spec().get(SearchSettings.SPACE).id() + " " + r.spec().get(SearchSettings.METHOD).id() + " "
                + r.spec().get(SearchSettings.MODE).id() + " " + r.spec().get(SearchSettings.DATASET).id();
    }

    private static String testAccuracyText(Map<String, Double> byDataset) {
        if (byDataset == null || byDataset.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("  test acc (NB201, 200 epochs):");
        for (String dataset : List.of(org.geonas.core.bench.BenchmarkRecord.CIFAR10,
                org.geonas.core.bench.BenchmarkRecord.CIFAR100, org.geonas.core.bench.BenchmarkRecord.IMAGENET16)) {
            Double v = byDataset.get(dataset);
            if (v != null) {
                text.append(String.format(Locale.ROOT, " %s %.2f", dataset, v));
            }
        }
        return text.toString();
    }

    private static Optional<EpochMetrics> lastEpoch(RunResult r) {
        return r.epochs().isEmpty() ? Optional.empty() : Optional.of(r.epochs().get(r.epochs().size() - 1));
    }
}
