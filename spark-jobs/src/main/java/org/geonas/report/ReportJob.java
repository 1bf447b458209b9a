package org.geonas.report;

import org.geonas.tables.TableViews;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.geonas.tables.Tables;

/**
 * The report job: reads a sweep's tables (every sweep partition in them), aggregates them with
 * Spark and writes the paper-style report (Markdown, HTML, plots, CSV) into a local folder on the
 * driver. Entry point for {@code spark-submit --class org.geonas.report.ReportJob ... --tables PATH --out DIR}.
 */
public final class ReportJob {

    private static final String USAGE = "usage: ReportJob --tables PATH --out DIR";
    private static final String TABLES_HINT = "give the tables folder of a sweep (<output>/tables, written by "
            + "geonas sweep)";

    private final String tables;
    private final Path out;
    private final PrintStream console;

    public ReportJob(String tables, Path out, PrintStream console) {
        this.tables = tables;
        this.out = out;
        this.console = console;
    }

    /** {@code ReportJob --tables PATH --out DIR}; the master comes from spark-submit (local mode otherwise). */
    public static void main(String[] args) {
        Map<String, String> options;
        try {
            options = options(args);
            checkInput(options.get("--tables"), Path.of(options.get("--out")));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = session(null);
        int code = 0;
        try {
            new ReportJob(options.get("--tables"), Path.of(options.get("--out")), System.out).run(spark);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!List.of("--tables", "--out").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
            options.put(args[i], args[i + 1]);
        }
        if (args.length != 4 || options.size() != 2) {
            throw new IllegalArgumentException(USAGE);
        }
        return options;
    }

    /**
     * The cheap checks, before Spark starts: a local tables folder must exist and hold a runs
     * table (other file systems are checked when the tables are registered); the report folder
     * must be creatable. Bad input: one line naming the path and the fix.
     */
    public static void checkInput(String tables, Path out) {
        URI uri = new org.apache.hadoop.fs.Path(tables).toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            checkLocalTables(tables, Path.of(uri.getPath()));
        }
        ReportWriter.checkTarget(out);
    }

    private static void checkLocalTables(String given, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(given + ": no such folder; " + TABLES_HINT);
        }
        Path nested = dir.resolve("tables");
        if (Files.isDirectory(nested.resolve(Tables.RUNS))) {
            // a sweep's output: its runs/ holds the run folders, not the runs table
            throw new IllegalArgumentException(given + ": a sweep's output folder, not its tables; did you mean "
                    + nested + "?");
        }
        Path runs = dir.resolve(Tables.RUNS);
        if (!Files.isDirectory(runs)) {
            throw new IllegalArgumentException(given + ": no runs table here; " + TABLES_HINT);
        }
        if (!holdsParquet(runs)) {
            throw new IllegalArgumentException(runs + ": not a Parquet table (no " + Tables.SWEEP_ID
                    + "=... partitions); " + TABLES_HINT);
        }
    }

    private static boolean holdsParquet(Path table) {
        try (var files = Files.list(table)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith(Tables.SWEEP_ID + "=") || n.endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(table + ": cannot list it (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A Spark session for the report: the given master, or the one spark-submit set, or local
     * mode on every core without the web UI. Few shuffle partitions: the tables are small.
     */
    public static SparkSession session(String master) {
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("geonas-report")
                .config("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            builder.master(master);
        } else if (!conf.contains("spark.master")) {
            builder.master("local[*]").config("spark.ui.enabled", "false");
        }
        if (!conf.contains("spark.sql.shuffle.partitions")) {
            builder.config("spark.sql.shuffle.partitions", "4");
        }
        if (!conf.contains("spark.sql.debug.maxToStringFields")) {
            builder.config("spark.sql.debug.maxToStringFields", "200"); // the tables' plans, without a warning
        }
        if (!conf.contains("spark.sql.codegen.wholeStage")) {
            // compiling generated code costs more than it saves on tables this small
            builder.config("spark.sql.codegen.wholeStage", "false");
        }
        return builder.getOrCreate();
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
                    q.finalArchitectures());
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
