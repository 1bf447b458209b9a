package org.geonas.benchmark;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.bench.BenchmarkTable;
import org.geonas.tables.Tables;

/** An imported benchmark table read back for lookups: its figures (without curves) in memory. */
public final class ImportedBenchmark {

    private ImportedBenchmark() {
    }

    /** Every figure of the table (checked through its manifest first), for in-memory lookups. */
    public static BenchmarkTable load(SparkSession spark, String table) {
        return load(spark, table, null);
    }

    /** The figures of the table, optionally only those of one architecture string. */
    public static BenchmarkTable load(SparkSession spark, String table, String arch) {
        BenchmarkManifest manifest = BenchmarkManifest.read(table, spark.sparkContext().hadoopConfiguration());
        Column where = arch == null ? org.apache.spark.sql.functions.lit(true) : col(Tables.ARCH).equalTo(arch);
        List<BenchmarkRecord> records = spark.read().parquet(table).where(where)
                .select(Tables.ARCH, Tables.ARCH_INDEX, Tables.DATASET, Tables.HP, Tables.BENCH_SEED, Tables.METRIC,
                        Tables.VALUE)
                .collectAsList().stream().map(BenchmarkRows::scalar).toList();
        return BenchmarkTable.of(manifest.name(), records);
    }
}
