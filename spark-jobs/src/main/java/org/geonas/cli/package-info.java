/**
 * The {@code geonas} command line (picocli): {@code search} runs one search, {@code sweep} a
 * sweep on Spark, {@code query} runs SQL over a sweep's tables, {@code bench} times a search
 * step. Commands turn options into core specs and report; the work is in nas-core and the Spark side.
 */
package org.geonas.cli;
