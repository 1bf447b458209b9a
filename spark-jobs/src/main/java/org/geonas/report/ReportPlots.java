package org.geonas.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.geonas.core.space.SearchSpaces;

/** Builds every chart of the report from its model, with file names and captions. */
final class ReportPlots {

    private final Set<String> names = new HashSet<>();

    private ReportPlots() {
    }

    /** The report's plots by kind, in the order the sections show them. */
    static Map<PlotGroup, List<Plot>> of(ReportModel model) {
        ReportPlots plots = new ReportPlots();
        Map<PlotGroup, List<Plot>> all = new EnumMap<>(PlotGroup.class);
        all.put(PlotGroup.ENTROPY, model.entropy().stream().map(plots::entropy).toList());
        all.put(PlotGroup.BENCHMARK, model.benchmarkCurves().stream().map(plots::benchmark).toList());
        all.put(PlotGroup.GAP, plots.gaps(model.gaps()));
        all.put(PlotGroup.OPS, model.opFrequencies().stream().map(plots::ops).toList());
        all.put(PlotGroup.TRAINING, plots.training(model.trainingCurves()));
        return all;
    }

    /** One chart of learning curves per panel and evaluation dataset. */
    private List<Plot> training(List<TrainingCurve> curves) {
        Map<String, List<TrainingCurve>> byChart = new LinkedHashMap<>();
        curves.forEach(c -> byChart.computeIfAbsent(c.key().panel().slug() + "-" + slug(c.evalDataset()),
                k -> new ArrayList<>()).add(c));
        List<Plot> plots = new ArrayList<>();
        byChart.forEach((slug, list) -> {
            TrainingCurve any = list.get(0);
            String dataset = BenchmarkDatasets.name(any.evalDataset());
            String where = "searched in " + any.key().panel().title() + ", trained on " + dataset;
            plots.add(new Plot(unique("training-" + slug), "Test error on " + dataset + " after each epoch of "
                    + "every training of the evaluation stage that succeeded (a search run's final genotype trained "
                    + "from scratch with one seed), " + where + ": one line per search run and seed, coloured by "
                    + "method.", TrainingCurveChart.of(list, dataset + " test error of the trained genotypes: "
                    + any.key().panel().title())));
        });
        return plots;
    }

    private Plot entropy(CurvePanel p) {
        boolean withoutNone = p.subject().equals(ReportQueries.ENTROPY_WITHOUT_NONE);
        int ops = SearchSpaces.byId(p.panel().space()).ops().size() - (withoutNone ? 1 : 0);
        double ceiling = Math.log(ops);
        String label = String.format(Locale.ROOT, "ln %d = %.3f (uniform weights)", ops, ceiling);
        double low = p.curves().stream().flatMap(c -> c.points().stream()).mapToDouble(pt -> pt.stats().min())
                .min().orElse(0);
        // weights still close to uniform everywhere: zoom in, or every line would sit on the ceiling
        boolean zoom = low > ceiling / 2;
        double span = Math.max(ceiling - low, 1e-3);
        CurveChart.YRange y = zoom ? new CurveChart.YRange(low - 0.15 * span, ceiling + 0.15 * span)
                : new CurveChart.YRange(0.0, Math.ceil(ceiling * 11) / 10);
        String title = p.panel().title() + (withoutNone ? ", without none" : "");
        var chart = CurveChart.of(p, "Mean edge entropy: " + title, "mean edge entropy (nats)",
                new CurveChart.Reference(ceiling, label), y);
        return new Plot(unique("entropy-" + p.panel().slug() + (withoutNone ? "-without-none" : "")),
                "Mean entropy of the architecture weights over the edges, per epoch, " + title + ": line = mean over the succeeded seeds, band = their "
                + "min-max; dashed = " + label + ", where every search starts. Lower means sharper weights."
                + (zoom ? " The y axis is zoomed to the data (it does not start at 0)." : ""), chart);
    }

    private Plot benchmark(CurvePanel p) {
        String dataset = BenchmarkDatasets.name(p.subject());
        var chart = CurveChart.of(p, dataset + " test accuracy (NB201) of the derived cell: "
                + p.panel().title(), "test accuracy (%, 200-epoch training)", null, CurveChart.YRange.AUTO);
        return new Plot(unique("benchmark-" + p.panel().slug() + "-" + slug(p.subject())), "NAS-Bench-201 test "
                + "accuracy on " + dataset + " (200 training epochs, mean over the benchmark's seeds) of the "
                + "architecture derived after each epoch, " + p.panel().title() + ": line = mean over the succeeded "
                + "seeds, band = their min-max.", chart);
    }

    private List<Plot> gaps(List<GapRow> rows) {
        Map<Panel, List<GapRow>> byPanel = new LinkedHashMap<>();
        rows.forEach(r -> byPanel.computeIfAbsent(r.key().panel(), k -> new ArrayList<>()).add(r));
        List<Plot> plots = new ArrayList<>();
        byPanel.forEach((panel, panelRows) -> plots.add(new Plot(unique("pruning-gap-" + panel.slug()),
                "Validation accuracy at the last epoch, mean over the succeeded seeds, " + panel.title()
                        + ": the supernet's weighted mixture of ops beside the derived discrete architecture "
                        + "evaluated with the same shared weights. The difference is what pruning loses.",
                GapChart.of(panel, panelRows))));
        return plots;
    }

    private Plot ops(OpFrequency f) {
        boolean severalCells = SearchSpaces.byId(f.key().panel().space()).cellTypes().size() > 1;
        String name = "ops-" + f.key().slug() + (severalCells ? "-" + f.cellType().id() : "");
        String dropped = severalCells ? " In a genotype an edge that is not kept counts as none." : "";
        return new Plot(unique(name), "Share of the " + f.architectures() + " final architectures of "
                + f.key().label() + ", " + f.key().panel().title() + (severalCells ? ", " + f.cellType().id()
                + " cell" : "") + ", that chose each op on each edge." + dropped, OpFrequencyChart.of(f));
    }

    private String unique(String name) {
        String candidate = name;
        for (int i = 2; !names.add(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
