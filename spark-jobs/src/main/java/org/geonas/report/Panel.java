package org.geonas.report;

import java.util.Locale;

/**
 * What a chart compares methods on: one sweep's runs in one search space on one search dataset.
 * Sweeps are never pooled (their training settings may differ).
 */
public record Panel(String sweepId, String space, String dataset) {

    /** For titles: {@code nb201 on synthetic (sweep tiny)}. */
    public String title() {
        return space + " on " + dataset + " (sweep " + sweepId + ")";
    }

    /** For file names: lower case, letters, digits and dashes only. */
    public String slug() {
        return (sweepId + "-" + space + "-" + dataset).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
