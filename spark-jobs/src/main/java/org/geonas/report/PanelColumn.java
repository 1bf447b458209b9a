package org.geonas.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The parts of a panel a table row may need to name. A table shows only those that vary in the
 * report; the opening says the values of the others.
 */
enum PanelColumn {
    SWEEP("Sweep", Panel::sweepId),
    SPACE("Space", Panel::space),
    DATASET("Search data", Panel::dataset);

    private final String header;
    private final Function<Panel, String> value;

    PanelColumn(String header, Function<Panel, String> value) {
        this.header = header;
        this.value = value;
    }

    String header() {
        return header;
    }

    String value(Panel panel) {
        return value.apply(panel);
    }

    /** The columns whose value differs between the panels. */
    static List<PanelColumn> varying(Collection<Panel> panels) {
        List<PanelColumn> result = new ArrayList<>();
        for (PanelColumn c : values()) {
            if (panels.stream().map(c::value).distinct().count() > 1) {
                result.add(c);
            }
        }
        return result;
    }
}
