package org.geonas.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report's tables as CSV with full-precision numbers (empty where there is none), for reading back:
 * {@code nb201_table.csv}, {@code nb201_published.csv}, {@code entropy_curves.csv}, {@code benchmark_curves.csv},
 * {@code pruning_gap.csv}, {@code final_architectures.csv}, {@code op_frequency.csv}; where a sweep's evaluation
 * stage trained genotypes also {@code darts_table.csv}, {@code darts_published.csv} and {@code training_curves.csv}.
 */
final class CsvTables {

    static final String NB201 = "nb201_table.csv";
    static final String PUBLISHED = "nb201_published.csv";
    static final String ENTROPY = "entropy_curves.csv";
    static final String BENCHMARK = "benchmark_curves.csv";
    static final String GAP = "pruning_gap.csv";
    static final String ARCHS = "final_architectures.csv";
    static final String OPS = "op_frequency.csv";
    static final String DARTS = "darts_table.csv";
    static final String DARTS_PUBLISHED = "darts_published.csv";
    static final String TRAINING = "training_curves.csv";

    private static final List<String> KEY = List.of("sweep_id", "space", "dataset", "method", "mode");
    private static final List<String> STATS = List.of("n", "mean", "std", "min", "max");

    private CsvTables() {
    }

    /** Writes every CSV into the folder; returns the file names. */
    static List<String> write(Path folder, ReportModel model) throws IOException {
        write(folder.resolve(NB201), nb201Header(), model.nb201().stream().map(CsvTables::nb201).toList());
        write(folder.resolve(PUBLISHED), List.of("kind", "method", "cifar10", "cifar100", "ImageNet16-120", "source"),
                PublishedRow.NB201.stream().map(p -> List.<Object>of("published", p.method(), p.cifar10(),
                        p.cifar100(), p.imagenet16(), p.source())).toList());
        write(folder.resolve(ENTROPY), concat(KEY, List.of("epoch"), STATS), curves(model.entropy(), false));
        write(folder.resolve(BENCHMARK), concat(KEY, List.of("benchmark_dataset", "epoch"), STATS),
                curves(model.benchmarkCurves(), true));
        write(folder.resolve(GAP), concat(KEY, List.of("last_epoch", "n", "mixture_mean", "mixture_std",
                "discrete_mean", "discrete_std", "gap_mean", "gap_std")), model.gaps().stream().map(CsvTables::gap)
                .toList());
        write(folder.resolve(ARCHS), concat(KEY, List.of("seed", "status", "run_id", "final_arch", "error")),
                model.finalArchs().stream().map(a -> concatRow(key(a.key()), a.seed(), a.status(), a.runId(), a.arch(),
                        a.error())).toList());
        write(folder.resolve(OPS), concat(KEY, List.of("cell_type", "edge", "op", "count", "architectures")),
                opRows(model.opFrequencies()));
        List<String> files = new ArrayList<>(List.of(NB201, PUBLISHED, ENTROPY, BENCHMARK, GAP, ARCHS, OPS));
        if (model.evaluated()) {
            files.addAll(writeDarts(folder, model));
        }
        return files;
    }

    private static List<String> writeDarts(Path folder, ReportModel model) throws IOException {
        write(folder.resolve(DARTS), concat(KEY, List.of("eval_dataset", "trainings", "not_succeeded",
                "test_error_mean", "test_error_std", "search_runs", "params_millions_mean", "params_millions_std",
                "search_seconds_mean", "search_seconds_std", "search_seconds_total", "search_cost_unit",
                "search_cost_mean")), model.darts().stream().map(CsvTables::darts).toList());
        write(folder.resolve(DARTS_PUBLISHED), List.of("kind", "method", "test_error", "test_error_std",
                "params_millions", "search_gpu_days", "source", "checked"), PublishedDartsRow.CIFAR10.stream()
                .map(p -> concatRow(List.of("published", p.method()), p.testError(), p.testErrorStd(),
                        p.paramsMillions(), p.searchGpuDays(), p.source(), p.checked())).toList());
        List<List<Object>> points = new ArrayList<>();
        for (TrainingCurve c : model.trainingCurves()) {
            c.points().forEach(pt -> points.add(concatRow(key(c.key()), c.evalDataset(), c.runId(), c.seed(),
                    pt.epoch(), pt.testError())));
        }
        write(folder.resolve(TRAINING), concat(KEY, List.of("eval_dataset", "run_id", "seed", "epoch",
                "test_error")), points);
        return List.of(DARTS, DARTS_PUBLISHED, TRAINING);
    }

