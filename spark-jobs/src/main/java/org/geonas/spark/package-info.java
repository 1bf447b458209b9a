/**
 * Spark side of GeoNAS: the sweep driver ({@link org.geonas.spark.SweepJob}), the per-run task
 * that runs each search in its own JVM ({@link org.geonas.spark.LaunchRun}, {@link
 * org.geonas.spark.ChildRun}), the run folders on a Hadoop FileSystem ({@link
 * org.geonas.spark.RunStore}), the Parquet tables ({@link org.geonas.spark.Tables}, {@link
 * org.geonas.spark.ResultRows}, {@link org.geonas.spark.TableViews}), queries over them ({@link
 * org.geonas.spark.QueryResult}), benchmark import and scoring ({@link org.geonas.spark.BenchmarkImport}, {@link
 * org.geonas.spark.BenchmarkScoring}) and the report job that reads them ({@link org.geonas.spark.ReportJob}; the
 * rendering is in {@code org.geonas.report}).
 */
package org.geonas.spark;
