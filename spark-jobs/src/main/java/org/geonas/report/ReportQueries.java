package org.geonas.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.run.RunStatus;
import org.geonas.tables.Tables;

/**
 * The report's aggregates over the registered table views (see {@link TableViews}): every
 * figure is grouped by sweep, space, search dataset, method and mode, and only runs that
 * succeeded are averaged. Runs are joined on (sweep_id, run_id): two sweeps may hold the same
 * run. The data is small; aggregates are collected to the driver.
 */
final class ReportQueries {

    /** The benchmark setting the report shows: 200 training epochs, mean over the benchmark's seeds. */
    static final String HP = "200";
    private static final String BENCH_DATASET = "bench_dataset";
    /** The subject of an entropy panel. */
    static final String ENTROPY = "entropy";
    /** The subject of an entropy panel of runs that searched without none. */
    static final String ENTROPY_WITHOUT_NONE = "entropy without none";
    private static final String EXCLUDE_NONE = org.geonas.core.search.SearchSettings.EXCLUDE_NONE.key();
    private static final String SUCCEEDED = RunStatus.SUCCEEDED.id();
    private static final List<String> KEY = List.of(Tables.SWEEP_ID, Tables.SPACE, Tables.DATASET, Tables.METHOD,
            Tables.MODE);
    private static final List<String> RUN = List.of(Tables.SWEEP_ID, Tables.RUN_ID);
    // the evaluations' own dataset, seed and status, renamed apart from their search run's
    private static final String EVAL_DATASET = "eval_dataset";
    private static final String TRAIN_SEED = "train_seed";
    private static final String TRAIN_STATUS = "train_status";
    private static final List<String> DARTS_KEY = plus(KEY, List.of(EVAL_DATASET));
    private static final String DARTS = org.geonas.core.space.DartsSpace.INSTANCE.id();

    private final Dataset<Row> runs;
    private final Dataset<Row> succeeded;
    private final Dataset<Row> epochs;
    private final Dataset<Row> scores;
    private final Dataset<Row> evaluations;

    // each table is read by several queries: cached, so its files are listed and read once
    private ReportQueries(Dataset<Row> runs, Dataset<Row> epochs, Dataset<Row> scores, Dataset<Row> evaluations) {
        this.runs = runs.cache();
        this.succeeded = this.runs.where(col(Tables.STATUS).equalTo(SUCCEEDED)).select(cols(KEY, RUN));
        this.epochs = epochs.cache();
        this.scores = scores == null ? null : scores.cache();
        this.evaluations = evaluations == null ? null : evaluations.cache();
    }

    /** Frees the cached tables. */
    void release() {
        runs.unpersist();
        epochs.unpersist();
        if (scores != null) {
            scores.unpersist();
        }
        if (evaluations != null) {
            evaluations.unpersist();
        }
    }

    /**
     * Over the views {@link TableViews#register} made; without epochs, benchmark_scores or evaluations those
     * parts are empty.
     */
    static ReportQueries of(SparkSession spark, List<String> views) {
        Dataset<Row> runs = spark.table(Tables.RUNS);
        Dataset<Row> epochs = views.contains(Tables.EPOCHS) ? spark.table(Tables.EPOCHS)
                : spark.createDataFrame(List.of(), Tables.EPOCHS_TABLE.schema());
        Dataset<Row> scores = views.contains(Tables.BENCHMARK_SCORES) ? spark.table(Tables.BENCHMARK_SCORES) : null;
        Dataset<Row> evaluations = views.contains(Tables.EVALUATIONS) ? spark.table(Tables.EVALUATIONS) : null;
        return new ReportQueries(runs, epochs, scores, evaluations);
    }

    boolean scored() {
        return scores != null;
    }

    /** A row per method: seeds (succeeded runs), the others, search time, the final architectures' test accuracy. */
    List<Nb201Row> nb201() {
        Column ok = col(Tables.STATUS).equalTo(SUCCEEDED);
        Map<MethodKey, Map<String, SeedStats>> acc = finalTestAccuracy();
        List<Nb201Row> rows = new ArrayList<>();
        for (Row r : agg(runs.groupBy(cols(KEY)), new Column[] {sum(when(ok, 1).otherwise(0)).as("seeds"),
                    sum(when(not(ok), 1).otherwise(0)).as("others")}, stats(when(ok, col(Tables.SEARCH_SECONDS)), "t"))
                .collectAsList()) {
            MethodKey key = key(r);
            rows.add(new Nb201Row(key, r.getAs("seeds"), r.getAs("others"), readStats(r, "t"),
                    acc.getOrDefault(key, Map.of())));
        }
        return sorted(rows, Nb201Row::key);
    }

