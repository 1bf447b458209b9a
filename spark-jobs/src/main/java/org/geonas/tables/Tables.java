package org.geonas.tables;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.config.Setting;
import org.geonas.core.run.Provenance;
import org.geonas.core.evaluate.TrainEpoch;
import org.geonas.core.evaluate.TrainSettings;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.TrainResult;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;

/**
 * The Parquet tables under {@code <output>/tables/}: every column declared once (name, type,
 * meaning, how it is read from a result), in one place. Schemas, rows, test fixtures and the table
 * documentation ({@code docs/tables.md}, written by {@link TablesDoc}) all come from these
 * declarations. The {@code runs} table has a column per run setting, derived from {@link
 * SearchSettings}.
 */
public final class Tables {

    /**
     * Bumped whenever a column changes meaning or type. 2: the runs table gained a column per run
     * setting, and the completed epochs moved from {@code epochs} (now the setting) to
     * {@code epochs_completed}.
     */
    public static final int SCHEMA_VERSION = 2;

    public static final String RUNS = "runs";
    public static final String EPOCHS = "epochs";
    public static final String ARCH_WEIGHTS = "arch_weights";
    public static final String BENCHMARK_SCORES = "benchmark_scores";
    public static final String EVALUATIONS = "evaluations";

    public static final String SWEEP_ID = "sweep_id";
    public static final String RUN_ID = "run_id";
    public static final String SCHEMA_VERSION_COLUMN = "schema_version";

    // runs: the settings' columns are named by their keys
    public static final String SPEC_JSON = "spec_json";
    public static final String SPACE = SearchSettings.SPACE.key();
    public static final String METHOD = SearchSettings.METHOD.key();
    public static final String MODE = SearchSettings.MODE.key();
    public static final String DATASET = SearchSettings.DATASET.key();
    public static final String SEED = SearchSettings.SEED.key();
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    public static final String FINAL_ARCH = "final_arch";
    public static final String EPOCHS_COMPLETED = "epochs_completed";
    public static final String SEARCH_SECONDS = "search_seconds";
    public static final String DEVICE = "device";
    public static final String PARAMS = "params";
    public static final String PROVENANCE = "provenance";

    // epochs
    public static final String EPOCH = "epoch";
    public static final String LR = "lr";
    public static final String TRAIN_LOSS = "train_loss";
    public static final String TRAIN_ACC = "train_acc";
    public static final String VALID_LOSS = "valid_loss";
    public static final String VALID_ACC = "valid_acc";
    public static final String MIXTURE_VALID_ACC = "mixture_valid_acc";
    public static final String DISCRETE_VALID_ACC = "discrete_valid_acc";
    public static final String MEAN_ENTROPY = "mean_entropy";
    public static final String DERIVED_ARCH = "derived_arch";
    public static final String SECONDS = "seconds";

    // arch_weights
    public static final String CELL_TYPE = "cell_type";
    public static final String EDGE = "edge";
    public static final String OP = "op";
    public static final String WEIGHT = "weight";

    // benchmark_scores
    public static final String ARCH_SOURCE = "arch_source";
    public static final String ARCH_SOURCE_FINAL = "final";
    public static final String ARCH_SOURCE_EPOCH = "epoch";
    public static final String ARCH = "arch";
    public static final String BENCHMARK = "benchmark";
    public static final String HP = "hp";
    public static final String METRIC = "metric";
    public static final String VALUE = "value";

    // evaluations: the train settings' columns are named by their keys (genotype, epochs, layers, ...)
    public static final String TRAIN_ID = "train_id";
    public static final String GENOTYPE = TrainSettings.GENOTYPE.key();
    public static final String PARAMS_WITH_AUXILIARY = "params_with_auxiliary";
    public static final String FINAL_TEST_ACC = "final_test_acc";
    public static final String FINAL_TEST_ERROR = "final_test_error";
    public static final String TRAIN_SECONDS = "train_seconds";
    public static final String CURVE_EPOCHS = "curve";
    public static final String DROP_PATH_PROB = "drop_path_prob";
    public static final String TEST_LOSS = "test_loss";
    public static final String TEST_ACC = "test_acc";

    // the imported benchmark table
    public static final String ARCH_INDEX = "arch_index";
    public static final String BENCH_SEED = "seed";
    public static final String CURVE = "curve";

    /** A run's result in a sweep: the source of a {@code runs} row. */
    public record RunRow(String sweepId, RunResult result) {
    }

    /** One epoch of a run: the source of an {@code epochs} row. */
    public record EpochRow(String sweepId, String runId, EpochMetrics metrics) {
    }

    /** One op's weight on one edge after one epoch: the source of an {@code arch_weights} row. */
    public record ArchWeightRow(String sweepId, String runId, int epoch, String cellType, String edge, String op,
            double weight) {
    }

