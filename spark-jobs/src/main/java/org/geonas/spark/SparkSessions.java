package org.geonas.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command that reads or writes tables in this process: local mode on
 * every core, quiet. Where the process already runs Spark (a test JVM, an embedding application),
 * the command gets a new session of it, with views of its own, and leaves it running.
 */
public final class SparkSessions implements AutoCloseable {

    private final SparkSession spark;
    private final boolean owned;

    private SparkSessions(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    /** Local mode, no UI, no console progress; a failing task fails the job at once. */
    public static SparkSessions local(String appName) {
        var existing = SparkSession.getDefaultSession();
        if (existing.isDefined()) {
            return new SparkSessions(existing.get().newSession(), false);
        }
        return new SparkSessions(SparkSession.builder().appName(appName).master("local[*]")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // the tables of a sweep are small: a few partitions, not Spark's 200
                .config("spark.sql.shuffle.partitions", Integer.toString(Runtime.getRuntime().availableProcessors()))
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .getOrCreate(), true);
    }

    /** Spark logs nothing: the command reports failures itself, in one line (only on a session it owns). */
    public void quiet() {
        if (owned) {
            spark.sparkContext().setLogLevel("OFF");
        }
    }

    public SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
