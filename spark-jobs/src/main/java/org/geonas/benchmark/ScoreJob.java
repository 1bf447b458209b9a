package org.geonas.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geonas.tables.TableViews;
import org.geonas.tables.Tables;

/**
 * Scores finished sweeps' runs against an imported benchmark without running anything again:
 * reads each sweep's {@code runs} and {@code epochs} tables, joins their NB201 architectures with
 * the benchmark's figures and rewrites the sweep's partition of {@code benchmark_scores}, with the
 * rows a sweep submitted with that benchmark writes. Started by {@code geonas score}, from {@code
 * ./geonas} or from {@code spark-submit}.
 */
public final class ScoreJob {

    private final String tables;
    private final String benchmark;
    private final List<String> sweeps;
    private final PrintStream out;

    /**
     * @param tables a tables folder ({@code <output>/tables})
     * @param benchmark an imported benchmark table
     * @param sweeps the sweeps to score; empty for every sweep in the runs table
     */
    public ScoreJob(String tables, String benchmark, List<String> sweeps, PrintStream out) {
        this.tables = tables;
        this.benchmark = benchmark;
        this.sweeps = List.copyOf(sweeps);
        this.out = out;
    }

    /**
     * What was scored.
     *
     * @param benchmark the benchmark's name
     * @param sweeps per sweep, what was asked and written
     */
    public record Outcome(String benchmark, List<SweepScores> sweeps) {
    }

    /**
     * One sweep's scores.
     *
     * @param sweep the sweep
     * @param architectures architectures asked about (final ones and every epoch's)
     * @param rows rows written to its benchmark_scores partition
     */
    public record SweepScores(String sweep, int architectures, long rows) {
    }

    /** Checks the benchmark's manifest (before Spark); one line naming the path and the fix. */
    public static BenchmarkManifest checkBenchmark(String benchmark) {
        return BenchmarkManifest.read(benchmark, new org.apache.hadoop.conf.Configuration());
    }

    public Outcome run(SparkSession spark) {
        BenchmarkManifest manifest = checkBenchmark(benchmark);
        TableViews.register(spark, tables);
        List<String> known = spark.table(Tables.RUNS).select(Tables.SWEEP_ID).distinct().orderBy(Tables.SWEEP_ID)
                .collectAsList().stream().map(r -> r.getString(0)).toList();
        List<String> chosen = sweeps.isEmpty() ? known : sweeps;
        for (String sweep : chosen) {
            if (!known.contains(sweep)) {
                throw new IllegalArgumentException(tables + ": no sweep " + sweep + " in the runs table; sweeps here: "
                        + String.join(", ", known));
            }
        }
        List<SweepScores> scored = new ArrayList<>();
        for (String sweep : chosen) {
            spark.sparkContext().setJobDescription("GeoNAS score " + sweep + " against " + manifest.name());
            List<Row> asked = BenchmarkScoring.askedFromTables(spark, sweep);
            long rows = BenchmarkScoring.write(spark, tables, sweep, asked, benchmark);
            scored.add(new SweepScores(sweep, asked.size(), rows));
            out.printf(Locale.ROOT, "[score] %s: %d architectures (final and per epoch) -> %d rows of %s%n", sweep,
                    asked.size(), rows, manifest.name());
        }
        out.printf(Locale.ROOT, "[score] %s/%s%n", tables, Tables.BENCHMARK_SCORES);
        return new Outcome(manifest.name(), scored);
    }
}