    /** One benchmark figure of one of a run's architectures: the source of a {@code benchmark_scores} row. */
    public record ScoreRow(String sweepId, String runId, String archSource, Integer epoch, String arch,
            String benchmark, String dataset, String hp, String metric, double value) {
    }

    /**
     * The training of one search run's genotype with one seed in a sweep's evaluation stage: the
     * source of an {@code evaluations} row.
     *
     * @param runId the search run whose final architecture was trained (null for a genotype given by name)
     */
    public record EvaluationRow(String sweepId, String runId, TrainResult result) {
    }

    /** One figure of an imported benchmark: the source of a row of the benchmark table. */
    public record BenchmarkRow(String benchmark, BenchmarkRecord figure) {
    }

    /** What produced a result; a struct column of {@code runs}. */
    public static final Table<Provenance> PROVENANCE_FIELDS = Table.<Provenance>builder(PROVENANCE,
            "what produced a run's result")
            .text("code_version", "GeoNAS version (the Maven project version).", Provenance::codeVersion)
            .text("git_sha", "Commit of the code, or unknown.", Provenance::gitSha)
            .text("jdk", "Java vendor and version.", Provenance::jdk)
            .text("os", "Operating system, version and architecture.", Provenance::os)
            .text("djl_version", "DJL version.", Provenance::djlVersion)
            .text("engine", "Deep-learning engine (PyTorch).", Provenance::engine)
            .text("engine_version", "Engine version (libtorch).", Provenance::engineVersion)
            .text("host", "Host name.", Provenance::host)
            .text("created_at", "When the result was written (UTC, ISO-8601).", Provenance::createdAt)
            .text("cpu", "CPU vendor, model, cores and widest vector extensions.", Provenance::cpu)
            .text("engine_check", "Verdict of the engine check the run passed, with the oneDNN cap it ran under.",
                    Provenance::engineCheck)
            .build();

    /** One epoch of a training; an element of the {@code curve} column of {@code evaluations}. */
    public static final Table<TrainEpoch> TRAIN_EPOCH_FIELDS = Table.<TrainEpoch>builder(CURVE_EPOCHS,
            "one epoch of a training")
            .integer(EPOCH, "0-based epoch.", TrainEpoch::epoch)
            .real(LR, "Learning rate of the epoch.", TrainEpoch::lr)
            .real(DROP_PATH_PROB, "Drop-path probability of the epoch.", TrainEpoch::dropPathProb)
            .real(TRAIN_LOSS, "Mean training loss (main head).", TrainEpoch::trainLoss)
            .real(TRAIN_ACC, "Training accuracy (augmented images, drop path on).", TrainEpoch::trainAcc)
            .real(TEST_LOSS, "Mean loss on the test images.", TrainEpoch::testLoss)
            .real(TEST_ACC, "Accuracy on the test images.", TrainEpoch::testAcc)
            .real(SECONDS, "Wall time of the epoch, evaluation included.", TrainEpoch::seconds)
            .build();

    /** One row per run of a sweep. */
    public static final Table<RunRow> RUNS_TABLE = Table.<RunRow>builder(RUNS, "one row per run of a sweep")
            .text(SWEEP_ID, "The sweep (its name); the table's partition column.", RunRow::sweepId)
            .text(RUN_ID, "The run's id: a hash of its settings (data_dir excluded).", r -> r.result().runId())
            .text(SPEC_JSON, "Every setting of the run as canonical JSON (sorted keys, defaults filled in).",
                    r -> r.result().spec().toJson())
            .columns(SearchSettings.CATALOGUE.settings().stream().map(Tables::settingColumn).toList())
            .text(STATUS, "succeeded, failed or diverged.", r -> r.result().status().id())
            .text(ERROR, "Why the run failed or diverged (one line), else null.", r -> r.result().error())
            .text(FINAL_ARCH, "The architecture derived at the end, in the space's own notation.",
                    r -> r.result().finalArch())
            .integer(EPOCHS_COMPLETED, "Epochs completed.", r -> r.result().epochs().size())
            .real(SEARCH_SECONDS, "Wall time of the search loop.", r -> r.result().searchSeconds())
            .text(DEVICE, "The device it ran on (cpu, gpu:0).", r -> r.result().device())
            .longInteger(PARAMS, "Trainable parameter values of the supernet.", r -> r.result().params())
            .struct(PROVENANCE, "What produced the result: " + String.join(", ", PROVENANCE_FIELDS.columnNames()) + ".",
                    PROVENANCE_FIELDS, r -> r.result().provenance())
            .versioned();

