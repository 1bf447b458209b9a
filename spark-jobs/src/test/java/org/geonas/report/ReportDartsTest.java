package org.geonas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.evaluate.TrainEpoch;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.TrainResult;
import org.geonas.core.run.TrainSpec;
import org.geonas.core.search.SearchSettings;
import org.geonas.core.space.DartsGenotype;
import org.geonas.core.space.SearchSpaces;
import org.geonas.spark.SparkTestSession;
import org.geonas.tables.ResultRows;
import org.geonas.tables.Table;
import org.geonas.tables.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's DARTS-space section over tables written here: two methods (pcdarts on a GPU, gaea-pcdarts on
 * the CPU), two search runs each, each run's genotype trained with two seeds, plus a failed training (counted
 * apart, never averaged) and a training of a named genotype (no search run: left out). The table's mean ± std,
 * parameters and search cost against the same figures computed here from the fixture's values; the published
 * rows with their citations; the learning-curve plot; and a report of the same tables without an evaluations
 * table that is the report those tables got before the section existed.
 */
class ReportDartsTest {

    private static final String SWEEP = "dsw";
    private static final Instant WRITTEN = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> SECTIONS_WITHOUT_EVALUATIONS = List.of("## NAS-Bench-201 table",
            "## Entropy of the architecture weights", "## Benchmark accuracy per epoch", "## Pruning gap",
            "## Final architectures", "## Op frequency per edge");

    /** A search run of the fixture: its method, device, search time, genotype and parameters. */
    private record Search(String runId, String method, long seed, String device, double seconds, String genotype,
            long params) {
    }

    private static final List<Search> SEARCHES = List.of(
            new Search("pc-1", "pcdarts", 1, "gpu:0", 7_200, DartsGenotype.PC_DARTS_CIFAR_TEXT, 3_630_000),
            new Search("pc-2", "pcdarts", 2, "gpu:0", 10_800, DartsGenotype.DARTS_V2_TEXT, 3_350_000),
            new Search("gaea-1", "gaea-pcdarts", 1, "cpu", 36_000, DartsGenotype.GAEA_EDARTS4_TEXT, 1_930_000),
            new Search("gaea-2", "gaea-pcdarts", 2, "cpu", 54_000, DartsGenotype.PC_DARTS_CIFAR_TEXT, 3_630_000));

    /** Final test accuracy of the succeeded trainings: search run -> training seed -> accuracy (a fraction). */
    private static final Map<String, Map<Long, Double>> ACC = Map.of(
            "pc-1", Map.of(0L, 0.9712, 1L, 0.9731),
            "pc-2", Map.of(0L, 0.9695, 1L, 0.9702),
            "gaea-1", Map.of(0L, 0.9741, 1L, 0.9748),
            "gaea-2", Map.of(0L, 0.9738, 1L, 0.9729));

    private static final int EPOCHS = 4;

    @TempDir
    Path tmp;

    @Test
    void dartsSectionAgreesWithTheFixtureAndLeavesOtherReportsAlone() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path tables = tmp.resolve("tables");
        write(spark, Tables.RUNS_TABLE, SEARCHES.stream().map(ReportDartsTest::runRow).toList(), tables);

        long start = System.nanoTime();
        Path before = report(spark, tables, tmp.resolve("before"));
        write(spark, Tables.EVALUATIONS_TABLE, evaluationRows(), tables);
        Path with = report(spark, tables, tmp.resolve("with"));
        deleteTree(tables.resolve(Tables.EVALUATIONS));
        Path after = report(spark, tables, tmp.resolve("after"));
        System.out.printf(java.util.Locale.ROOT, "ReportDartsTest: three reports in %.1f s%n",
                (System.nanoTime() - start) / 1e9);

