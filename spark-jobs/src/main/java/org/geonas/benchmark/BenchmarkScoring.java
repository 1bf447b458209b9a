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
        return scores(spark, askedRows(sweepId, results), benchmarkTable);
    }

    /**
     * Rewrites a sweep's partition of {@code benchmark_scores} under a tables folder with the
     * benchmark's figures of the asked architectures ({@link #askedRows} or {@link #askedFromTables});
     * returns the rows written.
     */
    public static long write(SparkSession spark, String tablesDir, String sweepId, List<Row> asked,
            String benchmarkTable) {
        Dataset<Row> scores = scores(spark, asked, benchmarkTable).coalesce(1).cache();
        try {
            org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(tablesDir, Tables.BENCHMARK_SCORES);
            org.apache.hadoop.fs.FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
            // an overwrite with no rows (no architecture in a partial benchmark) would leave the old partition
            fs.delete(new org.apache.hadoop.fs.Path(table, Tables.SWEEP_ID + "=" + sweepId), true);
            scores.write().mode(org.apache.spark.sql.SaveMode.Overwrite).partitionBy(Tables.SWEEP_ID)
                    .parquet(table.toString());
            return scores.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(tablesDir + ": cannot write benchmark_scores (" + e.getMessage() + ")",
                    e);
        } finally {
            scores.unpersist();
        }
    }

    /**
     * The architectures a finished sweep asks about, read back from its {@code runs} and {@code
     * epochs} views (NB201 runs only), as {@link #askedRows} makes them from results.
     */
    public static List<Row> askedFromTables(SparkSession spark, String sweepId) {
        List<Row> rows = new ArrayList<>();
        String nb201 = Tables.SWEEP_ID + " = '" + sweepId.replace("'", "''") + "' AND " + Tables.SPACE + " = 'nb201'";
        Dataset<Row> runs = spark.table(Tables.RUNS).where(nb201);
        for (Row r : runs.select(Tables.RUN_ID, Tables.FINAL_ARCH).orderBy(Tables.RUN_ID).collectAsList()) {
            if (!r.isNullAt(1)) {
                rows.add(RowFactory.create(sweepId, r.getString(0), Tables.ARCH_SOURCE_FINAL, null, canonical(r.getString(1))));
            }
        }
        if (spark.catalog().tableExists(Tables.EPOCHS)) {
            Dataset<Row> epochs = spark.table(Tables.EPOCHS).join(runs.select(Tables.SWEEP_ID, Tables.RUN_ID),
                    new String[] {Tables.SWEEP_ID, Tables.RUN_ID}).select(Tables.RUN_ID, Tables.EPOCH, Tables.DERIVED_ARCH);
            for (Row e : epochs.orderBy(Tables.RUN_ID, Tables.EPOCH).collectAsList()) {
                if (!e.isNullAt(2)) {
                    rows.add(RowFactory.create(sweepId, e.getString(0), Tables.ARCH_SOURCE_EPOCH, e.getInt(1),
                            canonical(e.getString(2))));
                }
            }
        }
        return rows;
    }

    private static Dataset<Row> scores(SparkSession spark, List<Row> askedRows, String benchmarkTable) {
        Dataset<Row> asked = spark.createDataFrame(askedRows, ASKED);
        Dataset<Row> figures = spark.read().parquet(benchmarkTable)
                .where(col(Tables.HP).equalTo(HP).and(col(Tables.BENCH_SEED).equalTo(BenchmarkRecord.MEAN)))
                .select(Tables.BENCHMARK, Tables.ARCH, Tables.DATASET, Tables.HP, Tables.METRIC, Tables.VALUE);
        Dataset<Row> joined = asked.join(figures, Tables.ARCH)
                .withColumn(Tables.SCHEMA_VERSION_COLUMN, lit(Tables.SCHEMA_VERSION));
        return joined.select(Tables.BENCHMARK_SCORES_TABLE.columnNames().stream().map(c -> col(c))
                .toArray(org.apache.spark.sql.Column[]::new));
    }

    /** Final and per-epoch architectures of the NB201 runs, in the benchmark's canonical spelling. */
    public static List<Row> askedRows(String sweepId, List<RunResult> results) {
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
