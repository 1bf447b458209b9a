package org.geonas.spark;

import org.apache.spark.sql.SparkSession;

/** One shared local[2] session for the Spark tests of this JVM (the CLI tests use it too). */
public final class SparkTestSession {

    private static SparkSession spark;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2,4]").appName("geonas-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }
}
