/**
 * NAS-Bench-201 on Spark: importing the official files or the flat CSV into a Parquet table with
 * its manifest ({@link org.geonas.benchmark.BenchmarkImport}), reading it back for lookups, and
 * scoring runs' architectures against it into {@code benchmark_scores} ({@link
 * org.geonas.benchmark.BenchmarkScoring}, {@link org.geonas.benchmark.ScoreJob}).
 */
package org.geonas.benchmark;
