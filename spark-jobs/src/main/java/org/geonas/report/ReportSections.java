package org.geonas.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lays the report out: what each section says, which tables and figures it holds. */
final class ReportSections {

    /** What to do when the tables have no benchmark scores. */
    static final String NO_BENCHMARK = "No benchmark was configured for these sweeps: the tables hold no "
            + "benchmark_scores, so there are no NAS-Bench-201 accuracies. To get them, import the benchmark once "
            + "(`geonas import-benchmark --from nats_bench.csv --out benchmarks/nb201`), add `benchmark: "
            + "benchmarks/nb201` to the sweep file (or set GEONAS_BENCHMARK) and submit the sweep again (finished "
            + "runs are not trained again; their final and per-epoch architectures are looked up), then run "
            + "`geonas report` again.";

    private final ReportModel model;
    private final Map<PlotGroup, List<Figure>> figures;
    private final List<PanelColumn> columns;

    private ReportSections(ReportModel model, Map<PlotGroup, List<Figure>> figures) {
        this.model = model;
        this.figures = figures;
        this.columns = PanelColumn.varying(panels(model));
    }

    static Document document(ReportModel model, Map<PlotGroup, List<Figure>> figures, Instant generated) {
        ReportSections s = new ReportSections(model, figures);
        List<Section> sections = new ArrayList<>(List.of(s.nb201()));
        if (model.evaluated()) { // a sweep without an evaluation stage gets the report it always had
            sections.add(s.darts());
        }
        sections.addAll(List.of(s.entropy(), s.benchmarkCurves(), s.pruningGap(), s.finalArchitectures(),
                s.opFrequency()));
        return new Document("GeoNAS sweep report", s.opening(generated), sections);
    }

    private static Set<Panel> panels(ReportModel model) {
        Set<Panel> panels = new LinkedHashSet<>();
        model.nb201().forEach(r -> panels.add(r.key().panel()));
        model.finalArchs().forEach(a -> panels.add(a.key().panel()));
        return panels;
    }

