package org.geonas.report;

import java.util.List;

/**
 * The curves of one chart: every method of a panel, for one subject (the entropy, or the test
 * accuracy on one benchmark dataset).
 */
public record CurvePanel(Panel panel, String subject, List<Curve> curves) {

    public CurvePanel {
        curves = List.copyOf(curves);
    }
}
