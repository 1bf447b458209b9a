package org.geonas.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.bench.Nb201Table;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.SweepSpec;
import org.geonas.core.space.Nb201Architecture;
import org.geonas.spark.SparkTestSession;
import org.geonas.sweep.SweepJob;
import org.geonas.sweep.SweepJobTest;
import org.geonas.tables.TableViews;
import org.geonas.tables.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep with a benchmark configured fills benchmark_scores for the final architecture and the
 * derived architecture of every epoch; the rows join back to runs and epochs and carry the
 * benchmark's figures of exactly those architectures. The benchmark is the whole CSV where
 * ../shared has it, else the slice of the test resources, which holds the tiny sweep's cells.
 */
class BenchmarkScoresSweepTest {

    @TempDir
    Path tmp;

    private static List<RunResult> run(SweepSpec spec, ByteArrayOutputStream console) {
        return new SweepJob(spec, new PrintStream(console, true, StandardCharsets.UTF_8)).run(SparkTestSession.get()).runs();
    }

    @Test
    void scoresJoinBackToRunsAndEpochs() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path csv = SharedBenchmark.csvOrSlice();
        Nb201Table reference = Nb201Table.fromCsv(csv, true);
        Path table = tmp.resolve("bench");
        new BenchmarkImport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(spark, csv, table.toString(), false, !reference.complete());
        Path output = tmp.resolve("out");
        SweepSpec plain = SweepJobTest.tinySweep("scored", output, List.of(1L));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<RunResult> results = run(plain, console);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("no benchmark configured"), console.toString());
        List<String> notInBenchmark = BenchmarkScoring.askedRows("scored", results).stream().map(r -> r.getString(4))
                .distinct().filter(a -> reference.lookup(Nb201Architecture.parse(a)).isEmpty()).toList();
        assertEquals(List.of(), notInBenchmark, "cells the tiny sweep derived that " + csv + " lacks (for the slice: "
                + "add them to TINY_SWEEP_ARCHS in bench/cut_nb201_slice.py and cut it again)");

        // geonas score on the finished sweep's tables: the rows a sweep with the benchmark writes (checked below)
        ByteArrayOutputStream scoreConsole = new ByteArrayOutputStream();
        ScoreJob.Outcome outcome = new ScoreJob(output.resolve("tables").toString(), table.toString(), List.of(),
                new PrintStream(scoreConsole, true, StandardCharsets.UTF_8)).run(spark);
        assertEquals(csv.getFileName().toString(), outcome.benchmark());
        assertEquals(List.of("scored"), outcome.sweeps().stream().map(ScoreJob.SweepScores::sweep).toList());
        assertEquals(BenchmarkScoring.askedRows("scored", results).size(), outcome.sweeps().get(0).architectures());
        List<Row> byScoreJob = sortedScores(spark, output);
        assertEquals(outcome.sweeps().get(0).rows(), byScoreJob.size());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new ScoreJob(
                output.resolve("tables").toString(), table.toString(), List.of("nope"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(spark));
        assertTrue(unknown.getMessage().contains("no sweep nope") && unknown.getMessage().contains("scored"),
                unknown.getMessage());
        // the sweep itself must score again when the benchmark is configured: remove what score wrote
        try (var files = java.nio.file.Files.walk(output.resolve("tables").resolve(Tables.BENCHMARK_SCORES))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }

        // the benchmark configured afterwards: nothing is trained again, the scores are added
        ByteArrayOutputStream scoredConsole = new ByteArrayOutputStream();
        SweepSpec scored = plain.withBenchmark(table.toString());
        SweepJob.checkData(scored);
        run(scored, scoredConsole);
        String printed = scoredConsole.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("2 already done, 0 to run") && printed.contains("test acc (NB201, 200 epochs)"),
                printed);

        String tables = output.resolve("tables").toString();
        Dataset<Row> scores = spark.read().parquet(tables + "/" + Tables.BENCHMARK_SCORES);
        Dataset<Row> runs = spark.read().parquet(tables + "/" + Tables.RUNS);
        Dataset<Row> epochs = spark.read().parquet(tables + "/" + Tables.EPOCHS);
        int epochsPerRun = 2;
        int datasets = 3; // the CSV has test accuracy on cifar10, cifar100 and ImageNet16-120
        assertEquals(results.size() * (1 + epochsPerRun) * datasets, scores.count());
        assertEquals(0, scores.join(runs, new String[] {Tables.SWEEP_ID, Tables.RUN_ID}, "left_anti").count());
        Dataset<Row> perEpoch = scores.where(Tables.ARCH_SOURCE + " = 'epoch'");
        assertEquals(results.size() * epochsPerRun * datasets, perEpoch.join(epochs,
                perEpoch.col(Tables.RUN_ID).equalTo(epochs.col(Tables.RUN_ID))
                        .and(perEpoch.col(Tables.EPOCH).equalTo(epochs.col(Tables.EPOCH)))
                        .and(perEpoch.col(Tables.ARCH).equalTo(epochs.col(Tables.DERIVED_ARCH)))).count());
        Dataset<Row> finals = scores.where(Tables.ARCH_SOURCE + " = 'final' AND " + Tables.EPOCH + " IS NULL");
        assertEquals(results.size() * datasets, finals.join(runs, finals.col(Tables.RUN_ID).equalTo(runs.col(Tables.RUN_ID))
                .and(finals.col(Tables.ARCH).equalTo(runs.col(Tables.FINAL_ARCH)))).count());

        for (Row r : scores.collectAsList()) {
            Nb201Architecture arch = Nb201Architecture.parse(r.getAs(Tables.ARCH));
            double expected = reference.records().stream().filter(x -> x.arch().equals(arch.encode())
                    && x.dataset().equals(r.getAs(Tables.DATASET))).findFirst().orElseThrow().value();
            assertEquals(expected, r.<Double>getAs(Tables.VALUE), 0.0);
            assertEquals(BenchmarkRecord.TEST_ACC, r.getAs(Tables.METRIC));
            assertEquals(csv.getFileName().toString(), r.getAs(Tables.BENCHMARK));
        }

        assertEquals(byScoreJob, sortedScores(spark, output), "geonas score writes what a sweep with the benchmark writes");

        Map<String, Long> before = SweepJobTest.snapshot(output.resolve("tables"));
        run(scored, new ByteArrayOutputStream());
        assertEquals(before, SweepJobTest.snapshot(output.resolve("tables")), "re-submission must leave the tables");

        // another benchmark configured: the scores are replaced by its figures (here a sample with
        // architectures 0, 11 and 284 only, which the tiny runs did not find: no rows, none left over)
        Path samples = tmp.resolve("samples");
        new BenchmarkImport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(spark, SharedBenchmark.officialSamples(), samples.toString(), false, true);
        run(plain.withBenchmark(samples.toString()), new ByteArrayOutputStream());
        List<String> archs = BenchmarkScoring.askedRows("scored", results).stream().map(r -> r.getString(4))
                .distinct().toList();
        long inSample = spark.read().parquet(samples.toString()).where(Tables.HP + " = '200' AND "
                + Tables.BENCH_SEED + " = 'mean'").where(org.apache.spark.sql.functions.col(Tables.ARCH)
                .isin(archs.toArray())).count();
        TableViews.register(spark, output.resolve("tables").toString()); // also where the table has no rows
        Dataset<Row> rescored = spark.table(Tables.BENCHMARK_SCORES);
        assertEquals(inSample == 0 ? 0 : rescored.count(), rescored.where(Tables.BENCHMARK + " = '"
                + "NATS-tss-v1_0-3ffb9-simple'").count());
        assertEquals(0, rescored.where(Tables.BENCHMARK + " = '" + csv.getFileName() + "'").count(),
                "no old scores left");
    }

    @Test
    void aBenchmarkThatIsNotAnImportedTableIsRejectedBeforeSpark() {
        SweepSpec spec = SweepJobTest.tinySweep("bad", tmp.resolve("out"), List.of(1L))
                .withBenchmark(tmp.resolve("nats_bench.csv").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepJob.checkData(spec));
        assertTrue(e.getMessage().contains("geonas import-benchmark") && !e.getMessage().contains("\n"),
                e.getMessage());
        IllegalArgumentException noNb201 = assertThrows(IllegalArgumentException.class, () -> new SweepSpec("d", "out",
                Map.of(), new SweepSpec.Grid(List.of("darts"), List.of("gaea"), null, List.of("synthetic"), null),
                Map.of(), Map.of(), null, "bench"));
        assertTrue(noNb201.getMessage().contains("nb201"), noNb201.getMessage());
    }

    private static List<Row> sortedScores(SparkSession spark, Path output) {
        return spark.read().parquet(output.resolve("tables").resolve(Tables.BENCHMARK_SCORES).toString())
                .orderBy(Tables.RUN_ID, Tables.ARCH_SOURCE, Tables.EPOCH, Tables.DATASET, Tables.METRIC).collectAsList();
    }
}
