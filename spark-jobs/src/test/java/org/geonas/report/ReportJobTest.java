package org.geonas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.geonas.benchmark.BenchmarkImport;
import org.geonas.benchmark.SharedBenchmark;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.SweepSpec;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;
import org.geonas.core.space.Nb201Architecture;
import org.geonas.spark.SparkTestSession;
import org.geonas.sweep.SweepJob;
import org.geonas.sweep.SweepJobTest;
import org.geonas.tables.Table;
import org.geonas.tables.Tables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report against a direct computation over the Parquet rows it reads: its NAS-Bench-201
 * table (mean, sample std, seeds, runs counted apart, search time), entropy curves and pruning
 * gap; every file there and non-trivial; the published rows marked apart; without benchmark
 * scores the table says so and still lists seeds and search time. Once over tables written here
 * (fast), once over a tiny real sweep (e2e: darts and gaea, 2 seeds each, plus random search at a
 * weight learning rate that makes both its runs diverge).
 */
class ReportJobTest {

    private static final String SWEEP = "rep";
    private static final List<String> SCORED_METRICS = List.of(BenchmarkRecord.TEST_ACC, BenchmarkRecord.VALID_ACC);

    private static final Map<String, List<Row>> READ = new HashMap<>();

    @TempDir
    Path tmp;

    private static SweepSpec sweep(Path output) {
        SweepSpec tiny = SweepJobTest.tinySweep(SWEEP, output, List.of(1L, 2L));
        return new SweepSpec(SWEEP, output.toString(), Map.of(), new SweepSpec.Grid(null, List.of("darts", "gaea",
                "rsws"), null, List.of("synthetic"), List.of(1L, 2L)), tiny.training(),
                Map.of("rsws", Map.of("weight_lr", 1e38, "grad_clip", 1e30)), tiny.execution());
    }

    @Test
    void reportOfWrittenTablesAgreesWithTheirRows() throws IOException {
        Path tables = tmp.resolve("out/tables");
        writeRunTables(SparkTestSession.get(), tables, SWEEP);
        reportAndCheck(tables, tmp.resolve("report"), () -> writeBenchmarkScores(SparkTestSession.get(), tables, SWEEP));
    }

