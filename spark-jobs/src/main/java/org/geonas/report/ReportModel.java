package org.geonas.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the report shows, summarized from a sweep's tables (all sweep partitions found;
 * every row and chart is per sweep, space and search dataset, never pooled across them).
 *
 * @param tables where the tables were read
 * @param benchmarkScored whether a benchmark_scores table was there
 * @param nb201 the measured rows of the NAS-Bench-201 table (every method of every panel)
 * @param entropy one panel of mean-edge-entropy curves per sweep, space and search dataset
 * @param benchmarkCurves NAS-Bench-201 test accuracy of the derived architecture per epoch, one panel per sweep,
 *     space, search dataset and benchmark dataset (empty without scores)
 * @param gaps the pruning gap per method
 * @param finalArchs every run's final architecture, in table order
 * @param darts the measured rows of the DARTS-space table: search runs whose genotypes were trained from
 *     scratch (empty without an evaluations table)
 * @param trainingCurves the learning curve of every training that succeeded (empty without evaluations)
 */
public record ReportModel(String tables, boolean benchmarkScored, List<Nb201Row> nb201,
        List<CurvePanel> entropy, List<CurvePanel> benchmarkCurves, List<GapRow> gaps, List<FinalArch> finalArchs,
        List<DartsRow> darts, List<TrainingCurve> trainingCurves) {

    public ReportModel {
        nb201 = List.copyOf(nb201);
        entropy = List.copyOf(entropy);
        benchmarkCurves = List.copyOf(benchmarkCurves);
        gaps = List.copyOf(gaps);
        finalArchs = List.copyOf(finalArchs);
        darts = List.copyOf(darts);
        trainingCurves = List.copyOf(trainingCurves);
    }

    /** Whether a sweep's evaluation stage trained any search run's genotype: only then is there a DARTS section. */
    public boolean evaluated() {
        return !darts.isEmpty();
    }

    /** The sweep ids in the tables, sorted. */
    public List<String> sweeps() {
        return finalArchs.stream().map(a -> a.key().panel().sweepId()).distinct().sorted().toList();
    }

    /** Rows of the runs table. */
    public int runs() {
        return finalArchs.size();
    }

    /** Op counts per edge from the final architectures of the succeeded runs, per method and cell type. */
    public List<OpFrequency> opFrequencies() {
        Map<MethodKey, List<String>> byMethod = new LinkedHashMap<>();
        for (FinalArch a : finalArchs) {
            if (a.succeeded() && a.arch() != null) {
                byMethod.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.arch());
            }
        }
        List<OpFrequency> result = new ArrayList<>();
        byMethod.forEach((key, archs) -> result.addAll(OpFrequency.count(key, archs)));
        return result;
    }
}
