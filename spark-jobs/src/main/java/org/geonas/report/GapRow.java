package org.geonas.report;

/**
 * The pruning gap of a method at the last epoch: validation accuracy (percent) of the supernet's
 * mixture, of the derived discrete architecture with the shared weights, and their difference,
 * over the succeeded runs.
 */
public record GapRow(MethodKey key, int lastEpoch, SeedStats mixture, SeedStats discrete, SeedStats gap) {
}
