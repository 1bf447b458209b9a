package org.geonas.report;

import java.util.List;

/** One method's figure per epoch, summarized over its seeds: a line with a band on a chart. */
public record Curve(MethodKey key, List<Point> points) {

    public Curve {
        points = List.copyOf(points);
    }

    /**
     * @param epoch the epoch as numbered in the epochs table (0 = the first)
     * @param stats the figure over the seeds that completed this epoch
     */
    public record Point(int epoch, SeedStats stats) {
    }
}
