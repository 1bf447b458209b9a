package org.geonas.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.run.ExitStatus;
import org.geonas.spark.SparkSessions;
import org.geonas.tables.QueryResult;
import org.geonas.tables.TableViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geonas query}: Spark SQL over a sweep's tables, printed as a text table or CSV. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Runs a Spark SQL query over a sweep's Parquet tables and prints the result on stdout.",
                "The tables are views named runs, epochs, arch_weights, evaluations (no rows for sweeps without an "
                        + "evaluation stage) and benchmark_scores (where present), e.g.",
                "  geonas query \"SELECT method, avg(search_seconds) FROM runs GROUP BY method\" "
                        + "--tables out/sweeps/tables"})
final class QueryCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SQL", description = "A Spark SQL query.")
    String sql;

    @Option(names = "--tables", paramLabel = "PATH", required = true,
            description = "A sweep's tables folder (<output>/tables): a folder or a Hadoop URI.")
    String tables;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = QueryFormat.Converter.class,
            description = "table (aligned text, the default) or csv (a header line, RFC 4180 quoting, nulls empty).")
    QueryFormat format;

    @Option(names = "--max-rows", paramLabel = "N",
            description = "Prints at most N rows (default: 1000 for table, all for csv); stderr says when rows were "
                    + "left out.")
    Integer maxRows;

    @Override
    public Integer call() {
        int limit;
        try {
            limit = rowLimit();
            requireLocalFolder(tables);
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        try (SparkSessions session = SparkSessions.open("geonas-query", null)) {
            // a failing task would log its stack trace twice; the command reports every failure in one line
            session.quiet();
            return run(session.spark(), limit);
        }
    }

    private int run(SparkSession spark, int limit) {
        Dataset<Row> df;
        try {
            TableViews.register(spark, tables);
            df = spark.sql(sql);
        } catch (Exception e) {
            // Spark's AnalysisException (parse errors, unknown tables and columns) is checked in Java's eyes
            return GeoNas.badInput(command, e);
        }
        QueryResult result;
        try {
            result = QueryResult.collect(df, limit);
        } catch (Exception e) {
            var err = command.commandLine().getErr();
            err.println("error: the query failed while running: " + GeoNas.firstLine(rootCause(e)));
            err.flush();
            return ExitStatus.FAILED.code();
        }
        var out = command.commandLine().getOut();
        format.print(result, out);
        out.flush();
        if (result.truncated()) {
            var err = command.commandLine().getErr();
            err.printf("geonas query: only the first %d rows printed; --max-rows N prints more%n", limit);
            err.flush();
        }
        return ExitStatus.SUCCEEDED.code();
    }

    private int rowLimit() {
        if (maxRows == null) {
            return format.defaultMaxRows();
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("--max-rows must be at least 1, got " + maxRows);
        }
        return maxRows;
    }

    /** A local tables folder that is not there is named before Spark starts; other file systems are asked later. */
    private static void requireLocalFolder(String tables) {
        URI uri = new org.apache.hadoop.fs.Path(tables).toUri();
        boolean local = uri.getScheme() == null || uri.getScheme().equals("file");
        if (local && !Files.isDirectory(Path.of(uri.getPath()))) {
            throw new IllegalArgumentException(tables + ": no such tables folder; give a sweep's <output>/tables "
                    + "(e.g. out/sweeps/tables after ./geonas sweep conf/sweeps/quickstart.yaml)");
        }
    }

    /** Spark wraps a task's failure in job-abort messages; the innermost exception says what went wrong. */
    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public java.util.List<ExitStatus> exits() {
        return java.util.List.of(ExitStatus.SUCCEEDED, ExitStatus.FAILED, ExitStatus.BAD_INPUT);
    }

    @Override
    public String meaning(ExitStatus status) {
        return switch (status) {
            case SUCCEEDED -> "done";
            case FAILED -> "the query failed while running";
            case BAD_INPUT -> "bad input (SQL, an unknown table or column, no tables)";
            default -> status.meaning();
        };
    }
}
