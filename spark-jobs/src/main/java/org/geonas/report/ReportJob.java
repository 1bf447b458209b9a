package org.geonas.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.geonas.tables.TableViews;

/**
 * The report job: reads a sweep's tables (every sweep partition in them), aggregates them with
 * Spark and writes the paper-style report (Markdown, HTML, plots, CSV) into a local folder on the
 * driver. Started by {@code geonas report}, from {@code ./geonas} or from {@code spark-submit}.
 */
public final class ReportJob {

    private static final String TABLES_HINT = TableViews.TABLES_HINT;

    private final String tables;
    private final Path out;
    private final PrintStream console;

    public ReportJob(String tables, Path out, PrintStream console) {
        this.tables = tables;
        this.out = out;
        this.console = console;
    }

    /**
     * The cheap checks, before Spark starts: a local tables folder must exist and hold a runs
     * table (other file systems are checked when the tables are registered); the report folder
     * must be creatable. Bad input: one line naming the path and the fix.
     */
    public static void checkInput(String tables, Path out) {
        TableViews.checkFolder(tables);
        ReportWriter.checkTarget(out);
    }

    /** Reads, aggregates and writes the report; prints where it went and how long it took. */
    public ReportWriter.Written run(SparkSession spark) {
        long start = System.nanoTime();
        ReportModel model = collect(spark);
        long read = System.nanoTime();
        ReportWriter.Written written = write(model);
        long end = System.nanoTime();
        console.printf(Locale.ROOT, "[report] %d runs of %s from %s -> %s%n", model.runs(),
                String.join(", ", model.sweeps()), tables, written.folder());
        console.printf(Locale.ROOT, "[report] %s, %s, %d plots (PNG and SVG) in %s/, CSV tables%s%n",
                ReportWriter.MARKDOWN, ReportWriter.HTML, written.plots(), ReportWriter.PLOTS,
                model.benchmarkScored() ? "" : "; no benchmark_scores: no NAS-Bench-201 accuracies");
        console.printf(Locale.ROOT, "[report] time: tables read and aggregated %.1f s, written %.1f s, total %.1f s%n",
                (read - start) / 1e9, (end - read) / 1e9, (end - start) / 1e9);
        return written;
    }

    /** The report's figures from the tables. */
    public ReportModel collect(SparkSession spark) {
        List<String> views = register(spark);
        spark.sparkContext().setJobDescription("GeoNAS report: " + tables);
        ReportQueries q = ReportQueries.of(spark, views);
        try {
            return new ReportModel(tables, q.scored(), q.nb201(), q.entropy(), q.benchmarkCurves(), q.pruningGap(),
                    q.finalArchitectures(), q.darts(), q.trainingCurves());
        } finally {
            q.release();
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** The tables as views; files Spark cannot read as tables are bad input, one line naming the folder. */
    private List<String> register(SparkSession spark) {
        try {
            return TableViews.register(spark, tables);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException: checked in Java's eyes, but undeclared
            throw new IllegalArgumentException(tables + ": cannot read the tables (" + rootCause(e) + "); "
                    + TABLES_HINT, e);
        }
    }

    /** The first line of the innermost cause's message: Spark wraps what went wrong in several layers. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private ReportWriter.Written write(ReportModel model) {
        try {
            return ReportWriter.write(model, out, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write the report (" + e.getMessage() + ")", e);
        }
    }
}