    private List<Block> opening(Instant generated) {
        long succeeded = model.finalArchs().stream().filter(FinalArch::succeeded).count();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph(String.format(Locale.ROOT, "Tables `%s`, sweep%s %s: %d runs, %d succeeded, %d "
                + "failed or diverged. Written %s.", model.tables(), model.sweeps().size() == 1 ? "" : "s",
                String.join(", ", model.sweeps()), model.runs(), succeeded, model.runs() - succeeded,
                generated.truncatedTo(ChronoUnit.SECONDS))));
        blocks.add(new Paragraph("Every row and chart is per sweep, search space and search dataset (seeds are "
                + "pooled only within one sweep)" + constantParts() + ". mean ± std is over a method's seeds: the "
                + "runs that succeeded; std is the sample standard deviation (n - 1). Runs that failed or diverged "
                + "are counted apart and never averaged in. Accuracies are in percent."));
        return blocks;
    }

    private String constantParts() {
        Set<Panel> panels = panels(model);
        if (panels.isEmpty()) {
            return "";
        }
        Panel any = panels.iterator().next();
        String fixed = Stream.of(PanelColumn.values()).filter(c -> !columns.contains(c))
                .map(c -> c.header().toLowerCase(Locale.ROOT) + " `" + c.value(any) + "`")
                .collect(Collectors.joining(", "));
        return fixed.isEmpty() ? "" : "; here every run has " + fixed;
    }

    private Section nb201() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("Test accuracy on the NAS-Bench-201 datasets (200-epoch training, mean over the "
                + "benchmark's seeds) of each run's final architecture, then mean ± std over the method's seeds. "
                + "Search time: mean wall-clock seconds of a succeeded run's search."));
        if (!model.benchmarkScored()) {
            blocks.add(new Paragraph(NO_BENCHMARK));
        } else if (model.nb201().stream().anyMatch(r -> r.testAcc().isEmpty() && r.seeds() > 0)) {
            blocks.add(new Paragraph("A dash: no benchmark score for those runs (NAS-Bench-201 covers only the "
                    + "`nb201` space)."));
        }
        blocks.add(TextTable.of(withPanel(List.of("Method", "Mode", "CIFAR-10", "CIFAR-100", "ImageNet16-120",
                "Seeds", "Not succeeded", "Search time (s)")), model.nb201().stream().map(this::nb201Row).toList()));
        blocks.add(new Paragraph("Published reference, NOT measured here: the GAEA paper's NAS-Bench-201 rows "
                + "(Li et al., ICLR 2021) and the benchmark's best cell per dataset. Shown apart for orientation "
                + "only: they come from the published search settings, not from these sweeps."));
        blocks.add(new TextTable(List.of("Published result", "CIFAR-10", "CIFAR-100", "ImageNet16-120", "Source"),
                PublishedRow.NB201.stream().map(ReportSections::publishedRow).toList(), "published"));
        return new Section("NAS-Bench-201 table", blocks);
    }

    private List<String> nb201Row(Nb201Row r) {
        List<String> cells = panelCells(r.key());
        cells.add(r.key().method());
        cells.add(r.key().mode());
        for (String d : BenchmarkDatasets.TABLE) {
            SeedStats acc = r.testAcc(d);
            cells.add(acc.n() > 0 && acc.n() < r.seeds() ? acc.meanStd(2) + " (n=" + acc.n() + ")" : acc.meanStd(2));
        }
        cells.add(Long.toString(r.seeds()));
        cells.add(Long.toString(r.notSucceeded()));
        cells.add(r.searchSeconds().mean(1));
        return cells;
    }

    static List<String> publishedRow(PublishedRow p) {
        return List.of("published: " + p.method(), format(p.cifar10()), format(p.cifar100()), format(p.imagenet16()),
                p.source());
    }

    private Section darts() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("The final genotype of each DARTS-space search run, trained from scratch in the "
                + "DARTS evaluation network by the sweep's evaluation stage, once per training seed. Test error: "
                + "percent, on the test set of the dataset in the Evaluation data column, after the last epoch; mean "
                + "± std over every (search run, seed) training that succeeded (Trainings); trainings that failed or "
                + "diverged are counted apart. Params: millions, without the auxiliary head, mean over the trained "
                + "genotypes. Search cost: the mean wall time of one search run's search loop (runs.search_seconds), "
                + "in GPU-days where the runs ran on a GPU and in CPU-hours where they ran on the CPU."));
        blocks.add(TextTable.of(withPanel(List.of("Method", "Mode", "Evaluation data", "Test error (%)",
                "Trainings", "Not succeeded", "Search runs", "Params (M)", "Search cost")),
                model.darts().stream().map(this::dartsRow).toList()));
        blocks.add(new Paragraph("Published reference, NOT measured here: CIFAR-10 test error of the papers' "
                + "DARTS-space cells, trained with the papers' full protocol, with their parameters and search "
                + "cost in GPU-days. Shown apart for orientation only; a dash is a figure not confirmed "
                + "from the source."));
        blocks.add(new TextTable(List.of("Published result", "Test error (%)", "Params (M)", "Search cost",
                "Source", "Checked"), PublishedDartsRow.CIFAR10.stream().map(ReportSections::publishedDartsRow)
                .toList(), "published"));
        addFiguresOrNote(blocks, PlotGroup.TRAINING, "No training of the evaluation stage succeeded.");
        return new Section("DARTS space: genotypes trained from scratch", blocks);
    }

    private List<String> dartsRow(DartsRow r) {
        List<String> cells = panelCells(r.key());
        cells.addAll(List.of(r.key().method(), r.key().mode(), BenchmarkDatasets.name(r.evalDataset()),
                r.testError().meanStd(2), Long.toString(r.trainings()), Long.toString(r.notSucceeded()),
                Long.toString(r.searchRuns()), r.paramsMillions().meanStd(2), r.cost().mean()));
        return cells;
    }

    static List<String> publishedDartsRow(PublishedDartsRow p) {
        String error = format(p.testError()) + (p.testErrorStd() == null ? "" : " ± " + format(p.testErrorStd()));
        return List.of("published: " + p.method(), error, p.paramsMillions() == null ? "-"
                : String.format(Locale.ROOT, "%.1f", p.paramsMillions()), p.searchGpuDays() == null ? "-"
                : String.format(Locale.ROOT, "%s GPU-days", p.searchGpuDays()), p.source(), p.checked());
    }

    private Section entropy() {
        List<Block> blocks = new ArrayList<>(List.of(new Paragraph("Mean entropy of the architecture weights over a "
                + "cell's edges (-sum p ln p per edge, then the mean), after every epoch: how fast the search "
                + "commits to ops. GAEA's exponentiated gradient is expected to drive it down faster than softmax "
                + "with Adam.")));
        addFiguresOrNote(blocks, PlotGroup.ENTROPY, "No epochs of succeeded runs in the tables.");
        return new Section("Entropy of the architecture weights", blocks);
    }

    private Section benchmarkCurves() {
        List<Block> blocks = new ArrayList<>(List.of(new Paragraph("The learning curves of the search: NAS-Bench-201 "
                + "test accuracy of the architecture derived after every epoch.")));
        addFiguresOrNote(blocks, PlotGroup.BENCHMARK, model.benchmarkScored()
                ? "No per-epoch benchmark scores of succeeded runs in the benchmark_scores table." : NO_BENCHMARK);
        return new Section("Benchmark accuracy per epoch", blocks);
    }

    private Section pruningGap() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("Validation accuracy at the last epoch of the supernet's mixture (every op "
                + "weighted by the architecture weights) and of the derived discrete architecture with the same "
                + "shared weights; the gap is mixture minus derived, in percentage points (mean over seeds of each "
                + "run's gap). Sparse weights (GAEA) should lose less."));
        blocks.add(TextTable.of(withPanel(List.of("Method", "Mode", "Last epoch", "Mixture (%)", "Derived (%)",
                "Gap (points)", "Seeds")), model.gaps().stream().map(this::gapRow).toList()));
        addFiguresOrNote(blocks, PlotGroup.GAP, "No epochs of succeeded runs in the tables.");
        return new Section("Pruning gap", blocks);
    }

    private List<String> gapRow(GapRow g) {
        List<String> cells = panelCells(g.key());
        cells.add(g.key().method());
        cells.add(g.key().mode());
        cells.add(Integer.toString(g.lastEpoch() + 1));
        cells.add(g.mixture().meanStd(2));
        cells.add(g.discrete().meanStd(2));
        cells.add(g.gap().meanStd(2));
        cells.add(Long.toString(g.gap().n()));
        return cells;
    }

    private Section finalArchitectures() {
        boolean errors = model.finalArchs().stream().anyMatch(a -> a.error() != null);
        List<String> header = new ArrayList<>(withPanel(List.of("Method", "Mode", "Seed", "Status", "Final "
                + "architecture")));
        if (errors) {
            header.add("Error");
        }
        List<List<String>> rows = new ArrayList<>();
        for (FinalArch a : model.finalArchs()) {
            List<String> cells = panelCells(a.key());
            cells.addAll(List.of(a.key().method(), a.key().mode(), Long.toString(a.seed()), a.status(),
                    a.arch() == null ? "-" : a.arch()));
            if (errors) {
                cells.add(a.error() == null ? "" : a.error().lines().findFirst().orElse(""));
            }
            rows.add(cells);
        }
        return new Section("Final architectures", List.of(new Paragraph("Every run's final architecture: a "
                + "NAS-Bench-201 cell string or a DARTS genotype (check one with `geonas arch`)."),
                TextTable.of(header, rows)));
    }

    private Section opFrequency() {
        List<Block> blocks = new ArrayList<>(List.of(new Paragraph("For each edge (to<-from node), how many of a "
                + "method's final architectures (succeeded runs) chose each op. In the DARTS space an edge that a "
                + "genotype does not keep counts as none.")));
        List<OpFrequency> all = model.opFrequencies();
        List<Figure> plots = figures.getOrDefault(PlotGroup.OPS, List.of());
        for (int i = 0; i < all.size(); i++) {
            OpFrequency f = all.get(i);
            blocks.add(new Paragraph(f.key().label() + ", " + f.key().panel().title() + ", " + f.cellType().id()
                    + " cell: " + f.architectures() + " final architectures."));
            blocks.add(opTable(f));
            if (i < plots.size()) {
                blocks.add(plots.get(i));
            }
        }
        if (all.isEmpty()) {
            blocks.add(new Paragraph("No final architectures of succeeded runs in the tables."));
        }
        return new Section("Op frequency per edge", blocks);
    }

    private static TextTable opTable(OpFrequency f) {
        List<String> header = new ArrayList<>(List.of("Edge"));
        header.addAll(f.ops());
        List<List<String>> rows = new ArrayList<>();
        for (int e = 0; e < f.edges().size(); e++) {
            List<String> cells = new ArrayList<>(List.of(f.edges().get(e)));
            for (int op = 0; op < f.ops().size(); op++) {
                cells.add(Long.toString(f.count(e, op)));
            }
            rows.add(cells);
        }
        return TextTable.of(header, rows);
    }

    private void addFiguresOrNote(List<Block> blocks, PlotGroup group, String note) {
        List<Figure> list = figures.getOrDefault(group, List.of());
        if (list.isEmpty()) {
            blocks.add(new Paragraph(note));
        }
        blocks.addAll(list);
    }

    private List<String> withPanel(Collection<String> rest) {
        List<String> header = columns.stream().map(PanelColumn::header).collect(Collectors.toList());
        header.addAll(rest);
        return header;
    }

    private List<String> panelCells(MethodKey key) {
        return columns.stream().map(c -> c.value(key.panel())).collect(Collectors.toList());
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