        checkTable(with);
        checkPublished(with);
        checkPlot(with);
        checkUnchanged(before, after);
        System.out.println(section(Files.readString(with.resolve(ReportWriter.MARKDOWN)))); // for the record
    }

    /** Per method: test error over the succeeded trainings, params per genotype, search time per run. */
    private static void checkTable(Path out) throws IOException {
        Map<String, Map<String, String>> csv = new HashMap<>();
        readCsv(out.resolve(CsvTables.DARTS)).forEach(r -> csv.put(r.get("method"), r));
        assertEquals(2, csv.size(), csv.toString());
        for (String method : List.of("pcdarts", "gaea-pcdarts")) {
            List<Search> runs = SEARCHES.stream().filter(s -> s.method().equals(method)).toList();
            List<Double> errors = runs.stream().flatMap(s -> ACC.get(s.runId()).values().stream())
                    .map(a -> 100 * (1 - a)).toList();
            List<Double> params = runs.stream().map(s -> s.params() / 1e6).toList();
            List<Double> seconds = runs.stream().map(Search::seconds).toList();
            Map<String, String> row = csv.get(method);
            assertEquals("cifar10", row.get("eval_dataset"));
            assertEquals(Integer.toString(errors.size()), row.get("trainings"), method);
            assertEquals(method.equals("gaea-pcdarts") ? "1" : "0", row.get("not_succeeded"), method);
            assertEquals("2", row.get("search_runs"), method);
            assertEquals(mean(errors), Double.parseDouble(row.get("test_error_mean")), 1e-9, method);
            assertEquals(sampleStd(errors), Double.parseDouble(row.get("test_error_std")), 1e-9, method);
            assertEquals(mean(params), Double.parseDouble(row.get("params_millions_mean")), 1e-9, method);
            assertEquals(mean(seconds), Double.parseDouble(row.get("search_seconds_mean")), 1e-9, method);
            boolean gpu = method.equals("pcdarts");
            assertEquals(gpu ? "GPU-days" : "CPU-hours", row.get("search_cost_unit"));
            assertEquals(mean(seconds) / (gpu ? 86_400 : 3_600), Double.parseDouble(row.get("search_cost_mean")),
                    1e-9, method);
        }
        // the same figures as the reader sees them: pcdarts 2.90 ± 0.16 %, gaea-pcdarts 2.61 ± 0.08 %
        String md = section(Files.readString(out.resolve(ReportWriter.MARKDOWN)));
        assertTrue(md.contains("| pcdarts | bilevel | CIFAR-10 | 2.90 ± 0.16 | 4 | 0 | 2 | 3.49 ± 0.20 | "
                + "0.104 GPU-days |"), md);
        assertTrue(md.contains("| gaea-pcdarts | bilevel | CIFAR-10 | 2.61 ± 0.08 | 4 | 1 | 2 | 2.78 ± 1.20 | "
                + "12.5 CPU-hours |"), md);
    }

    private static void checkPublished(Path out) throws IOException {
        String md = section(Files.readString(out.resolve(ReportWriter.MARKDOWN)));
        assertTrue(md.contains("| published: GAEA PC-DARTS | 2.50 ± 0.06 | - | - | Li et al., ICLR 2021 (GAEA, "
                + "arXiv 2004.07802)"), md);
        assertTrue(md.contains("| published: PC-DARTS | 2.57 ± 0.07 | 3.6 | 0.1 GPU-days | Xu et al., ICLR 2020 "
                + "(PC-DARTS, arXiv 1907.05737)"), md);
        assertTrue(md.contains("| published: DARTS (second order) | 2.76 ± 0.09 | 3.3 | 4.0 GPU-days | Liu et al., "
                + "ICLR 2019 (DARTS, arXiv 1806.09055), Table 1 |"), md);
        assertTrue(md.contains("NOT measured here"), md);
        // measured rows first, the published table after them, never mixed
        assertTrue(md.indexOf("| pcdarts | bilevel |") < md.indexOf("| Published result |"), md);
        assertTrue(md.indexOf("| bilevel |", md.indexOf("| Published result |")) < 0, md);
        assertTrue(Files.readString(out.resolve(ReportWriter.HTML)).contains("published: PC-DARTS"));
        assertFalse(Files.readString(out.resolve(CsvTables.DARTS)).contains("published"));
        assertEquals(3, readCsv(out.resolve(CsvTables.DARTS_PUBLISHED)).size());
    }

    /** One chart, a line per succeeded (run, seed) training; its PNG referenced by the Markdown and embedded in HTML. */
    private static void checkPlot(Path out) throws IOException {
        Path png = out.resolve(ReportWriter.PLOTS).resolve("training-" + SWEEP + "-darts-cifar10-cifar10.png");
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png.toString());
        assertTrue(Files.size(Path.of(png.toString().replace(".png", ".svg"))) > 10_000);
        String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
        assertTrue(section(md).contains("(plots/" + png.getFileName() + ")"), md);
        String html = Files.readString(out.resolve(ReportWriter.HTML));
        assertTrue(html.contains("alt=\"CIFAR-10 test error of the trained genotypes"), "embedded in the HTML");
        List<Map<String, String>> points = readCsv(out.resolve(CsvTables.TRAINING));
        assertEquals(8 * EPOCHS, points.size(), "the succeeded trainings' epochs, no more");
        assertEquals(8, points.stream().map(p -> p.get("run_id") + "/" + p.get("seed")).distinct().count());
    }

    /** Without an evaluations table: the same report, word for word, with the sections and files it always had. */
    private static void checkUnchanged(Path before, Path after) throws IOException {
        String md = Files.readString(before.resolve(ReportWriter.MARKDOWN));
        assertEquals(md, Files.readString(after.resolve(ReportWriter.MARKDOWN)));
        assertEquals(Files.readString(before.resolve(ReportWriter.HTML)),
                Files.readString(after.resolve(ReportWriter.HTML)));
        assertEquals(SECTIONS_WITHOUT_EVALUATIONS, md.lines().filter(l -> l.startsWith("## ")).toList());
        List<String> files = files(before);
        assertEquals(files, files(after));
        assertFalse(files.stream().anyMatch(f -> f.contains("darts_") || f.contains("training")), files.toString());
    }

    private static Path report(SparkSession spark, Path tables, Path out) throws IOException {
        ReportJob job = new ReportJob(tables.toString(), out, System.out);
        return ReportWriter.write(job.collect(spark), out, WRITTEN).folder();
    }

    private static Tables.RunRow runRow(Search s) {
        RunSpec spec = RunSpec.of(s.method(), "cifar10", "/data/cifar10", 50)
                .with(SearchSettings.SPACE, SearchSpaces.byId("darts")).with(SearchSettings.SEED, s.seed());
        return new Tables.RunRow(SWEEP, new RunResult(s.runId(), spec, RunStatus.SUCCEEDED, null, null,
                s.genotype(), Map.of(), List.of(), s.seconds(), s.device(), 1_900_000L, null));
    }

    /** Every training as the evaluation stage would record it, plus a failed one and a named genotype's. */
    private static List<Tables.EvaluationRow> evaluationRows() {
        List<Tables.EvaluationRow> rows = new ArrayList<>();
        for (Search s : SEARCHES) {
            ACC.get(s.runId()).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    rows.add(new Tables.EvaluationRow(SWEEP, s.runId(), succeeded(s, e.getKey(), e.getValue()))));
        }
        Search gaea = SEARCHES.get(2);
        TrainSpec failed = spec(gaea.genotype(), gaea.runId(), 2);
        rows.add(new Tables.EvaluationRow(SWEEP, gaea.runId(), new TrainResult(failed.trainId(), failed,
                RunStatus.FAILED, "out of memory, at epoch 1", null, gaea.genotype(), List.of(curvePoint(0, 0.41)),
                null, null, gaea.params(), gaea.params() + 400_000, 120, "cpu", null)));
        TrainSpec named = spec("DARTS_V2", null, 0);
        rows.add(new Tables.EvaluationRow(SWEEP, null, new TrainResult(named.trainId(), named, RunStatus.SUCCEEDED,
                null, null, DartsGenotype.DARTS_V2_TEXT, List.of(curvePoint(0, 0.5)), 0.5, 0.5, 3_349_342, 3_700_000,
                60, "cpu", null)));
        return rows;
    }

    private static TrainResult succeeded(Search s, long seed, double finalAcc) {
        TrainSpec spec = spec(s.genotype(), s.runId(), seed);
        List<TrainEpoch> curve = new ArrayList<>();
        for (int e = 0; e < EPOCHS; e++) {
            // rising towards the final accuracy, the last epoch exactly at it
            curve.add(curvePoint(e, finalAcc - 0.3 * (EPOCHS - 1 - e) / EPOCHS));
        }
        return new TrainResult(spec.trainId(), spec, RunStatus.SUCCEEDED, null, null, s.genotype(), curve, finalAcc,
                1 - finalAcc, s.params(), s.params() + 400_000, 3_600, s.device(), null);
    }

    private static TrainEpoch curvePoint(int epoch, double testAcc) {
        return new TrainEpoch(epoch, 0.025, 0.2 * epoch / EPOCHS, 1.0, testAcc - 0.02, 0.8, testAcc, 900);
    }

    private static TrainSpec spec(String genotype, String sourceRun, long seed) {
        Map<String, Object> settings = new HashMap<>(Map.of("genotype", genotype, "dataset", "cifar10",
                "data_dir", "/data/cifar10", "epochs", EPOCHS, "seed", seed));
        if (sourceRun != null) {
            settings.put("source_run", sourceRun);
        }
        return TrainSpec.fromMap(settings);
    }

    /** Rows written as a sweep writes them: through the table's declared columns, partitioned by sweep. */
    private static <R> void write(SparkSession spark, Table<R> table, List<R> sources, Path tables) {
        spark.createDataFrame(table.rows(sources), table.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .partitionBy(Tables.SWEEP_ID).parquet(tables.resolve(table.name()).toString());
    }

    /** The DARTS-space section of a Markdown report, up to the next section. */
    private static String section(String md) {
        int start = md.indexOf("## DARTS space");
        assertTrue(start >= 0, md);
        int end = md.indexOf("\n## ", start + 1);
        return md.substring(start, end < 0 ? md.length() : end);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
    }

    private static double sampleStd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }

    /** A CSV without quoted fields in the columns read here, as maps by column name (quoted text kept whole). */
    private static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
