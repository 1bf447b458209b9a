package org.geonas.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.run.RunResult;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.space.Nb201Architecture;
import org.geonas.tables.Tables;

/**
 * The {@code benchmark_scores} rows of a sweep: a join of every NB201 run's final architecture,
 * and of the architecture derived after each of its epochs, with the imported benchmark's
 * figures for 200 training epochs averaged over the benchmark's seeds.
 */
public final class BenchmarkScoring {

    /** The architectures a sweep asks the benchmark about. */
    private static final StructType ASKED = new StructType()
            .add(Tables.SWEEP_ID, DataTypes.StringType).add(Tables.RUN_ID, DataTypes.StringType)
            .add(Tables.ARCH_SOURCE, DataTypes.StringType).add(Tables.EPOCH, DataTypes.IntegerType)
            .add(Tables.ARCH, DataTypes.StringType);
    private static final String HP = "200";

    private BenchmarkScoring() {
    }

    /** The scores of the results' architectures, in {@link Tables#BENCHMARK_SCORES_TABLE} column order. */
    public static Dataset<Row> scores(SparkSession spark, String sweepId, List<RunResult> results, String benchmarkTable) {
        Dataset<Row> asked = spark.createDataFrame(askedRows(sweepId, results), ASKED);
        Dataset<Row> figures = spark.read().parquet(benchmarkTable)
                .where(col(Tables.HP).equalTo(HP).and(col(Tables.BENCH_SEED).equalTo(BenchmarkRecord.MEAN)))
                .select(Tables.BENCHMARK, Tables.ARCH, Tables.DATASET, Tables.HP, Tables.METRIC, Tables.VALUE);
        Dataset<Row> joined = asked.join(figures, Tables.ARCH)
                .withColumn(Tables.SCHEMA_VERSION_COLUMN, lit(Tables.SCHEMA_VERSION));
        return joined.select(Tables.BENCHMARK_SCORES_TABLE.columnNames().stream().map(c -> col(c))
                .toArray(org.apache.spark.sql.Column[]::new));
    }

    /** Final and per-epoch architectures of the NB201 runs, in the benchmark's canonical spelling. */
    static List<Row> askedRows(String sweepId, List<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            if (!"nb201".equals(r.spec().get(org.geonas.core.search.SearchSettings.SPACE).id())) {
                continue;
            }
            if (r.finalArch() != null) {
                rows.add(RowFactory.create(sweepId, r.runId(), Tables.ARCH_SOURCE_FINAL, null, canonical(r.finalArch())));
            }
            for (EpochMetrics m : r.epochs()) {
                if (m.derivedArch() != null) {
                    rows.add(RowFactory.create(sweepId, r.runId(), Tables.ARCH_SOURCE_EPOCH, m.epoch(),
                            canonical(m.derivedArch())));
                }
            }
        }
        return rows;
    }

    private static String canonical(String arch) {
        return Nb201Architecture.parse(arch).encode();
    }
}
