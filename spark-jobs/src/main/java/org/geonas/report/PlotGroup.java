package org.geonas.report;

/** The report's kinds of plot, each shown in its own section. */
enum PlotGroup {
    ENTROPY, BENCHMARK, GAP, OPS, TRAINING
}