    /** Per method and benchmark dataset: test accuracy of the final architectures (one value per run). */
    private Map<MethodKey, Map<String, SeedStats>> finalTestAccuracy() {
        Map<MethodKey, Map<String, SeedStats>> acc = new HashMap<>();
        if (scores == null) {
            return acc;
        }
        Dataset<Row> perRun = testAcc(Tables.ARCH_SOURCE_FINAL).groupBy(cols(RUN, List.of(BENCH_DATASET)))
                .agg(avg(Tables.VALUE).as(Tables.VALUE));
        for (Row r : agg(succeeded.join(perRun, seq(RUN)).groupBy(cols(KEY, List.of(BENCH_DATASET))),
                stats(col(Tables.VALUE), "v")).collectAsList()) {
            acc.computeIfAbsent(key(r), k -> new HashMap<>()).put(r.getAs(BENCH_DATASET), readStats(r, "v"));
        }
        return acc;
    }

    /**
     * Mean edge entropy per epoch, one panel per sweep, space and search dataset, and apart for the
     * runs that searched without none ({@link #ENTROPY_WITHOUT_NONE}: their uniform start is ln of
     * one op fewer).
     */
    List<CurvePanel> entropy() {
        Column subject = Arrays.asList(runs.columns()).contains(EXCLUDE_NONE)
                ? when(col(EXCLUDE_NONE), lit(ENTROPY_WITHOUT_NONE)).otherwise(lit(ENTROPY)) : lit(ENTROPY);
        Dataset<Row> subjects = runs.where(col(Tables.STATUS).equalTo(SUCCEEDED)).withColumn(BENCH_DATASET, subject)
                .select(cols(KEY, java.util.stream.Stream.concat(RUN.stream(), java.util.stream.Stream.of(BENCH_DATASET)).toList()));
        Dataset<Row> perEpoch = agg(subjects.join(epochs.select(cols(RUN, List.of(Tables.EPOCH,
                Tables.MEAN_ENTROPY))), seq(RUN)).groupBy(cols(KEY, List.of(BENCH_DATASET, Tables.EPOCH))),
                stats(col(Tables.MEAN_ENTROPY), "v"));
        return curvePanels(perEpoch.collectAsList());
    }

    /** NAS-Bench-201 test accuracy of the derived architecture per epoch, one panel per benchmark dataset too. */
    List<CurvePanel> benchmarkCurves() {
        if (scores == null) {
            return List.of();
        }
        Dataset<Row> perRun = testAcc(Tables.ARCH_SOURCE_EPOCH).groupBy(cols(RUN, List.of(BENCH_DATASET,
                Tables.EPOCH))).agg(avg(Tables.VALUE).as(Tables.VALUE));
        return curvePanels(agg(succeeded.join(perRun, seq(RUN)).groupBy(cols(KEY, List.of(BENCH_DATASET,
                Tables.EPOCH))), stats(col(Tables.VALUE), "v")).collectAsList());
    }

    /** Mixture vs derived-architecture validation accuracy (percent) at each succeeded run's last epoch. */
    List<GapRow> pruningGap() {
        Dataset<Row> last = epochs.groupBy(cols(RUN)).agg(max(Tables.EPOCH).as(Tables.EPOCH));
        Column mixture = col(Tables.MIXTURE_VALID_ACC).multiply(100);
        Column discrete = col(Tables.DISCRETE_VALID_ACC).multiply(100);
        List<GapRow> rows = new ArrayList<>();
        Dataset<Row> atLast = succeeded.join(epochs.join(last, seq(RUN, List.of(Tables.EPOCH))), seq(RUN));
        Column[] lastEpoch = {max(Tables.EPOCH).as(Tables.EPOCH)};
        for (Row r : agg(atLast.groupBy(cols(KEY)), lastEpoch, stats(mixture, "m"), stats(discrete, "d"),
                stats(mixture.minus(discrete), "g")).collectAsList()) {
            rows.add(new GapRow(key(r), r.getAs(Tables.EPOCH), readStats(r, "m"), readStats(r, "d"),
                    readStats(r, "g")));
        }
        return sorted(rows, GapRow::key);
    }

    /** Every run's final architecture, by method and seed. */
    List<FinalArch> finalArchitectures() {
        List<FinalArch> archs = new ArrayList<>();
        for (Row r : runs.select(cols(KEY, List.of(Tables.SEED, Tables.STATUS, Tables.FINAL_ARCH, Tables.ERROR,
                Tables.RUN_ID))).collectAsList()) {
            archs.add(new FinalArch(key(r), r.<Long>getAs(Tables.SEED), r.getAs(Tables.STATUS),
                    r.getAs(Tables.FINAL_ARCH), r.getAs(Tables.ERROR), r.getAs(Tables.RUN_ID)));
        }
        archs.sort(Comparator.comparing(FinalArch::key, KEY_ORDER).thenComparingLong(FinalArch::seed));
        return archs;
    }

