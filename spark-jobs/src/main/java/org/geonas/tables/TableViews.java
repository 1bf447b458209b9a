package org.geonas.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the result tables under a tables folder ({@code <output>/tables}) as Spark SQL
 * temporary views named after the tables ({@code runs}, {@code epochs}, {@code arch_weights},
 * {@code benchmark_scores}, {@code evaluations}), for the query command, the report and notebooks.
 */
public final class TableViews {

    /** How to give a tables folder, for messages. */
    public static final String TABLES_HINT = "give the tables folder of a sweep (<output>/tables, written by "
            + "geonas sweep)";

    private TableViews() {
    }

    /**
     * The cheap check, before Spark starts: a local tables folder must exist and hold a runs table
     * (other file systems are checked when the tables are registered). One line naming the path and
     * the fix.
     */
    public static void checkFolder(String tables) {
        java.net.URI uri = new Path(tables).toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            checkLocalTables(tables, java.nio.file.Path.of(uri.getPath()));
        }
    }

    private static void checkLocalTables(String given, java.nio.file.Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(given + ": no such folder; " + TABLES_HINT);
        }
        java.nio.file.Path nested = dir.resolve("tables");
        if (java.nio.file.Files.isDirectory(nested.resolve(Tables.RUNS))) {
            // a sweep's output: its runs/ holds the run folders, not the runs table
            throw new IllegalArgumentException(given + ": a sweep's output folder, not its tables; did you mean "
                    + nested + "?");
        }
        java.nio.file.Path runs = dir.resolve(Tables.RUNS);
        if (!java.nio.file.Files.isDirectory(runs)) {
            throw new IllegalArgumentException(given + ": no runs table here; " + TABLES_HINT);
        }
        if (!holdsParquet(runs)) {
            throw new IllegalArgumentException(runs + ": not a Parquet table (no " + Tables.SWEEP_ID
                    + "=... partitions); " + TABLES_HINT);
        }
    }

    private static boolean holdsParquet(java.nio.file.Path table) {
        try (var files = java.nio.file.Files.list(table)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith(Tables.SWEEP_ID + "=") || n.endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(table + ": cannot list it (" + e.getMessage() + ")", e);
        }
    }


    /**
     * Registers every table present; returns their names (those on disk). A folder without a
     * {@code runs} table is an error naming it. {@code evaluations} is registered even where no sweep
     * wrote it, with its columns and no rows: only sweeps with an evaluation stage write it, and a
     * query of it over sweeps without one should answer "no rows", not "no such table".
     */
    public static List<String> register(SparkSession spark, String tablesDir) {
        Path root = new Path(tablesDir);
        List<String> present = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (String table : Tables.ALL) {
                Path dir = new Path(root, table);
                if (fs.exists(dir)) {
                    // the known schema: a table whose sweeps wrote no rows is still a table, with no rows
                    spark.read().schema(Tables.SCHEMAS.get(table)).parquet(dir.toString())
                            .createOrReplaceTempView(table);
                    present.add(table);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(tablesDir + ": cannot list the tables (" + e.getMessage() + ")", e);
        }
        if (!present.contains(Tables.EVALUATIONS)) {
            spark.createDataFrame(List.of(), Tables.SCHEMAS.get(Tables.EVALUATIONS))
                    .createOrReplaceTempView(Tables.EVALUATIONS);
        }
        if (!present.contains(Tables.RUNS)) {
            throw new IllegalArgumentException(tablesDir + ": no runs table here; give the tables folder of a sweep "
                    + "(<output>/tables, written by geonas sweep)");
        }
        return present;
    }
}
