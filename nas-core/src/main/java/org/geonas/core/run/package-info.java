/**
 * One search run end to end: the immutable {@link org.geonas.core.run.RunSpec} (validated when
 * built, round-tripping through YAML and JSON, with a stable id), {@link
 * org.geonas.core.run.SearchRun} that checks the inputs before any expensive work and then
 * trains, and the {@link org.geonas.core.run.RunResult} with the provenance needed to re-run it.
 *
 * <p>The protocol between a run in its own JVM ({@link org.geonas.core.run.RunMain}) and whoever
 * supervises it (a sweep) is a set of types here rather than strings on both sides: the run
 * folder's names ({@link org.geonas.core.run.RunLayout}), the exit codes ({@link
 * org.geonas.core.run.ExitStatus}, which the {@code geonas} commands end with too), the progress
 * file ({@link org.geonas.core.run.RunProgress}) and the command that starts the JVM ({@link
 * org.geonas.core.run.RunLauncher}).
 */
package org.geonas.core.run;
