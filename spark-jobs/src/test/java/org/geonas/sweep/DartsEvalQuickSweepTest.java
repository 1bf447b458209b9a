package org.geonas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.geonas.core.evaluate.TrainSettings;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.SweepSpec;
import org.geonas.core.run.TrainResult;
import org.geonas.core.search.SearchSettings;
import org.geonas.spark.SparkTestSession;
import org.geonas.tables.Tables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/sweeps/darts-eval-quick.yaml as shipped, end to end on Spark local[2] and real
 * Fashion-MNIST: a tiny GAEA PC-DARTS search in the DARTS space, then every succeeded run's
 * genotype trained from scratch in its own JVM. The evaluations table has a row per (run, seed)
 * with the training's figures, and a re-submission runs nothing and leaves every file as it was.
 * Needs the Debian package dataset-fashion-mnist (.ci/run installs it) or GEONAS_FASHION_MNIST
 * pointing at the IDX files.
 */
@Tag("e2e")
class DartsEvalQuickSweepTest {

    private static final Path FILE = Path.of(System.getProperty("geonas.project.dir", ".."))
            .resolve("conf/sweeps/darts-eval-quick.yaml");

    @TempDir
    Path tmp;

    @Test
    void searchesThenTrainsEveryFoundGenotypeAndAResubmissionRunsNothing() throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("GEONAS_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"));
        if (!Files.isDirectory(data)) {
            System.out.println("DartsEvalQuickSweepTest skipped: no Fashion-MNIST at " + data
                    + " (apt-get install dataset-fashion-mnist, or set GEONAS_FASHION_MNIST)");
        }
        assumeTrue(Files.isDirectory(data), "no Fashion-MNIST at " + data);
        Path output = tmp.resolve("out");
        SweepSpec spec = withData(SweepSpec.fromYaml(FILE, output.toString()), data);
        SweepJob.checkData(spec);

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SweepJob.Outcome outcome = run(spec, console);
        String printed = console.toString(StandardCharsets.UTF_8);
        List<RunResult> succeeded = outcome.runs().stream().filter(r -> r.status() == RunStatus.SUCCEEDED
                && r.spec().get(SearchSettings.SPACE).id().equals("darts")).toList();
        assertEquals(spec.expand().size(), succeeded.size(), printed);
        int seeds = spec.evaluate().seeds().size();
        int epochs = ((Number) spec.evaluate().training().get("epochs")).intValue();
        assertEquals(succeeded.size() * seeds, outcome.trainings().size(), printed);
        assertTrue(outcome.trainings().stream().allMatch(t -> t.status() == RunStatus.SUCCEEDED), printed);
        assertTrue(printed.contains("test error") && printed.contains("mean ± std"), printed);

        List<Row> rows = SparkTestSession.get().read().parquet(output.resolve("tables/evaluations").toString())
                .where(Tables.SWEEP_ID + " = '" + spec.name() + "'").collectAsList();
        assertEquals(outcome.trainings().size(), rows.size());
        Set<String> expected = succeeded.stream().flatMap(r -> spec.evaluate().seeds().stream()
                .map(seed -> r.runId() + "/" + seed)).collect(Collectors.toSet());
        assertEquals(expected, rows.stream().map(r -> r.<String>getAs(Tables.RUN_ID) + "/"
                + r.<Long>getAs(TrainSettings.SEED.key())).collect(Collectors.toSet()));
        Map<String, String> archOf = succeeded.stream().collect(Collectors.toMap(RunResult::runId,
                RunResult::finalArch));
        for (Row row : rows) {
            assertEquals("succeeded", row.getAs(Tables.STATUS));
            assertTrue(row.<Long>getAs(Tables.PARAMS) > 0, row.toString());
            assertEquals(epochs, row.<scala.collection.Seq<Row>>getAs(Tables.CURVE_EPOCHS).size());
            assertEquals(epochs, row.<Integer>getAs(Tables.EPOCHS_COMPLETED));
            double error = row.getAs(Tables.FINAL_TEST_ERROR);
            assertTrue(error >= 0 && error <= 1, "final_test_error " + error);
            assertEquals(row.<String>getAs(Tables.RUN_ID), row.getAs(TrainSettings.SOURCE_RUN.key()));
            assertEquals(org.geonas.core.space.DartsGenotype.named(archOf.get(row.<String>getAs(Tables.RUN_ID)))
                    .encode(), org.geonas.core.space.DartsGenotype.named(row.getAs(TrainSettings.GENOTYPE.key()))
                    .encode());
        }

        Map<String, Long> before = SweepJobTest.snapshot(output);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        SweepJob.Outcome second = run(spec, again);
        String secondPrinted = again.toString(StandardCharsets.UTF_8);
        assertTrue(secondPrinted.contains(succeeded.size() + " already done, 0 to run"), secondPrinted);
        assertTrue(secondPrinted.contains(outcome.trainings().size() + " already done, 0 to run"), secondPrinted);
        assertEquals(outcome.trainings().stream().map(TrainResult::finalTestError).toList(),
                second.trainings().stream().map(TrainResult::finalTestError).toList());
        assertEquals(before, SweepJobTest.snapshot(output), "a re-submission must not touch a file");
    }

    private static SweepJob.Outcome run(SweepSpec spec, ByteArrayOutputStream console) {
        return new SweepJob(spec, new PrintStream(console, true, StandardCharsets.UTF_8)).run(SparkTestSession.get());
    }

    /** The file's sweep reading Fashion-MNIST from {@code data} (the file names Debian's folder). */
    private static SweepSpec withData(SweepSpec s, Path data) {
        return new SweepSpec(s.name(), s.output(), Map.of("fashion-mnist", data.toString()), s.grid(), s.training(),
                s.overrides(), s.execution(), s.benchmark(), s.evaluate());
    }
}
