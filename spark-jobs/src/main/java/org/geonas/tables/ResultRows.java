package org.geonas.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.geonas.core.run.RunResult;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.SearchSpace;

/** Run results as rows of the {@link Tables}: the row sources each table's columns read. */
public final class ResultRows {

    private ResultRows() {
    }

    public static Row run(String sweepId, RunResult r) {
        return Tables.RUNS_TABLE.row(new Tables.RunRow(sweepId, r));
    }

    public static List<Row> epochs(String sweepId, RunResult r) {
        return Tables.EPOCHS_TABLE.rows(r.epochs().stream().map(m -> new Tables.EpochRow(sweepId, r.runId(), m))
                .toList());
    }

    /** The row of one training of a sweep's evaluation stage. */
    public static Row evaluation(String sweepId, String runId, org.geonas.core.run.TrainResult r) {
        return Tables.EVALUATIONS_TABLE.row(new Tables.EvaluationRow(sweepId, runId, r));
    }

    /** One row per (epoch, cell type, edge, op): the simplex point after every epoch. */
    public static List<Row> archWeights(String sweepId, RunResult r) {
        return Tables.ARCH_WEIGHTS_TABLE.rows(archWeightSources(sweepId, r));
    }

    static List<Tables.ArchWeightRow> archWeightSources(String sweepId, RunResult r) {
        SearchSpace space = SearchSettings.searchSpace(r.spec().settings());
        List<Tables.ArchWeightRow> rows = new ArrayList<>();
        for (EpochMetrics m : r.epochs()) {
            for (Map.Entry<String, double[][]> cell : m.archWeights().entrySet()) {
                CellType type = CellType.valueOf(cell.getKey().toUpperCase(java.util.Locale.ROOT));
                List<Edge> edges = space.edges(type);
                double[][] w = cell.getValue();
                for (int e = 0; e < w.length; e++) {
                    for (int o = 0; o < w[e].length; o++) {
                        rows.add(new Tables.ArchWeightRow(sweepId, r.runId(), m.epoch(), cell.getKey(),
                                edges.get(e).label(), space.ops().get(o), w[e][o]));
                    }
                }
            }
        }
        return rows;
    }
}
