package org.geonas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.SweepSpec;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;
import org.geonas.spark.SparkTestSession;
import org.geonas.tables.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local[2] sweep of 4 tiny runs end to end: the three tables agree with each run's result;
 * re-submission trains nothing and leaves the tables as they were; a second sweep in the same
 * output does not touch the first one's partitions.
 */
public class SweepJobTest {

    @TempDir
    Path tmp;

    public static SweepSpec tinySweep(String name, Path output, List<Long> seeds) {
        return new SweepSpec(name, output.toString(), Map.of(),
                new SweepSpec.Grid(null, List.of("darts", "gaea"), null, List.of("synthetic"), seeds),
                Map.of("epochs", 2, "channels", 4, "cells", 1, "batch", 16, "image_size", 8, "train_limit", 96,
                        "eval_limit", 32),
                Map.of(), new SweepSpec.Execution(1, 3, "1g"));
    }

    private List<RunResult> run(SweepSpec spec, ByteArrayOutputStream console) {
        return new SweepJob(spec, new PrintStream(console, true, StandardCharsets.UTF_8)).run(SparkTestSession.get()).runs();
    }

    @Test
    void fourRunSweepFillsTheTablesConsistentlyAndIsIdempotent() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path output = tmp.resolve("out");
        SweepSpec spec = tinySweep("tiny", output, List.of(1L, 2L));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<RunResult> results = run(spec, console);
        assertEquals(4, results.size());
        assertTrue(results.stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED), console.toString());
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("tables: ") && printed.contains("last-epoch entropy"), printed);

        Dataset<Row> runs = spark.read().parquet(output.resolve("tables/runs").toString());
        Dataset<Row> epochs = spark.read().parquet(output.resolve("tables/epochs").toString());
        Dataset<Row> weights = spark.read().parquet(output.resolve("tables/arch_weights").toString());
        assertEquals(4, runs.count());
        assertEquals(4 * 2, epochs.count());
        assertEquals(4 * 2 * 6 * 5, weights.count());
        assertEquals(Set.of("tiny"), runs.select(Tables.SWEEP_ID).distinct().collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toSet()));
        assertEquals(1L, runs.where(Tables.SCHEMA_VERSION_COLUMN + " = " + Tables.SCHEMA_VERSION)
                .select(Tables.SCHEMA_VERSION_COLUMN).distinct().count());

        for (RunResult r : results) {
            Row row = runs.where(Tables.RUN_ID + " = '" + r.runId() + "'").first();
            assertEquals(r.spec().get(SearchSettings.METHOD).id(), row.getAs(Tables.METHOD));
            assertEquals(r.spec().get(SearchSettings.SEED), row.<Long>getAs(Tables.SEED));
            assertEquals(r.finalArch(), row.getAs(Tables.FINAL_ARCH));
            assertEquals("succeeded", row.getAs(Tables.STATUS));
            assertEquals(r.spec(), org.geonas.core.run.RunSpec.fromJson(row.getAs(Tables.SPEC_JSON)));
            assertTrue(row.<Row>getAs(Tables.PROVENANCE).<String>getAs("jdk").contains(System.getProperty("java.version")));
            EpochMetrics last = r.epochs().get(1);
            Row e1 = epochs.where(Tables.RUN_ID + " = '" + r.runId() + "' and epoch = 1").first();
            assertEquals(last.meanEntropy(), e1.<Double>getAs(Tables.MEAN_ENTROPY), 0.0);
            assertEquals(last.discreteValidAcc(), e1.<Double>getAs(Tables.DISCRETE_VALID_ACC), 0.0);
            assertEquals(last.derivedArch(), e1.getAs(Tables.DERIVED_ARCH));
            double w = weights.where(Tables.RUN_ID + " = '" + r.runId() + "' and epoch = 1 and edge = '2<-1' and op = "
                    + "'nor_conv_3x3'").first().getAs(Tables.WEIGHT);
            assertEquals(r.finalWeights().get("normal")[2][3], w, 0.0);
            double sum = weights.where(Tables.RUN_ID + " = '" + r.runId() + "' and epoch = 1 and edge = '3<-0'")
                    .agg(org.apache.spark.sql.functions.sum(Tables.WEIGHT)).first().getDouble(0);
            assertEquals(1.0, sum, 1e-9);
        }

        Map<String, Long> before = snapshot(output.resolve("tables"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        List<RunResult> second = run(spec, again);
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("4 already done, 0 to run"), again.toString());
        for (int i = 0; i < 4; i++) {
            assertEquals(results.get(i).finalWeights().get("normal")[0][0], second.get(i).finalWeights().get("normal")[0][0]);
        }
        assertEquals(before, snapshot(output.resolve("tables")), "re-submission must leave the tables as they were");

        // another sweep in the same output: its own partition, the first one untouched
        SweepSpec other = tinySweep("other", output, List.of(3L));
        run(other, new ByteArrayOutputStream());
        Map<String, Long> after = snapshot(output.resolve("tables"));
        before.forEach((file, size) -> assertEquals(size, after.get(file), file));
        Dataset<Row> all = spark.read().parquet(output.resolve("tables/runs").toString());
        assertEquals(4, all.where("sweep_id = 'tiny'").count());
        assertEquals(2, all.where("sweep_id = 'other'").count());
    }

    @Test
    void interruptedSweepRunsOnlyWhatIsMissing() {
        Path output = tmp.resolve("partial");
        SweepSpec one = tinySweep("grow", output, List.of(1L));
        List<RunResult> first = run(one, new ByteArrayOutputStream());
        SweepSpec two = tinySweep("grow", output, List.of(1L, 2L));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<RunResult> second = run(two, console);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("2 already done, 2 to run"), console.toString());
        assertEquals(first.get(0).provenance().createdAt(), second.get(0).provenance().createdAt());
        assertEquals(4, SparkTestSession.get().read().parquet(output.resolve("tables/runs").toString())
                .where("sweep_id = 'grow'").count());
        assertEquals(8, SparkTestSession.get().read().parquet(output.resolve("tables/epochs").toString())
                .where("sweep_id = 'grow'").count());
    }

    /** Every file under a folder with its size and modification time folded in. */
    public static Map<String, Long> snapshot(Path root) throws IOException {
        Map<String, Long> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }
}