    /** One row per completed epoch of every run. */
    public static final Table<EpochRow> EPOCHS_TABLE = Table.<EpochRow>builder(EPOCHS,
            "one row per completed epoch of every run")
            .text(SWEEP_ID, "The sweep; partition column.", EpochRow::sweepId)
            .text(RUN_ID, "The run.", EpochRow::runId)
            .integer(EPOCH, "0-based epoch.", r -> r.metrics().epoch())
            .real(LR, "Learning rate of the network weights in the epoch.", r -> r.metrics().lr())
            .real(TRAIN_LOSS, "Mean loss of the weight steps.", r -> r.metrics().trainLoss())
            .real(TRAIN_ACC, "Accuracy of the weight steps.", r -> r.metrics().trainAcc())
            .real(VALID_LOSS, "Mean loss of the mixture on the validation images.", r -> r.metrics().validLoss())
            .real(VALID_ACC, "Accuracy of the mixture on the validation images.", r -> r.metrics().validAcc())
            .real(MIXTURE_VALID_ACC, "The same accuracy, beside discrete_valid_acc.",
                    r -> r.metrics().mixtureValidAcc())
            .real(DISCRETE_VALID_ACC, "Accuracy of the derived architecture with the shared weights; the pruning gap "
                    + "is mixture_valid_acc - discrete_valid_acc.", r -> r.metrics().discreteValidAcc())
            .real(MEAN_ENTROPY, "Mean entropy of the edges' architecture weights at the epoch's end.",
                    r -> r.metrics().meanEntropy())
            .text(DERIVED_ARCH, "The architecture derived at the epoch's end.", r -> r.metrics().derivedArch())
            .real(SECONDS, "Wall time of the epoch, evaluation included.", r -> r.metrics().seconds())
            .versioned();

    /** The simplex point of every edge after every epoch. */
    public static final Table<ArchWeightRow> ARCH_WEIGHTS_TABLE = Table.<ArchWeightRow>builder(ARCH_WEIGHTS,
            "one row per (epoch, cell type, edge, op) of every run: the architecture weights after each epoch")
            .text(SWEEP_ID, "The sweep; partition column.", ArchWeightRow::sweepId)
            .text(RUN_ID, "The run.", ArchWeightRow::runId)
            .integer(EPOCH, "0-based epoch.", ArchWeightRow::epoch)
            .text(CELL_TYPE, "normal or reduce (NB201 has normal only).", ArchWeightRow::cellType)
            .text(EDGE, "The edge, as the space labels it (e.g. 1<-0).", ArchWeightRow::edge)
            .text(OP, "The op.", ArchWeightRow::op)
            .real(WEIGHT, "The op's weight on the edge (each edge's weights sum to 1).", ArchWeightRow::weight)
            .versioned();

    /** The imported benchmark's figures of every NB201 run's architectures. */
    public static final Table<ScoreRow> BENCHMARK_SCORES_TABLE = Table.<ScoreRow>builder(BENCHMARK_SCORES,
            "one row per figure of the imported benchmark for a run's final architecture (arch_source final) and "
                    + "for the architecture derived after every epoch (arch_source epoch)")
            .text(SWEEP_ID, "The sweep; partition column.", ScoreRow::sweepId)
            .text(RUN_ID, "The run.", ScoreRow::runId)
            .text(ARCH_SOURCE, "final or epoch.", ScoreRow::archSource)
            .integer(EPOCH, "The epoch of an epoch's architecture; null for the final one.", ScoreRow::epoch)
            .text(ARCH, "The architecture in NAS-Bench-201 notation.", ScoreRow::arch)
            .text(BENCHMARK, "The imported benchmark's name.", ScoreRow::benchmark)
            .text(DATASET, "Benchmark dataset: cifar10-valid, cifar10, cifar100, ImageNet16-120.", ScoreRow::dataset)
            .text(HP, "Training epochs of the benchmark's figure (200).", ScoreRow::hp)
            .text(METRIC, "test_acc, valid_acc, train_acc, the losses, params, flops, latency.", ScoreRow::metric)
            .real(VALUE, "The figure (accuracies in percent).", ScoreRow::value)
            .versioned();