    /**
     * A row per method and evaluation dataset of the DARTS-space search runs whose genotypes were trained:
     * test error over the (run, seed) trainings that succeeded, the others counted apart; parameters one
     * value per trained genotype; search time one value per search run (a run trained with several seeds
     * counts once). Empty without an evaluations table.
     */
    List<DartsRow> darts() {
        if (evaluations == null) {
            return List.of();
        }
        Dataset<Row> trained = trainedRuns();
        Column ok = col(TRAIN_STATUS).equalTo(SUCCEEDED);
        Dataset<Row> perRun = trained.groupBy(cols(DARTS_KEY, List.of(Tables.RUN_ID))).agg(
                first(Tables.SEARCH_SECONDS).as(Tables.SEARCH_SECONDS), first(Tables.DEVICE).as(Tables.DEVICE),
                avg(when(ok, col(Tables.PARAMS))).as(Tables.PARAMS));
        Dataset<Row> runStats = agg(perRun.groupBy(cols(DARTS_KEY)), new Column[] {count(lit(1)).as("runs"),
                    collect_set(Tables.DEVICE).as("devices")}, stats(col(Tables.SEARCH_SECONDS), "s"),
                stats(col(Tables.PARAMS).divide(1e6), "p"));
        Dataset<Row> trainStats = agg(trained.groupBy(cols(DARTS_KEY)), new Column[] {
                    sum(when(not(ok), 1).otherwise(0)).as("others")},
                stats(when(ok, col(Tables.FINAL_TEST_ERROR).multiply(100)), "e"));
        List<DartsRow> rows = new ArrayList<>();
        for (Row r : trainStats.join(runStats, seq(DARTS_KEY)).collectAsList()) {
            rows.add(new DartsRow(key(r), r.getAs(EVAL_DATASET), readStats(r, "e"), r.<Long>getAs("others"),
                    r.<Long>getAs("runs"), readStats(r, "p"), new DartsRow.SearchCost(readStats(r, "s"),
                            r.<String>getList(r.fieldIndex("devices")).stream().sorted().toList())));
        }
        return sorted(rows, DartsRow::key);
    }

    /** The learning curve of every training that succeeded, by method, search run and seed. */
    List<TrainingCurve> trainingCurves() {
        if (evaluations == null) {
            return List.of();
        }
        List<TrainingCurve> curves = new ArrayList<>();
        for (Row r : trainedRuns().where(col(TRAIN_STATUS).equalTo(SUCCEEDED)).select(cols(DARTS_KEY,
                List.of(Tables.RUN_ID, TRAIN_SEED, Tables.CURVE_EPOCHS))).collectAsList()) {
            List<TrainingCurve.Point> points = r.<Row>getList(r.fieldIndex(Tables.CURVE_EPOCHS)).stream()
                    .map(e -> new TrainingCurve.Point(e.<Integer>getAs(Tables.EPOCH),
                            100 * (1 - e.<Double>getAs(Tables.TEST_ACC))))
                    .sorted(Comparator.comparingInt(TrainingCurve.Point::epoch)).toList();
            curves.add(new TrainingCurve(key(r), r.getAs(EVAL_DATASET), r.getAs(Tables.RUN_ID),
                    r.<Long>getAs(TRAIN_SEED), points));
        }
        curves.sort(Comparator.comparing(TrainingCurve::key, KEY_ORDER).thenComparing(TrainingCurve::evalDataset)
                .thenComparing(TrainingCurve::runId).thenComparingLong(TrainingCurve::seed));
        return curves;
    }

    /**
     * Every training of a DARTS-space search run's genotype, with the run's key, search time and device
     * (trainings of named genotypes have no run and are left out).
     */
    private Dataset<Row> trainedRuns() {
        Dataset<Row> trainings = evaluations.where(col(Tables.RUN_ID).isNotNull()).select(col(Tables.SWEEP_ID),
                col(Tables.RUN_ID), col(Tables.DATASET).as(EVAL_DATASET), col(Tables.SEED).as(TRAIN_SEED),
                col(Tables.STATUS).as(TRAIN_STATUS), col(Tables.PARAMS), col(Tables.FINAL_TEST_ERROR),
                col(Tables.CURVE_EPOCHS));
        return runs.where(col(Tables.SPACE).equalTo(DARTS)).select(cols(KEY, List.of(Tables.RUN_ID,
                Tables.SEARCH_SECONDS, Tables.DEVICE))).join(trainings, seq(RUN));
    }

