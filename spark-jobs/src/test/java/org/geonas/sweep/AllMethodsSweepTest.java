package org.geonas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.SweepSpec;
import org.geonas.core.search.SearchSettings;
import org.geonas.spark.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny sweep over all 7 methods in both search spaces completes and fills the tables. */
@Tag("e2e")
class AllMethodsSweepTest {

    @TempDir
    Path tmp;

    @Test
    void everyMethodInBothSpaces() {
        List<String> methods = List.of("darts", "gaea", "pcdarts", "gaea-pcdarts", "gdas", "gaea-gdas", "rsws");
        SweepSpec spec = new SweepSpec("all", tmp.resolve("out").toString(), Map.of(),
                new SweepSpec.Grid(List.of("nb201", "darts"), methods, null, List.of("synthetic"), List.of(0L)),
                Map.of("epochs", 1, "channels", 8, "cells", 3, "batch", 8, "image_size", 16, "train_limit", 32,
                        "eval_limit", 16, "candidates", 3),
                Map.of(), new SweepSpec.Execution(1, 2, "1g"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<RunResult> results = new SweepJob(spec, new PrintStream(console, true, StandardCharsets.UTF_8))
                .run(SparkTestSession.get()).runs();
        assertEquals(14, results.size());
        assertTrue(results.stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED), console.toString());
        Dataset<Row> runs = SparkTestSession.get().read().parquet(tmp.resolve("out/tables/runs").toString());
        Dataset<Row> weights = SparkTestSession.get().read().parquet(tmp.resolve("out/tables/arch_weights").toString());
        assertEquals(14, runs.count());
        assertEquals(7, runs.where("space = 'darts'").count());
        // per completed epoch: NB201 6 edges x 5 ops; DARTS 2 cell types x 14 edges x 8 ops
        long expected = results.stream().mapToLong(r -> r.epochs().size()
                * (r.spec().get(SearchSettings.SPACE).id().equals("nb201") ? 30L : 2L * 14 * 8)).sum();
        long dartsEpochs = results.stream().filter(r -> r.spec().get(SearchSettings.SPACE).id().equals("darts"))
                .mapToLong(r -> r.epochs().size()).sum();
        assertEquals(expected, weights.count());
        assertEquals(dartsEpochs * 14 * 8, weights.where("cell_type = 'reduce'").count());
        assertEquals(7, dartsEpochs);
    }
}
