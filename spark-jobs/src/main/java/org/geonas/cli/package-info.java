/**
 * The {@code geonas} command line (picocli): {@code search} runs one search, {@code bench}
 * times a search step. Commands turn options into core specs and report; the work is in nas-core.
 */
package org.geonas.cli;
