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
 * {@code benchmark_scores}), for the query command, the report and notebooks.
 */
public final class TableViews {

    private TableViews() {
    }

    /**
     * Registers every table present; returns their names. A folder without a {@code runs}
     * table is an error naming it.
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
        if (!present.contains(Tables.RUNS)) {
            throw new IllegalArgumentException(tablesDir + ": no runs table here; give the tables folder of a sweep "
                    + "(<output>/tables, written by geonas sweep)");
        }
        return present;
    }
}
