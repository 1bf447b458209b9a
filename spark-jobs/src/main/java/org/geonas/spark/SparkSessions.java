package org.geonas.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one policy by which every job gets its Spark session, from {@code ./geonas} and from
 * {@code spark-submit} alike:
 * <ul>
 * <li>the master is {@code --master} when given, else the one spark-submit set, else local mode
 * (every core, or the slots a sweep asks for);</li>
 * <li>where the process already runs Spark (a test JVM, an embedding application), the job gets
 * a new session of it, with views of its own, and leaves it running;</li>
 * <li>settings for small tables (few shuffle partitions, dynamic partition overwrite, no console
 * progress bar, no web UI in local mode) apply unless the user set them ({@code --conf} or
 * {@code -Dspark.*}).</li>
 * </ul>
 */
public final class SparkSessions implements AutoCloseable {

    private final SparkSession spark;
    private final boolean owned;

    private SparkSessions(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    /** Local mode on every core unless {@code master} or spark-submit says otherwise. */
    public static SparkSessions open(String appName, String master) {
        return open(appName, master, "local[*]");
    }

    /**
     * @param master the master asked for, or null
     * @param localMaster the local-mode master when none is asked for and spark-submit set none
     *     (a sweep: {@code local[slots,retries]})
     */
    public static SparkSessions open(String appName, String master, String localMaster) {
        var existing = SparkSession.getDefaultSession();
        if (existing.isDefined()) {
            return new SparkSessions(existing.get().newSession(), false);
        }
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        boolean local;
        if (master != null) {
            builder.master(master);
            local = master.startsWith("local");
        } else if (conf.contains("spark.master")) {
            local = conf.get("spark.master").startsWith("local");
        } else {
            builder.master(localMaster);
            local = true;
        }
        unlessSet(conf, builder, "spark.ui.showConsoleProgress", "false");
        if (local) {
            unlessSet(conf, builder, "spark.ui.enabled", "false");
        }
        unlessSet(conf, builder, "spark.sql.sources.partitionOverwriteMode", "dynamic");
        // the result tables are small: a few partitions rather than Spark's 200, no whole-stage
        // code generation (compiling costs more than it saves), plans printed without a warning
        unlessSet(conf, builder, "spark.sql.shuffle.partitions", "4");
        unlessSet(conf, builder, "spark.sql.codegen.wholeStage", "false");
        unlessSet(conf, builder, "spark.sql.debug.maxToStringFields", "200");
        return new SparkSessions(builder.getOrCreate(), true);
    }

    private static void unlessSet(SparkConf conf, SparkSession.Builder builder, String key, String value) {
        if (!conf.contains(key)) {
            builder.config(key, value);
        }
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
