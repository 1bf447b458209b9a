package org.geonas.report;

import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/** Grouped bars per method: last-epoch validation accuracy of the supernet's mixture and of the derived cell. */
final class GapChart {

    static final String MIXTURE = "mixture (supernet)";
    static final String DISCRETE = "derived architecture (pruned, shared weights)";

    private GapChart() {
    }

    static CategoryChart of(Panel panel, List<GapRow> rows) {
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title("Pruning gap at the last epoch: " + panel.title()).xAxisTitle("method (mode)")
                .yAxisTitle("validation accuracy (%)").build();
        var s = chart.getStyler();
        ChartStyle.apply(s);
        s.setLabelsVisible(true);
        s.setLabelsFont(s.getAxisTickLabelsFont());
        s.setLabelsPosition(0.9);
        s.setLabelsFontColorAutomaticEnabled(true);
        s.setYAxisMin(0.0);
        s.setYAxisMax(100.0);
        s.setYAxisDecimalPattern("0.#"); // XChart formats the bar labels like the axis: 0, 10, ... and 15.6
        List<String> methods = rows.stream().map(r -> r.key().label()).toList();
        add(chart, MIXTURE, methods, rows.stream().map(r -> r.mixture().mean()).toList(), 0);
        add(chart, DISCRETE, methods, rows.stream().map(r -> r.discrete().mean()).toList(), 1);
        ChartStyle.fitTitle(chart);
        return chart;
    }

    private static void add(CategoryChart chart, String name, List<String> methods, List<Double> values, int color) {
        CategorySeries series = chart.addSeries(name, methods, values);
        series.setFillColor(ChartStyle.color(color));
    }
}