    /** One row per (search run, seed) trained by a sweep's evaluation stage. */
    public static final Table<EvaluationRow> EVALUATIONS_TABLE = Table.<EvaluationRow>builder(EVALUATIONS,
            "one row per (search run, seed) of a sweep's evaluation stage: the run's genotype trained from scratch in "
                    + "the DARTS evaluation network")
            .text(SWEEP_ID, "The sweep; partition column.", EvaluationRow::sweepId)
            .text(RUN_ID, "The search run whose final architecture was trained (a runs row); null for a named "
                    + "genotype.", EvaluationRow::runId)
            .text(TRAIN_ID, "The training's id: a hash of its settings (data_dir excluded).",
                    r -> r.result().trainId())
            .text(SPEC_JSON, "Every setting of the training as canonical JSON (sorted keys, defaults filled in).",
                    r -> r.result().spec().toJson())
            .columns(TrainSettings.CATALOGUE.settings().stream().map(Tables::trainSettingColumn).toList())
            .text(STATUS, "succeeded, failed or diverged.", r -> r.result().status().id())
            .text(ERROR, "Why the training failed or diverged (one line), else null.", r -> r.result().error())
            .longInteger(PARAMS, "Trainable parameters without the auxiliary head, as the literature counts them.",
                    r -> r.result().params())
            .longInteger(PARAMS_WITH_AUXILIARY, "Trainable parameters with the auxiliary head.",
                    r -> r.result().paramsWithAuxiliary())
            .integer(EPOCHS_COMPLETED, "Epochs completed.", r -> r.result().epochs().size())
            .real(FINAL_TEST_ACC, "Test accuracy after the last epoch (a fraction); null unless succeeded.",
                    r -> r.result().finalTestAcc())
            .real(FINAL_TEST_ERROR, "1 - final_test_acc (a fraction; the papers print it in percent).",
                    r -> r.result().finalTestError())
            .real(TRAIN_SECONDS, "Wall time of the training.", r -> r.result().trainSeconds())
            .text(DEVICE, "The device it ran on (cpu, gpu:0).", r -> r.result().device())
            .structs(CURVE_EPOCHS, "The learning curve: per epoch " + String.join(", ",
                    TRAIN_EPOCH_FIELDS.columnNames()) + ".", TRAIN_EPOCH_FIELDS, r -> r.result().epochs())
            .struct(PROVENANCE, "What produced the result (as in runs).", PROVENANCE_FIELDS,
                    r -> r.result().provenance())
            .versioned();

    /** The table written by {@code geonas import-benchmark}: one row per figure. */
    public static final Table<BenchmarkRow> BENCHMARK_TABLE = Table.<BenchmarkRow>builder("benchmark",
            "one row per figure of an imported NAS-Bench-201 (written by geonas import-benchmark, beside its "
                    + "manifest.json)")
            .text(BENCHMARK, "The benchmark's name.", BenchmarkRow::benchmark)
            .text(ARCH, "The architecture in NAS-Bench-201 notation.", r -> r.figure().arch())
            .integer(ARCH_INDEX, "The benchmark's index of the architecture.", r -> r.figure().index())
            .text(DATASET, "cifar10-valid, cifar10, cifar100 or ImageNet16-120.", r -> r.figure().dataset())
            .text(HP, "Training epochs (12 or 200).", r -> r.figure().hp())
            .text(BENCH_SEED, "The training seed, or mean over seeds.", r -> r.figure().seed())
            .text(METRIC, "The metric.", r -> r.figure().metric())
            .real(VALUE, "The figure (the curve's last point for per-epoch metrics).", r -> r.figure().value())
            .column(CURVE, DataTypes.createArrayType(DataTypes.DoubleType, false), "The per-epoch curve, where "
                    + "the benchmark has one.", r -> r.figure().curve())
            .versioned();

    /** Every result table a sweep writes, in the order they are written. */
    public static final List<Table<?>> RESULT_TABLES = List.of(RUNS_TABLE, EPOCHS_TABLE, ARCH_WEIGHTS_TABLE,
            BENCHMARK_SCORES_TABLE, EVALUATIONS_TABLE);

    /** The result tables' names, in the order they are written. */
    public static final List<String> ALL = RESULT_TABLES.stream().map(Table::name).toList();

    /** The schema of each result table, by name (a table with no rows yet still has its columns). */
    public static final Map<String, org.apache.spark.sql.types.StructType> SCHEMAS = Map.of(RUNS, RUNS_TABLE.schema(),
            EPOCHS, EPOCHS_TABLE.schema(), ARCH_WEIGHTS, ARCH_WEIGHTS_TABLE.schema(), BENCHMARK_SCORES,
            BENCHMARK_SCORES_TABLE.schema(), EVALUATIONS, EVALUATIONS_TABLE.schema());

    private Tables() {
    }

    private static <T> Column<RunRow> settingColumn(Setting<T> setting) {
        return new Column<>(setting.key(), sparkType(setting.kind()), "Setting: " + setting.doc(),
                r -> setting.encode(r.result().spec().get(setting)));
    }

    private static <T> Column<EvaluationRow> trainSettingColumn(Setting<T> setting) {
        return new Column<>(setting.key(), sparkType(setting.kind()), "Setting: " + setting.doc(),
                r -> setting.encode(r.result().spec().get(setting)));
    }

    private static DataType sparkType(Setting.Kind kind) {
        return switch (kind) {
            case TEXT -> DataTypes.StringType;
            case INTEGER -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case REAL -> DataTypes.DoubleType;
            case FLAG -> DataTypes.BooleanType;
        };
    }
}