    private static List<Object> darts(DartsRow r) {
        SeedStats s = r.cost().seconds();
        return concatRow(key(r.key()), r.evalDataset(), r.trainings(), r.notSucceeded(), r.testError().mean(),
                r.testError().std(), r.searchRuns(), r.paramsMillions().mean(), r.paramsMillions().std(), s.mean(),
                s.std(), s.mean() * s.n(), r.cost().unit(), s.mean() / r.cost().secondsPerUnit());
    }

    private static List<String> nb201Header() {
        List<String> h = concat(KEY, List.of("seeds", "not_succeeded", "search_seconds_mean", "search_seconds_std"));
        for (String d : BenchmarkDatasets.TABLE) {
            h.addAll(List.of("test_acc_" + d + "_mean", "test_acc_" + d + "_std", "test_acc_" + d + "_n"));
        }
        return h;
    }

    private static List<Object> nb201(Nb201Row r) {
        List<Object> row = concatRow(key(r.key()), r.seeds(), r.notSucceeded(), r.searchSeconds().mean(),
                r.searchSeconds().std());
        for (String d : BenchmarkDatasets.TABLE) {
            SeedStats s = r.testAcc(d);
            row.addAll(List.of(s.mean(), s.std(), s.n()));
        }
        return row;
    }

    private static List<List<Object>> curves(List<CurvePanel> panels, boolean withSubject) {
        List<List<Object>> rows = new ArrayList<>();
        for (CurvePanel p : panels) {
            for (Curve c : p.curves()) {
                for (Curve.Point pt : c.points()) {
                    List<Object> row = key(c.key());
                    if (withSubject) {
                        row.add(p.subject());
                    }
                    row.add(pt.epoch());
                    row.addAll(stats(pt.stats()));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static List<Object> gap(GapRow g) {
        return concatRow(key(g.key()), g.lastEpoch(), g.gap().n(), g.mixture().mean(), g.mixture().std(),
                g.discrete().mean(), g.discrete().std(), g.gap().mean(), g.gap().std());
    }

    private static List<List<Object>> opRows(List<OpFrequency> frequencies) {
        List<List<Object>> rows = new ArrayList<>();
        for (OpFrequency f : frequencies) {
            for (int e = 0; e < f.edges().size(); e++) {
                for (int op = 0; op < f.ops().size(); op++) {
                    rows.add(concatRow(key(f.key()), f.cellType().id(), f.edges().get(e), f.ops().get(op),
                            f.count(e, op), f.architectures()));
                }
            }
        }
        return rows;
    }

    private static List<Object> key(MethodKey k) {
        Panel p = k.panel();
        return new ArrayList<>(List.of(p.sweepId(), p.space(), p.dataset(), k.method(), k.mode()));
    }

    private static List<Object> stats(SeedStats s) {
        return List.of(s.n(), s.mean(), s.std(), s.min(), s.max());
    }

    private static List<Object> concatRow(List<Object> head, Object... rest) {
        List<Object> row = new ArrayList<>(head);
        java.util.Collections.addAll(row, rest);
        return row;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    private static void write(Path file, List<String> header, List<List<Object>> rows) throws IOException {
        StringBuilder sb = new StringBuilder(line(new ArrayList<>(header)));
        rows.forEach(r -> sb.append(line(r)));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String line(List<?> cells) {
        return cells.stream().map(CsvTables::cell).collect(Collectors.joining(",", "", "\n"));
    }

    /** Numbers in full precision (NaN as empty), text quoted where it holds a comma, quote or line break. */
    private static String cell(Object v) {
        if (v == null || v instanceof Double d && d.isNaN()) {
            return "";
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
