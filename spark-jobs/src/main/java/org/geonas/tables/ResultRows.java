package org.geonas.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.geonas.core.run.Provenance;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.SearchSpace;

/** Turns run results into rows of the {@link Tables}, in the schemas' column order. */
public final class ResultRows {

    private ResultRows() {
    }

    public static Row run(String sweepId, RunResult r) {
        RunSpec s = r.spec();
        Provenance p = r.provenance();
        Row provenance = p == null ? null : RowFactory.create(p.codeVersion(), p.gitSha(), p.jdk(), p.os(), p.djlVersion(),
                p.engine(), p.engineVersion(), p.host(), p.createdAt(), p.cpu(), p.engineCheck());
        return RowFactory.create(sweepId, r.runId(), s.toJson(), s.space(), s.method(), s.mode(), s.dataset(), s.seed(),
                r.status().id(), r.error(), r.finalArch(), r.epochs().size(), r.searchSeconds(), r.device(), r.params(),
                provenance, Tables.SCHEMA_VERSION);
    }

    public static List<Row> epochs(String sweepId, RunResult r) {
        List<Row> rows = new ArrayList<>();
        for (EpochMetrics m : r.epochs()) {
            rows.add(RowFactory.create(sweepId, r.runId(), m.epoch(), m.lr(), m.trainLoss(), m.trainAcc(), m.validLoss(),
                    m.validAcc(), m.mixtureValidAcc(), m.discreteValidAcc(), m.meanEntropy(), m.derivedArch(), m.seconds(),
                    Tables.SCHEMA_VERSION));
        }
        return rows;
    }

    /** One row per (epoch, cell type, edge, op): the simplex point after every epoch. */
    public static List<Row> archWeights(String sweepId, RunResult r) {
        SearchSpace space = r.spec().searchSpace();
        List<Row> rows = new ArrayList<>();
        for (EpochMetrics m : r.epochs()) {
            for (Map.Entry<String, double[][]> cell : m.archWeights().entrySet()) {
                CellType type = CellType.valueOf(cell.getKey().toUpperCase(java.util.Locale.ROOT));
                List<Edge> edges = space.edges(type);
                double[][] w = cell.getValue();
                for (int e = 0; e < w.length; e++) {
                    for (int o = 0; o < w[e].length; o++) {
                        rows.add(RowFactory.create(sweepId, r.runId(), m.epoch(), cell.getKey(), edges.get(e).label(),
                                space.ops().get(o), w[e][o], Tables.SCHEMA_VERSION));
                    }
                }
            }
        }
        return rows;
    }
}
