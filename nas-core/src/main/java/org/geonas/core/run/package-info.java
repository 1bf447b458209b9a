/**
 * One search run end to end: the immutable {@link org.geonas.core.run.RunSpec} (validated when
 * built, round-tripping through YAML and JSON, with a stable id), {@link
 * org.geonas.core.run.SearchRun} that checks the inputs before any expensive work and then
 * trains, and the {@link org.geonas.core.run.RunResult} with the provenance needed to re-run it.
 */
package org.geonas.core.run;
