package org.geonas.report;

import java.util.ArrayList;
import java.util.List;
import org.geonas.core.space.SearchSpaces;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Stacked bars per edge: the share of a method's final architectures that chose each op there.
 * An op keeps its colour (by its index in the space) in every chart; ops never chosen stay out of the legend.
 */
final class OpFrequencyChart {

    private static final String NONE = "none";

    private OpFrequencyChart() {
    }

    static CategoryChart of(OpFrequency f) {
        boolean severalCells = SearchSpaces.byId(f.key().panel().space()).cellTypes().size() > 1;
        String cell = severalCells ? " " + f.cellType().id() + " cell," : "";
        String title = "Op per edge," + cell + " " + f.key().label() + ": " + f.key().panel().title() + ", "
                + f.architectures() + (f.architectures() == 1 ? " final architecture" : " final architectures");
        // room for every edge's label (XChart drops labels that would touch)
        int width = Math.max(ChartStyle.WIDTH, 120 + 80 * f.edges().size());
        CategoryChart chart = new CategoryChartBuilder().width(width).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("edge (to<-from node)").yAxisTitle("share of final architectures (%)").build();
        var s = chart.getStyler();
        ChartStyle.apply(s);
        s.setStacked(true);
        s.setYAxisMin(0.0);
        s.setYAxisMax(100.0);
        s.setYAxisDecimalPattern("0");
        s.setAvailableSpaceFill(0.7);
        for (int op = 0; op < f.ops().size(); op++) {
            List<Double> shares = shares(f, op);
            if (shares.stream().anyMatch(v -> v > 0)) {
                String name = severalCells && f.ops().get(op).equals(NONE) ? "none (edge not kept)" : f.ops().get(op);
                CategorySeries series = chart.addSeries(name, f.edges(), shares);
                // none (in DARTS: the edge is not kept) in a quiet grey, the ops in the palette's colours
                series.setFillColor(f.ops().get(op).equals(NONE) ? ChartStyle.NONE_OP : ChartStyle.color(op - 1));
            }
        }
        ChartStyle.fitTitle(chart);
        return chart;
    }

    private static List<Double> shares(OpFrequency f, int op) {
        List<Double> shares = new ArrayList<>();
        for (int e = 0; e < f.edges().size(); e++) {
            shares.add(f.architectures() == 0 ? 0.0 : 100.0 * f.count(e, op) / f.architectures());
        }
        return shares;
    }
}
