package org.geonas.report;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curves of the evaluation stage: test error per epoch, one thin line per training
 * (search run and seed), coloured by method, one legend entry per method. Every training is drawn
 * rather than a mean with a band, so a single bad seed or run stays visible.
 */
final class TrainingCurveChart {

    private TrainingCurveChart() {
    }

    /** @param curves the trainings of one panel and evaluation dataset, grouped by method (key order) */
    static XYChart of(List<TrainingCurve> curves, String title) {
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("epochs trained").yAxisTitle("test error (%)").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("0");
        List<MethodKey> methods = new ArrayList<>();
        for (TrainingCurve c : curves) {
            boolean first = !methods.contains(c.key());
            if (first) {
                methods.add(c.key());
            }
            addLine(chart, c, methods.indexOf(c.key()), first);
        }
        double low = curves.stream().flatMap(c -> c.points().stream()).mapToDouble(TrainingCurve.Point::testError)
                .min().orElse(0);
        double high = curves.stream().flatMap(c -> c.points().stream()).mapToDouble(TrainingCurve.Point::testError)
                .max().orElse(0);
        // a 600-epoch training falls from tens of percent to about 2.5: on a linear axis its end, where the
        // methods differ, would be a flat line at the bottom
        if (low > 0 && high / low > 10) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.setYAxisTitle("test error (%, log scale)");
        }
        ChartStyle.fitTitle(chart);
        return chart;
    }

    private static void addLine(XYChart chart, TrainingCurve c, int method, boolean inLegend) {
        double[] x = c.points().stream().mapToDouble(p -> p.epoch() + 1.0).toArray();
        double[] y = c.points().stream().mapToDouble(TrainingCurve.Point::testError).toArray();
        // XChart needs unique series names; the legend shows only the method's first line
        String name = inLegend ? c.key().label() : c.key().label() + " " + c.runId() + " seed " + c.seed();
        XYSeries line = chart.addSeries(name, x.length == 0 ? new double[] {Double.NaN} : x,
                y.length == 0 ? new double[] {Double.NaN} : y);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(ChartStyle.color(method));
        line.setMarkerColor(ChartStyle.color(method));
        line.setMarker(x.length == 1 ? ChartStyle.marker(method) : SeriesMarkers.NONE);
        line.setLineStyle(new BasicStroke(1.8f));
        line.setShowInLegend(inLegend);
    }
}
