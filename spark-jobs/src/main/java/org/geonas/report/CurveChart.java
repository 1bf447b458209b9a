package org.geonas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart of per-epoch curves: per method a line through the mean over seeds, over a band from
 * the seeds' minimum to their maximum; optionally a dashed horizontal reference line. The x axis
 * counts epochs trained (the epochs table's epoch + 1).
 */
final class CurveChart {

    private static final int BAND_ALPHA = 45;

    private CurveChart() {
    }

    /** A horizontal reference line: its height and legend entry. */
    record Reference(double level, String label) {
    }

    /** The y axis' ends; null ends are automatic. */
    record YRange(Double min, Double max) {
        static final YRange AUTO = new YRange(null, null);
    }

    /** @param reference a dashed horizontal line, or null for none */
    static XYChart of(CurvePanel panel, String title, String yTitle, Reference reference, YRange y) {
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("epochs trained").yAxisTitle(yTitle).build();
        ChartStyle.apply(chart.getStyler());
        int lastEpoch = panel.curves().stream().flatMap(c -> c.points().stream()).mapToInt(Curve.Point::epoch)
                .max().orElse(0) + 1;
        // a little room either side so the first and last markers are not cut by the plot border
        double xMin = lastEpoch == 1 ? 0.5 : 0.8;
        double xMax = lastEpoch == 1 ? 1.5 : lastEpoch + 0.2;
        var s = chart.getStyler();
        s.setXAxisMin(xMin);
        s.setXAxisMax(xMax);
        s.setXAxisDecimalPattern("0"); // whole epochs; XChart then widens the tick step until labels are distinct
        s.setYAxisMin(y.min());
        s.setYAxisMax(y.max());
        for (int i = 0; i < panel.curves().size(); i++) {
            addBand(chart, panel.curves().get(i), ChartStyle.color(i));
        }
        for (int i = 0; i < panel.curves().size(); i++) {
            addLine(chart, panel.curves().get(i), i);
        }
        if (reference != null) {
            XYSeries line = chart.addSeries(reference.label(), new double[] {xMin, xMax},
                    new double[] {reference.level(), reference.level()});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(ChartStyle.REFERENCE_LINE);
            line.setLineStyle(ChartStyle.DASHED);
            line.setMarker(SeriesMarkers.NONE);
        }
        ChartStyle.fitTitle(chart);
        return chart;
    }

    private static void addBand(XYChart chart, Curve curve, Color color) {
        List<Curve.Point> points = curve.points().stream().filter(p -> p.stats().n() > 1).toList();
        if (points.isEmpty()) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Curve.Point p : points) {
            x.add(p.epoch() + 1.0);
            y.add(p.stats().max());
        }
        for (int i = points.size() - 1; i >= 0; i--) {
            x.add(points.get(i).epoch() + 1.0);
            y.add(points.get(i).stats().min());
        }
        XYSeries band = chart.addSeries(curve.key().label() + " min-max", x, y);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(ChartStyle.translucent(color, BAND_ALPHA));
        band.setLineColor(ChartStyle.translucent(color, BAND_ALPHA));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
    }

    private static void addLine(XYChart chart, Curve curve, int index) {
        Color color = ChartStyle.color(index);
        double[] x = curve.points().stream().mapToDouble(p -> p.epoch() + 1.0).toArray();
        double[] y = curve.points().stream().mapToDouble(p -> p.stats().mean()).toArray();
        XYSeries line = chart.addSeries(curve.key().label(), x, y);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(color);
        line.setMarkerColor(color);
        line.setMarker(ChartStyle.marker(index));
        line.setLineStyle(new BasicStroke(ChartStyle.lineWidth(index)));
    }
}