    @Test
    @Tag("e2e")
    void reportOfATinySweepAgreesWithItsRows() throws IOException {
        Path output = tmp.resolve("out");
        List<RunResult> results = new SweepJob(sweep(output), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run(SparkTestSession.get()).runs();
        assertEquals(4, results.stream().filter(r -> r.status() == RunStatus.SUCCEEDED).count());
        assertEquals(2, results.stream().filter(r -> r.spec().get(SearchSettings.METHOD).id().equals("rsws")
                && r.status() == RunStatus.DIVERGED).count(), "rsws at weight_lr 1e38 must diverge");
        reportAndCheck(output.resolve("tables"), tmp.resolve("report"), () -> scoreWithTheBenchmark(output));
    }

    /**
     * The real scoring: the NAS-Bench-201 CSV imported (the whole CSV where ../shared has it, else the
     * slice of the test resources, which holds the tiny sweep's cells), and the finished sweep
     * submitted again with it configured (nothing is trained again; benchmark_scores is written).
     */
    private void scoreWithTheBenchmark(Path output) {
        SparkSession spark = SparkTestSession.get();
        Path csv = SharedBenchmark.csvOrSlice();
        Path table = tmp.resolve("nb201-benchmark");
        new BenchmarkImport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(spark, csv, table.toString(), false, true);
        new SweepJob(sweep(output).withBenchmark(table.toString()), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run(spark);
    }

    /** A report without benchmark scores, then (scores written) one that replaces it; both checked. */
    private static void reportAndCheck(Path tables, Path out, Runnable addScores) throws IOException {
        SparkSession spark = SparkTestSession.get();
        long start = System.nanoTime();
        String console = report(spark, tables, out);
        System.out.printf(java.util.Locale.ROOT, "ReportJobTest: report of %s in %.1f s%n", tables,
                (System.nanoTime() - start) / 1e9);
        assertTrue(console.contains("[report] time: "), console);
        String unscored = Files.readString(out.resolve("report.md"));
        assertTrue(unscored.contains("No benchmark was configured"), unscored);
        checkTable(tables, out, false);

        addScores.run();
        start = System.nanoTime();
        report(spark, tables, out); // replaces the first report
        System.out.printf(java.util.Locale.ROOT, "ReportJobTest: with benchmark scores in %.1f s%n",
                (System.nanoTime() - start) / 1e9);
        checkTable(tables, out, true);
        checkCurvesAndGap(tables, out);
        checkFiles(tables, out);
        checkPublishedRowsApart(out);
        assertFalse(Files.readString(out.resolve("report.md")).contains("No benchmark was configured"));
    }

    /**
     * A sweep's runs and epochs tables as the sweep writes them, with figures from a fixed random
     * stream: darts and gaea with 3 seeds (gaea's third failed after one epoch, with an error), rsws
     * with 2 seeds that both diverged; 3 epochs per completed run.
     */
    static void writeRunTables(SparkSession spark, Path tables, String sweepId) {
        Random random = new Random(42);
        List<Tables.RunRow> runs = new ArrayList<>();
        List<Tables.EpochRow> epochs = new ArrayList<>();
        for (String method : List.of("darts", "gaea", "rsws")) {
            for (long seed = 1; seed <= (method.equals("rsws") ? 2 : 3); seed++) {
                String runId = method + "-" + seed;
                RunStatus status = method.equals("rsws") ? RunStatus.DIVERGED
                        : method.equals("gaea") && seed == 3 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
                int completed = status == RunStatus.SUCCEEDED ? 3 : status == RunStatus.FAILED ? 1 : 0;
                String error = status == RunStatus.FAILED ? "out of memory, at epoch 1" : null;
                String arch = status == RunStatus.FAILED ? null : randomArch(random);
                double seconds = 10 + 5 * random.nextDouble();
                List<EpochMetrics> metrics = new ArrayList<>();
                for (int e = 0; e < completed; e++) {
                    double mixture = random.nextDouble();
                    metrics.add(new EpochMetrics(e, 0.02, 2.0, 0.3, 2.1, mixture, mixture, random.nextDouble(),
                            Math.log(5) - 0.1 * e - 0.05 * random.nextDouble(), randomArch(random), 3.0, Map.of()));
                }
                RunSpec spec = RunSpec.of(method, "synthetic", null, 3).with(SearchSettings.SEED, seed);
                RunResult result = new RunResult(runId, spec, status, error, null, arch, Map.of(), metrics, seconds,
                        "cpu", 1000L, null);
                runs.add(new Tables.RunRow(sweepId, result));
                metrics.forEach(m -> epochs.add(new Tables.EpochRow(sweepId, runId, m)));
            }
        }
        write(spark, Tables.RUNS_TABLE, runs, tables);
        write(spark, Tables.EPOCHS_TABLE, epochs, tables);
    }

    private static String randomArch(Random random) {
        return new Nb201Architecture(random.ints(6, 0, 5).toArray()).encode();
    }

    /** Rows written as the sweep writes them: from their sources, through the table's declared columns. */
    private static <R> void write(SparkSession spark, Table<R> table, List<R> sources, Path tables) {
        spark.createDataFrame(table.rows(sources), table.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .partitionBy(Tables.SWEEP_ID).parquet(tables.resolve(table.name()).toString());
    }

    private static String report(SparkSession spark, Path tables, Path out) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ReportJob.checkInput(tables.toString(), out);
        new ReportJob(tables.toString(), out, new PrintStream(console, true, StandardCharsets.UTF_8)).run(spark);
        return console.toString(StandardCharsets.UTF_8);
    }

    /**
     * Synthetic scores for tables written without a sweep (no RunResults to score): for every run's final
     * architecture and every epoch's derived architecture, 200-epoch figures on the four
     * NAS-Bench-201 datasets, deterministic in the architecture string.
     */
    static void writeBenchmarkScores(SparkSession spark, Path tables, String sweepId) {
        List<Tables.ScoreRow> rows = new ArrayList<>();
        for (Row run : parquet(tables, Tables.RUNS)) {
            String arch = run.getAs(Tables.FINAL_ARCH);
            if (run.getAs(Tables.SWEEP_ID).equals(sweepId) && arch != null) {
                rows.addAll(scoreRows(sweepId, run.getAs(Tables.RUN_ID), Tables.ARCH_SOURCE_FINAL, null, arch));
            }
        }
        for (Row epoch : parquet(tables, Tables.EPOCHS)) {
            if (epoch.getAs(Tables.SWEEP_ID).equals(sweepId)) {
                rows.addAll(scoreRows(sweepId, epoch.getAs(Tables.RUN_ID), Tables.ARCH_SOURCE_EPOCH,
                        epoch.getAs(Tables.EPOCH), epoch.getAs(Tables.DERIVED_ARCH)));
            }
        }
        write(spark, Tables.BENCHMARK_SCORES_TABLE, rows, tables);
    }

    private static List<Tables.ScoreRow> scoreRows(String sweepId, String runId, String source, Integer epoch,
            String arch) {
        List<Tables.ScoreRow> rows = new ArrayList<>();
        for (String dataset : BenchmarkRecord.DATASETS) {
            for (String metric : SCORED_METRICS) {
                double value = 40 + Math.floorMod((arch + "|" + dataset + "|" + metric).hashCode(), 5000) / 100.0;
                rows.add(new Tables.ScoreRow(sweepId, runId, source, epoch, arch, "nb201", dataset, "200", metric,
                        value));
            }
        }
        return rows;
    }

    /** The NB201 table's CSV against mean and sample std computed here from the runs and benchmark_scores rows. */
    private static void checkTable(Path tables, Path out, boolean scored) throws IOException {
        Map<String, Map<String, String>> csv = csvByMethod(out.resolve("nb201_table.csv"));
        assertEquals(List.of("darts", "gaea", "rsws"), csv.keySet().stream().sorted().toList());
        Map<String, List<Row>> runsByMethod = parquet(tables, Tables.RUNS).stream()
                .collect(Collectors.groupingBy(r -> r.getAs(Tables.METHOD)));
        Map<String, Map<String, Double>> finalTestAcc = scored ? finalTestAcc(tables) : Map.of();
        for (var e : runsByMethod.entrySet()) {
            Map<String, String> row = csv.get(e.getKey());
            List<Row> ok = e.getValue().stream().filter(r -> "succeeded".equals(r.getAs(Tables.STATUS))).toList();
            assertEquals(ok.size(), Long.parseLong(row.get("seeds")), e.getKey());
            assertEquals(e.getValue().size() - ok.size(), Long.parseLong(row.get("not_succeeded")), e.getKey());
            List<Double> seconds = ok.stream().map(r -> r.<Double>getAs(Tables.SEARCH_SECONDS)).toList();
            if (!seconds.isEmpty()) {
                assertStats(seconds, row, "search_seconds", e.getKey());
            }
            for (String d : List.of(BenchmarkRecord.CIFAR10, BenchmarkRecord.CIFAR100, BenchmarkRecord.IMAGENET16)) {
                List<Double> acc = ok.stream().map(r -> finalTestAcc.getOrDefault(r.<String>getAs(Tables.RUN_ID),
                        Map.of()).get(d)).filter(v -> v != null).toList();
                assertEquals(acc.size(), row.get("test_acc_" + d + "_n").isEmpty() ? 0
                        : Long.parseLong(row.get("test_acc_" + d + "_n")), e.getKey() + " " + d);
                if (!acc.isEmpty()) {
                    assertStats(acc, row, "test_acc_" + d, e.getKey() + " " + d);
                }
            }
            assertEquals(scored && !ok.isEmpty(), !row.get("test_acc_cifar10_mean").isEmpty(), e.getKey());
        }
        assertEquals("0", csv.get("rsws").get("seeds"));
        assertEquals("", csv.get("rsws").get("search_seconds_mean"), "diverged runs are not averaged in");
    }

    /** run_id -> benchmark dataset -> test_acc of the final architecture, straight from the Parquet rows. */
    private static Map<String, Map<String, Double>> finalTestAcc(Path tables) {
        Map<String, Map<String, Double>> acc = new HashMap<>();
        for (Row r : parquet(tables, Tables.BENCHMARK_SCORES)) {
            if (r.getAs(Tables.ARCH_SOURCE).equals(Tables.ARCH_SOURCE_FINAL) && r.getAs(Tables.HP).equals("200")
                    && r.getAs(Tables.METRIC).equals(BenchmarkRecord.TEST_ACC)) {
                acc.computeIfAbsent(r.getAs(Tables.RUN_ID), k -> new HashMap<>()).put(r.getAs(Tables.DATASET),
                        r.getAs(Tables.VALUE));
            }
        }
        return acc;
    }

    /** Entropy at every epoch and the last-epoch pruning gap of gaea, recomputed from the epochs rows. */
    private static void checkCurvesAndGap(Path tables, Path out) throws IOException {
        Map<String, String> methodOf = new HashMap<>();
        parquet(tables, Tables.RUNS).stream().filter(r -> "succeeded".equals(r.getAs(Tables.STATUS)))
                .forEach(r -> methodOf.put(r.getAs(Tables.RUN_ID), r.getAs(Tables.METHOD)));
        List<Row> succeeded = parquet(tables, Tables.EPOCHS).stream().filter(r -> methodOf.containsKey(
                r.<String>getAs(Tables.RUN_ID))).toList();
        List<Row> gaea = succeeded.stream().filter(r -> methodOf.get(r.<String>getAs(Tables.RUN_ID)).equals("gaea"))
                .toList();
        int last = gaea.stream().mapToInt(r -> r.<Integer>getAs(Tables.EPOCH)).max().orElseThrow();
        List<Map<String, String>> curves = readCsv(out.resolve("entropy_curves.csv"));
        for (int epoch = 0; epoch <= last; epoch++) {
            int at = epoch;
            List<Double> entropy = gaea.stream().filter(r -> r.<Integer>getAs(Tables.EPOCH) == at)
                    .map(r -> r.<Double>getAs(Tables.MEAN_ENTROPY)).toList();
            Map<String, String> point = curves.stream().filter(c -> c.get("method").equals("gaea")
                    && c.get("epoch").equals(Integer.toString(at))).findFirst().orElseThrow();
            assertEquals(Integer.toString(entropy.size()), point.get("n"));
            assertStats(entropy, point, "", "gaea entropy epoch " + epoch);
        }
        List<Double> gaps = gaea.stream().filter(r -> r.<Integer>getAs(Tables.EPOCH) == last)
                .map(r -> 100 * (r.<Double>getAs(Tables.MIXTURE_VALID_ACC)
                        - r.<Double>getAs(Tables.DISCRETE_VALID_ACC)))
                .toList();
        Map<String, String> gap = csvByMethod(out.resolve("pruning_gap.csv")).get("gaea");
        assertEquals(Integer.toString(last), gap.get("last_epoch"));
        assertEquals(mean(gaps), Double.parseDouble(gap.get("gap_mean")), 1e-9);
        assertEquals(sampleStd(gaps), Double.parseDouble(gap.get("gap_std")), 1e-9);
        assertEquals(succeeded.size() * scoredDatasets(tables), readCsv(out.resolve("benchmark_curves.csv"))
                .stream().mapToInt(c -> Integer.parseInt(c.get("n"))).sum(), "a value per succeeded epoch and dataset");
    }

    /** The benchmark datasets benchmark_scores holds: all four synthetic ones, or the CSV's three. */
    private static int scoredDatasets(Path tables) {
        return (int) parquet(tables, Tables.BENCHMARK_SCORES).stream().map(r -> r.<String>getAs(Tables.DATASET))
                .distinct().count();
    }

    private static void checkFiles(Path tables, Path out) throws IOException {
        String md = Files.readString(out.resolve("report.md"));
        String html = Files.readString(out.resolve("report.html"));
        List<Path> pngs;
        try (Stream<Path> s = Files.list(out.resolve("plots"))) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        // entropy, one per benchmark dataset scored, pruning gap, op frequency of darts and gaea
        assertEquals(1 + scoredDatasets(tables) + 1 + 2, pngs.size(), pngs.toString());
        for (Path png : pngs) {
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png.toString());
            Path svg = Path.of(png.toString().replace(".png", ".svg"));
            String text = Files.readString(svg);
            assertTrue(text.length() > 10_000 && text.contains("<svg"), svg.toString());
            assertTrue(md.contains("(plots/" + png.getFileName() + ")"), png.toString());
        }
        assertEquals(pngs.size(), html.split("src=\"data:image/png;base64,", -1).length - 1);
        assertFalse(html.contains("src=\"plots/") || html.contains("<link") || html.contains("<script"),
                "the HTML must need no other file");
        assertTrue(md.contains("| darts | bilevel |") && html.contains("<td>gaea</td>"));
        for (String csv : List.of("nb201_table.csv", "nb201_published.csv", "entropy_curves.csv",
                "benchmark_curves.csv", "pruning_gap.csv", "final_architectures.csv", "op_frequency.csv")) {
            assertTrue(Files.size(out.resolve(csv)) > 100, csv);
        }
        String archs = Files.readString(out.resolve("final_architectures.csv"));
        parquet(tables, Tables.RUNS).forEach(r -> assertTrue(archs.contains(
                r.<String>getAs(Tables.RUN_ID)), r.toString()));
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".report.")).toList(),
                    "no temporary folders left");
        }
    }

    private static void checkPublishedRowsApart(Path out) throws IOException {
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| published: GAEA DARTS (ERM) | 94.10 | 73.43 | 46.36 |"), md);
        assertTrue(md.contains("| published: optimum | 94.37 | 73.51 | 47.31 |"), md);
        assertTrue(md.contains("NOT measured here"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<table class=\"published\">"));
        assertFalse(Files.readString(out.resolve("nb201_table.csv")).contains("published"));
        List<Map<String, String>> published = readCsv(out.resolve("nb201_published.csv"));
        assertEquals(5, published.size());
        assertTrue(published.stream().allMatch(r -> r.get("kind").equals("published")));
        // in the NAS-Bench-201 section the measured rows come first, the published table after them
        String section = md.substring(md.indexOf("## NAS-Bench-201 table"), md.indexOf("## Entropy"));
        int measured = section.indexOf("| darts | bilevel |");
        int reference = section.indexOf("| Published result |");
        assertTrue(measured > 0 && reference > measured && section.indexOf("| bilevel |", reference) < 0, section);
    }

    private static void assertStats(List<Double> values, Map<String, String> row, String prefix, String what) {
        String p = prefix.isEmpty() ? "" : prefix + "_";
        assertEquals(mean(values), Double.parseDouble(row.get(p + "mean")), 1e-9, what + " mean");
        if (values.size() > 1) {
            assertEquals(sampleStd(values), Double.parseDouble(row.get(p + "std")), 1e-9, what + " std");
        }
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
    }

    private static double sampleStd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }

    /** A table's rows, read once per test (the checks look at them several times; they do not change). */
    private static List<Row> parquet(Path tables, String table) {
        return READ.computeIfAbsent(tables.resolve(table).toString(),
                dir -> SparkTestSession.get().read().parquet(dir).collectAsList());
    }

    private static Map<String, Map<String, String>> csvByMethod(Path file) throws IOException {
        return readCsv(file).stream().collect(Collectors.toMap(r -> r.get("method"), r -> r));
    }

    /** A CSV without quoted fields (the tables read here have none) as maps by column name. */
    private static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
