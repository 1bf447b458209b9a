package org.geonas.report;

import java.util.Locale;

/** One method's runs (all their seeds) in a panel: the unit of every row of the report's tables. */
public record MethodKey(Panel panel, String method, String mode) {

    /** For legends and table rows: {@code gaea (bilevel)}. */
    public String label() {
        return method + " (" + mode + ")";
    }

    /** For file names. */
    public String slug() {
        return (panel.slug() + "-" + method + "-" + mode).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
