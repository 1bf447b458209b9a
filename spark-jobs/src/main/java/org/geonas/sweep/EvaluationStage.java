package org.geonas.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.evaluate.TrainSettings;
import org.geonas.core.run.RunKind;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.StageResult;
import org.geonas.core.run.SweepSpec;
import org.geonas.core.run.TrainResult;
import org.geonas.core.run.TrainSpec;
import org.geonas.core.search.SearchSettings;
import org.geonas.tables.ResultRows;
import org.geonas.tables.Tables;

/**
 * A sweep's evaluation stage ({@code evaluate:}), after its searches: the final architecture of
 * every selected search run trained from scratch once per seed ({@link SweepSpec#trainings}), each
 * (run, seed) its own Spark task in its own JVM, supervised, resumed and recorded exactly as the
 * searches are ({@link SweepJob#launch}), in {@code <output>/evaluations/<train_id>/}. Trainings
 * that finished (succeeded or diverged) are not run again, failed ones are; the {@code evaluations}
 * table's partition is rewritten only when something ran or it is missing, so a re-submitted
 * finished sweep changes nothing.
 */
final class EvaluationStage {

    private final SweepJob job;
    private final SweepSpec sweep;
    private final PrintStream out;

    EvaluationStage(SweepJob job, SweepSpec sweep, PrintStream out) {
        this.job = job;
        this.sweep = sweep;
        this.out = out;
    }

    /** One training of the stage: the search run it trains the genotype of, and its spec. */
    private record Training(RunResult search, TrainSpec spec) {
    }

    /** Trains what is missing, writes the table, prints the summary; returns every training's result. */
    List<TrainResult> run(SparkSession spark, RunStore store, List<RunResult> searches) {
        List<Training> trainings = plan(searches);
        if (trainings.isEmpty()) {
            out.printf(Locale.ROOT, "[%s] evaluate: no search run to train (it trains the succeeded DARTS-space runs%s)%n",
                    sweep.name(), sweep.evaluate().methods() == null ? "" : " of " + sweep.evaluate().methods());
            return List.of();
        }
        Map<String, TrainResult> results = completed(store, trainings);
        List<Training> todo = trainings.stream().filter(t -> !results.containsKey(t.spec().trainId())).toList();
        int seeds = sweep.evaluate().seeds().size();
        out.printf(Locale.ROOT, "[%s] evaluate: %d trainings (%d search runs x %d seed%s): %d already done, %d to run "
                + "-> %s%n", sweep.name(), trainings.size(), trainings.size() / seeds, seeds, seeds == 1 ? "" : "s",
                results.size(), todo.size(),
                new org.apache.hadoop.fs.Path(store.root(), RunStore.folder(RunKind.TRAINING)));
        long t0 = System.nanoTime();
        execute(spark, store, todo, results.size()).forEach(r -> results.put(r.trainId(), r));
        long t1 = System.nanoTime();
        List<TrainResult> ordered = trainings.stream().map(t -> results.get(t.spec().trainId())).toList();
        if (!todo.isEmpty() || !job.partitionsExist(store, List.of(Tables.EVALUATIONS))) {
            writeTable(spark, store, trainings, ordered);
        }
        long t2 = System.nanoTime();
        printSummary(trainings, ordered);
        out.printf(Locale.ROOT, "[%s] time: trainings %.1f s (their training loops %.1f s in all), table %.1f s%n",
                sweep.name(), (t1 - t0) / 1e9, todo.stream().map(t -> results.get(t.spec().trainId()))
                        .mapToDouble(TrainResult::trainSeconds).sum(), (t2 - t1) / 1e9);
        return ordered;
    }

    /** Every training of the stage, in the order of the search runs, then of the seeds. */
    private List<Training> plan(List<RunResult> searches) {
        List<Training> trainings = new ArrayList<>();
        for (RunResult search : searches) {
            sweep.trainings(search).forEach(spec -> trainings.add(new Training(search, spec)));
        }
        return trainings;
    }

    private static Map<String, TrainResult> completed(RunStore store, List<Training> trainings) {
        Map<String, TrainResult> done = new LinkedHashMap<>();
        for (Training t : trainings) {
            String id = t.spec().trainId();
            store.result(RunKind.TRAINING, id).filter(StageResult::isComplete)
                    .ifPresent(r -> done.put(id, (TrainResult) r));
        }
        return done;
    }

    private List<TrainResult> execute(SparkSession spark, RunStore store, List<Training> todo, int alreadyDone) {
        if (todo.isEmpty()) {
            return List.of();
        }
        return job.launch(spark, store, RunKind.TRAINING, todo.stream().map(t -> t.spec().toJson()).toList(),
                todo.stream().map(t -> t.spec().trainId()).toList(), alreadyDone).stream()
                .map(TrainResult::fromJson).toList();
    }

    /** Rewrites this sweep's partition of {@code evaluations}: one row per training. */
    private void writeTable(SparkSession spark, RunStore store, List<Training> trainings, List<TrainResult> results) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < trainings.size(); i++) {
            rows.add(ResultRows.evaluation(sweep.name(), trainings.get(i).search().runId(), results.get(i)));
        }
        spark.sparkContext().setJobDescription("GeoNAS sweep " + sweep.name() + ": write evaluations");
        SweepJob.write(spark, rows, Tables.EVALUATIONS_TABLE.schema(), store, Tables.EVALUATIONS);
    }

    /** Per search method: the test error of the trained genotypes, mean ± std over (run, seed); then each. */
    private void printSummary(List<Training> trainings, List<TrainResult> results) {
        Map<String, List<Integer>> byMethod = new TreeMap<>();
        for (int i = 0; i < trainings.size(); i++) {
            byMethod.computeIfAbsent(SweepJob.methodKey(trainings.get(i).search()), k -> new ArrayList<>()).add(i);
        }
        out.printf(Locale.ROOT, "[%s] evaluations (table evaluations, partition sweep_id=%s):%n", sweep.name(),
                sweep.name());
        byMethod.forEach((key, indices) -> {
            List<Double> errors = indices.stream().map(i -> results.get(i).finalTestError())
                    .filter(java.util.Objects::nonNull).toList();
            long failed = indices.stream().filter(i -> !results.get(i).isComplete()).count();
            out.printf(Locale.ROOT, "  %s: %d trainings, %d failed, test error %s%n", key, indices.size(), failed,
                    meanStd(errors));
            for (int i : indices) {
                out.println("    " + describe(trainings.get(i), results.get(i)));
            }
        });
    }

    private static String describe(Training t, TrainResult r) {
        String outcome = r.finalTestError() != null ? String.format(Locale.ROOT, "test error %.2f%%, %.3fM params",
                100 * r.finalTestError(), r.params() / 1e6) : r.error();
        return String.format(Locale.ROOT, "search seed %d (run %s), training seed %d: %s, %s",
                t.search().spec().get(SearchSettings.SEED), t.search().runId(), t.spec().get(TrainSettings.SEED),
                r.status().id(), outcome);
    }

    /** Mean ± sample standard deviation (n - 1), in percent, as the report prints seeds. */
    static String meanStd(List<Double> values) {
        if (values.isEmpty()) {
            return "- (none succeeded)";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (values.size() == 1) {
            return String.format(Locale.ROOT, "%.2f%% (1 training, no std)", 100 * mean);
        }
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return String.format(Locale.ROOT, "%.2f%% ± %.2f (mean ± std over %d)", 100 * mean,
                100 * Math.sqrt(ss / (values.size() - 1)), values.size());
    }
}