    /** test_acc of the 200-epoch setting for one arch source, the benchmark's dataset renamed apart from the runs'. */
    private Dataset<Row> testAcc(String archSource) {
        return scores.where(col(Tables.ARCH_SOURCE).equalTo(archSource).and(col(Tables.HP).equalTo(HP))
                .and(col(Tables.METRIC).equalTo(BenchmarkRecord.TEST_ACC)).and(col(Tables.VALUE).isNotNull())
                .and(not(isnan(col(Tables.VALUE))))).withColumnRenamed(Tables.DATASET, BENCH_DATASET);
    }

    /** Rows keyed by method, subject (bench_dataset) and epoch with stats "v" -> panels of curves. */
    private static List<CurvePanel> curvePanels(List<Row> rows) {
        Map<Panel, Map<String, Map<MethodKey, List<Curve.Point>>>> grouped = new LinkedHashMap<>();
        for (Row r : rows) {
            MethodKey key = key(r);
            grouped.computeIfAbsent(key.panel(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getAs(BENCH_DATASET), s -> new LinkedHashMap<>())
                    .computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Curve.Point(r.getAs(Tables.EPOCH), readStats(r, "v")));
        }
        List<CurvePanel> panels = new ArrayList<>();
        grouped.forEach((panel, bySubject) -> bySubject.forEach((subject, byMethod) -> {
            List<Curve> curves = byMethod.entrySet().stream().map(e -> new Curve(e.getKey(), e.getValue().stream()
                    .sorted(Comparator.comparingInt(Curve.Point::epoch)).toList())).toList();
            panels.add(new CurvePanel(panel, subject, sorted(curves, Curve::key)));
        }));
        panels.sort(Comparator.comparing(CurvePanel::panel, PANEL_ORDER)
                .thenComparingInt(p -> datasetOrder(p.subject())));
        return panels;
    }

    private static final Comparator<Panel> PANEL_ORDER = Comparator.comparing(Panel::sweepId)
            .thenComparing(Panel::space).thenComparing(Panel::dataset);
    private static final Comparator<MethodKey> KEY_ORDER = Comparator.comparing(MethodKey::panel, PANEL_ORDER)
            .thenComparing(MethodKey::method).thenComparing(MethodKey::mode);

    private static <T> List<T> sorted(List<T> items, Function<T, MethodKey> key) {
        return items.stream().sorted(Comparator.comparing(key, KEY_ORDER)).toList();
    }

    /** The benchmark's dataset order, unknown ones last. */
    private static int datasetOrder(String dataset) {
        int i = BenchmarkRecord.DATASETS.indexOf(dataset);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static MethodKey key(Row r) {
        return new MethodKey(new Panel(r.getAs(Tables.SWEEP_ID), r.getAs(Tables.SPACE), r.getAs(Tables.DATASET)),
                r.getAs(Tables.METHOD), r.getAs(Tables.MODE));
    }

    /** count, mean, sample std, min and max of a column (nulls left out), named prefix_n, prefix_mean, ... */
    private static Column[] stats(Column c, String prefix) {
        return new Column[] {count(c).as(prefix + "_n"), avg(c).as(prefix + "_mean"),
            stddev_samp(c).as(prefix + "_std"), min(c).as(prefix + "_min"), max(c).as(prefix + "_max")};
    }

    /** Aggregates with every column of the parts, in order. */
    private static Dataset<Row> agg(RelationalGroupedDataset grouped, Column[]... parts) {
        List<Column> all = new ArrayList<>();
        for (Column[] p : parts) {
            all.addAll(List.of(p));
        }
        return grouped.agg(all.get(0), all.subList(1, all.size()).toArray(Column[]::new));
    }

    private static SeedStats readStats(Row r, String prefix) {
        long n = r.getAs(prefix + "_n");
        return n == 0 ? SeedStats.NONE : new SeedStats(n, number(r, prefix + "_mean"), number(r, prefix + "_std"),
                number(r, prefix + "_min"), number(r, prefix + "_max"));
    }

    /** A double column, NaN where null (stddev_samp of one value). */
    private static double number(Row r, String column) {
        Object v = r.getAs(column);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static Column[] cols(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    private static Column[] cols(List<String> names, List<String> more) {
        return cols(plus(names, more));
    }

    private static scala.collection.immutable.Seq<String> seq(List<String> names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(names).toList();
    }

    private static scala.collection.immutable.Seq<String> seq(List<String> names, List<String> more) {
        return seq(plus(names, more));
    }

    private static List<String> plus(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
