/**
 * The sweep job: {@link org.geonas.sweep.SweepJob} expands a sweep into runs, skips those already
 * finished, runs the rest one per Spark task, each in its own JVM supervised by {@link
 * org.geonas.sweep.ChildRun} (restarts, mirroring to a non-local output), keeps the run folders on a
 * Hadoop FileSystem ({@link org.geonas.sweep.RunStore}), shows progress, and writes the sweep's
 * partition of the result tables. Its evaluation stage ({@link org.geonas.sweep.EvaluationStage})
 * trains the genotypes found the same way: searches and trainings are two kinds of run
 * ({@link org.geonas.core.run.RunKind}) to the same machinery.
 */
package org.geonas.sweep;
