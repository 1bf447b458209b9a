/**
 * Spark plumbing shared by the jobs: the one policy by which every job gets its Spark session
 * ({@link org.geonas.spark.SparkSessions}), console progress of running Spark jobs, and turning
 * Spark's wrapped task failures back into the one-line error that caused them.
 */
package org.geonas.spark;
