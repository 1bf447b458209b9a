package org.geonas.benchmark;

import org.apache.spark.sql.Row;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.tables.Tables;

/** Benchmark figures to and from rows of {@link Tables#BENCHMARK_TABLE}. */
final class BenchmarkRows {

    private BenchmarkRows() {
    }

    static Row row(String benchmark, BenchmarkRecord r) {
        return Tables.BENCHMARK_TABLE.row(new Tables.BenchmarkRow(benchmark, r));
    }

    /** The figure of a row read back without its curve. */
    static BenchmarkRecord scalar(Row row) {
        return new BenchmarkRecord(row.getAs(Tables.ARCH), row.<Integer>getAs(Tables.ARCH_INDEX),
                row.getAs(Tables.DATASET), row.getAs(Tables.HP), row.getAs(Tables.BENCH_SEED), row.getAs(Tables.METRIC),
                row.<Double>getAs(Tables.VALUE), null);
    }
}
