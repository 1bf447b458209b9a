package org.geonas.cli;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command that reads or writes tables in this process: local mode on
 * every core, quiet. Where the process already has a session (a test JVM, an embedding
 * application), the command uses it and leaves it running.
 */
final class SparkSessions implements AutoCloseable {

    private final SparkSession spark;
    private final boolean owned;

    private SparkSessions(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    /** Local mode, no UI, no console progress; a failing task fails the job at once. */
    static SparkSessions local(String appName) {
        var existing = SparkSession.getDefaultSession();
        if (existing.isDefined()) {
            return new SparkSessions(existing.get(), false);
        }
        return new SparkSessions(SparkSession.builder().appName(appName).master("local[*]")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .getOrCreate(), true);
    }

    SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
