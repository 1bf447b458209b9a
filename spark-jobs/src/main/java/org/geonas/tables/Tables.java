package org.geonas.tables;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Table names, column names and schemas of the Parquet tables under {@code <output>/tables/}. */
public final class Tables {

    /** Bumped whenever a column changes meaning or type. */
    public static final int SCHEMA_VERSION = 1;

    public static final String RUNS = "runs";
    public static final String EPOCHS = "epochs";
    public static final String ARCH_WEIGHTS = "arch_weights";
    public static final String BENCHMARK_SCORES = "benchmark_scores";
    /** Every table a sweep writes under {@code <output>/tables/}, in the order they are written. */
    public static final java.util.List<String> ALL = java.util.List.of(RUNS, EPOCHS, ARCH_WEIGHTS, BENCHMARK_SCORES);

    public static final String SWEEP_ID = "sweep_id";
    public static final String RUN_ID = "run_id";
    public static final String SCHEMA_VERSION_COLUMN = "schema_version";

    // runs
    public static final String SPEC_JSON = "spec_json";
    public static final String SPACE = "space";
    public static final String METHOD = "method";
    public static final String MODE = "mode";
    public static final String DATASET = "dataset";
    public static final String SEED = "seed";
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    public static final String FINAL_ARCH = "final_arch";
    public static final String EPOCHS_COMPLETED = "epochs";
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

    // benchmark_scores: the imported benchmark's figures of each run's final architecture
    // (arch_source = final, epoch null) and of the derived architecture of every epoch (arch_source = epoch)
    public static final String ARCH_SOURCE = "arch_source";
    public static final String ARCH_SOURCE_FINAL = "final";
    public static final String ARCH_SOURCE_EPOCH = "epoch";
    public static final String ARCH = "arch";
    public static final String BENCHMARK = "benchmark";
    public static final String HP = "hp";
    public static final String METRIC = "metric";
    public static final String VALUE = "value";

    // the imported benchmark table (geonas import-benchmark): one row per figure; see BenchmarkRecord
    public static final String ARCH_INDEX = "arch_index";
    public static final String BENCH_SEED = "seed";
    public static final String CURVE = "curve";

    private Tables() {
    }

    public static final StructType PROVENANCE_TYPE = new StructType(new StructField[] {
        string("code_version"), string("git_sha"), string("jdk"), string("os"), string("djl_version"), string("engine"),
        string("engine_version"), string("host"), string("created_at"), string("cpu"), string("engine_check")});

    public static final StructType RUNS_SCHEMA = new StructType(new StructField[] {
        string(SWEEP_ID), string(RUN_ID), string(SPEC_JSON), string(SPACE), string(METHOD), string(MODE), string(DATASET),
        field(SEED, DataTypes.LongType), string(STATUS), string(ERROR), string(FINAL_ARCH),
        field(EPOCHS_COMPLETED, DataTypes.IntegerType), field(SEARCH_SECONDS, DataTypes.DoubleType), string(DEVICE),
        field(PARAMS, DataTypes.LongType), field(PROVENANCE, PROVENANCE_TYPE),
        field(SCHEMA_VERSION_COLUMN, DataTypes.IntegerType)});

    public static final StructType EPOCHS_SCHEMA = new StructType(new StructField[] {
        string(SWEEP_ID), string(RUN_ID), field(EPOCH, DataTypes.IntegerType), field(LR, DataTypes.DoubleType),
        field(TRAIN_LOSS, DataTypes.DoubleType), field(TRAIN_ACC, DataTypes.DoubleType),
        field(VALID_LOSS, DataTypes.DoubleType), field(VALID_ACC, DataTypes.DoubleType),
        field(MIXTURE_VALID_ACC, DataTypes.DoubleType), field(DISCRETE_VALID_ACC, DataTypes.DoubleType),
        field(MEAN_ENTROPY, DataTypes.DoubleType), string(DERIVED_ARCH), field(SECONDS, DataTypes.DoubleType),
        field(SCHEMA_VERSION_COLUMN, DataTypes.IntegerType)});

    public static final StructType ARCH_WEIGHTS_SCHEMA = new StructType(new StructField[] {
        string(SWEEP_ID), string(RUN_ID), field(EPOCH, DataTypes.IntegerType), string(CELL_TYPE), string(EDGE),
        string(OP), field(WEIGHT, DataTypes.DoubleType), field(SCHEMA_VERSION_COLUMN, DataTypes.IntegerType)});

    public static final StructType BENCHMARK_SCORES_SCHEMA = new StructType(new StructField[] {
        string(SWEEP_ID), string(RUN_ID), string(ARCH_SOURCE), field(EPOCH, DataTypes.IntegerType), string(ARCH),
        string(BENCHMARK), string(DATASET), string(HP), string(METRIC), field(VALUE, DataTypes.DoubleType),
        field(SCHEMA_VERSION_COLUMN, DataTypes.IntegerType)});

    /** The imported benchmark table: {@link org.geonas.core.bench.BenchmarkRecord} plus the benchmark's name. */
    public static final StructType BENCHMARK_SCHEMA = new StructType(new StructField[] {
        string(BENCHMARK), string(ARCH), field(ARCH_INDEX, DataTypes.IntegerType), string(DATASET), string(HP),
        string(BENCH_SEED), string(METRIC), field(VALUE, DataTypes.DoubleType),
        field(CURVE, DataTypes.createArrayType(DataTypes.DoubleType, false)),
        field(SCHEMA_VERSION_COLUMN, DataTypes.IntegerType)});

    /** The schema of each result table, by name (a table with no rows yet still has its columns). */
    public static final java.util.Map<String, StructType> SCHEMAS = java.util.Map.of(RUNS, RUNS_SCHEMA, EPOCHS,
            EPOCHS_SCHEMA, ARCH_WEIGHTS, ARCH_WEIGHTS_SCHEMA, BENCHMARK_SCORES, BENCHMARK_SCORES_SCHEMA);

    private static StructField string(String name) {
        return field(name, DataTypes.StringType);
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return new StructField(name, type, true, Metadata.empty());
    }
}
