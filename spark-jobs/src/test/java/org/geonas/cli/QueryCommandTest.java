package org.geonas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.run.Provenance;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.RunStatus;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;
import org.geonas.spark.SparkTestSession;
import org.geonas.tables.Table;
import org.geonas.tables.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code geonas query} over small tables written with the {@link Tables} schemas: exact text
 * and CSV output, the views present, and one line plus the exit code for each kind of mistake.
 */
class QueryCommandTest {

    private static final String ARCH_A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|"
            + "nor_conv_3x3~1|skip_connect~2|";
    private static final String ARCH_B = "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|"
            + "skip_connect~1|skip_connect~2|";

    @TempDir
    static Path tmp;

    private static Path tables;
    private static Path scored;

    private record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void writeTables() {
        SparkSession spark = SparkTestSession.get();
        tables = tmp.resolve("plain/tables");
        writeRunsAndEpochs(spark, tables);
        scored = tmp.resolve("scored/tables");
        writeRunsAndEpochs(spark, scored);
        write(spark, Tables.BENCHMARK_SCORES_TABLE, scored, List.of(
                score("r1", "cifar10", 94.25), score("r1", "cifar100", 72.5), score("r2", "cifar10", 54.2967)));
    }

    private static void writeRunsAndEpochs(SparkSession spark, Path dir) {
        List<RunResult> runs = List.of(
                run("r1", "gaea", 0, RunStatus.SUCCEEDED, null, ARCH_A, 10.0, 1.5, 1.0),
                run("r2", "gaea", 1, RunStatus.SUCCEEDED, null, ARCH_B, 12.5, 1.4, 0.8),
                run("r3", "darts", 0, RunStatus.FAILED, "boom, \"twice\"\nat line 2", null, 5.0, 1.6094379124341003));
        write(spark, Tables.RUNS_TABLE, dir, runs.stream().map(r -> new Tables.RunRow("t", r)).toList());
        write(spark, Tables.EPOCHS_TABLE, dir, runs.stream().flatMap(r -> r.epochs().stream()
                .map(m -> new Tables.EpochRow("t", r.runId(), m))).toList());
    }

    /** A run whose epochs had these mean entropies. */
    private static RunResult run(String id, String method, long seed, RunStatus status, String error, String arch,
            double seconds, double... entropies) {
        Provenance provenance = new Provenance("0.1.0", "abc123", "17", "Linux", "0.36.0", "PyTorch", "2.7.1", "host",
                "2026-01-01T00:00:00Z", "AuthenticAMD EPYC", "engine check passed");
        List<EpochMetrics> epochs = new java.util.ArrayList<>();
        for (int e = 0; e < entropies.length; e++) {
            epochs.add(new EpochMetrics(e, 0.025, 1.0, 0.5, 1.1, 0.4, 0.4, 0.3, entropies[e], ARCH_A, 2.0,
                    java.util.Map.of()));
        }
        RunSpec spec = RunSpec.of(method, "synthetic", null, 2).with(SearchSettings.SEED, seed);
        return new RunResult(id, spec, status, error, null, arch, java.util.Map.of(), epochs, seconds, "cpu", 1000L,
                provenance);
    }

    private static Tables.ScoreRow score(String id, String dataset, double value) {
        return new Tables.ScoreRow("t", id, Tables.ARCH_SOURCE_FINAL, null, ARCH_A, "nb201", dataset, "200",
                "test_acc", value);
    }

    /** Rows written as the sweep writes them: from their sources, through the table's declared columns. */
    private static <R> void write(SparkSession spark, Table<R> table, Path dir, List<R> sources) {
        spark.createDataFrame(table.rows(sources), table.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .partitionBy(Tables.SWEEP_ID).parquet(dir.resolve(table.name()).toString());
    }

    private static Outcome query(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = GeoNas.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new java.util.ArrayList<>(List.of("query"));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Outcome o, int code, String expected) {
        assertEquals(code, o.code(), o.err());
        String line = o.err().strip();
        assertFalse(line.contains("\n"), "one line expected: " + line);
        assertTrue(line.startsWith("error: ") && line.contains(expected), line);
        assertEquals("", o.out());
    }

    @Test
    void alignedTableWithNumbersOnTheRight() {
        Outcome o = query("SELECT method, count(*) AS runs, avg(search_seconds) AS mean_s, min(error) AS error "
                + "FROM runs GROUP BY method ORDER BY method", "--tables", tables.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(String.join("\n",
                "method  runs   mean_s  error",
                "------  ----  -------  ------------------------",
                "darts      1   5.0000  boom, \"twice\"\\nat line 2",
                "gaea       2  11.2500  NULL",
                "(2 rows)", ""), o.out());
        assertEquals("", o.err());
    }

    @Test
    void tableDoublesGetOnePrecisionPerColumnAndStructsReadAsJson() {
        Outcome o = query("SELECT e.epoch, e.mean_entropy, r.provenance.git_sha AS sha, r.provenance FROM epochs e "
                + "JOIN runs r USING (sweep_id, run_id) WHERE run_id = 'r3'", "--tables", tables.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals("epoch  mean_entropy  sha     provenance", lines.get(0));
        assertTrue(lines.get(2).startsWith("    0       1.60944  abc123  {\"code_version\":\"0.1.0\","
                + "\"git_sha\":\"abc123\","), lines.get(2));
        assertEquals("(1 row)", lines.get(3));
    }

    @Test
    void csvWithQuotingNullsAndFullPrecision() {
        Outcome o = query("SELECT run_id, method, seed, error, final_arch, mean_entropy, provenance.host AS host "
                + "FROM runs JOIN epochs USING (sweep_id, run_id) WHERE epoch = 0 ORDER BY run_id", "--tables",
                tables.toString(), "--format", "csv");
        assertEquals(0, o.code(), o.err());
        assertEquals(String.join("\n",
                "run_id,method,seed,error,final_arch,mean_entropy,host",
                "r1,gaea,0,," + ARCH_A + ",1.5,host",
                "r2,gaea,1,," + ARCH_B + ",1.4,host",
                "r3,darts,0,\"boom, \"\"twice\"\"\nat line 2\",,1.6094379124341003,host", ""), o.out());
        assertEquals("", o.err(), "stdout holds the CSV, stderr nothing");
    }

    @Test
    void csvOfANestedValueIsOneJsonField() {
        Outcome o = query("SELECT provenance, array(seed, seed + 1) AS seeds FROM runs WHERE run_id = 'r2'",
                "--tables", tables.toString(), "--format", "csv");
        assertEquals(0, o.code(), o.err());
        String json = "{\"code_version\":\"0.1.0\",\"git_sha\":\"abc123\",\"jdk\":\"17\",\"os\":\"Linux\","
                + "\"djl_version\":\"0.36.0\",\"engine\":\"PyTorch\",\"engine_version\":\"2.7.1\",\"host\":\"host\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"cpu\":\"AuthenticAMD EPYC\","
                + "\"engine_check\":\"engine check passed\"}";
        // one quoted field, its quotes doubled
        assertEquals("provenance,seeds\n\"" + json.replace("\"", "\"\"") + "\",\"[1,2]\"\n", o.out());
    }

    @Test
    void maxRowsCutsTheOutputAndSaysSoOnStderr() {
        Outcome o = query("SELECT run_id FROM epochs ORDER BY run_id, epoch", "--tables", tables.toString(),
                "--format", "csv", "--max-rows", "2");
        assertEquals(0, o.code(), o.err());
        assertEquals("run_id\nr1\nr1\n", o.out());
        assertTrue(o.err().contains("only the first 2 rows"), o.err());
        Outcome all = query("SELECT run_id FROM epochs", "--tables", tables.toString(), "--max-rows", "5");
        assertEquals("", all.err());
        assertTrue(all.out().endsWith("(5 rows)\n"), all.out());
    }

    @Test
    void benchmarkScoresIsAViewWhereTheSweepHasIt() {
        Outcome o = query("SELECT r.method, s.dataset, s.value FROM benchmark_scores s JOIN runs r USING (sweep_id, "
                + "run_id) WHERE s.arch_source = 'final' AND s.hp = '200' AND s.metric = 'test_acc' "
                + "ORDER BY r.run_id, s.dataset", "--tables", scored.toString(), "--format", "csv");
        assertEquals(0, o.code(), o.err());
        assertEquals("method,dataset,value\ngaea,cifar10,94.25\ngaea,cifar100,72.5\ngaea,cifar10,54.2967\n", o.out());
        assertOneLineError(query("SELECT * FROM benchmark_scores", "--tables", tables.toString()), 2,
                "`benchmark_scores` cannot be found");
    }

    @Test
    void evaluationsIsAViewWithNoRowsForSweepsWithoutAnEvaluationStage() {
        Outcome o = query("SELECT run_id, seed, genotype, final_test_error, params FROM evaluations", "--tables",
                tables.toString(), "--format", "csv");
        assertEquals(0, o.code(), o.err());
        assertEquals("run_id,seed,genotype,final_test_error,params\n", o.out());
        Outcome joined = query("SELECT r.method, count(e.train_id) AS trainings FROM runs r LEFT JOIN evaluations e "
                + "USING (sweep_id, run_id) GROUP BY r.method ORDER BY r.method", "--tables", tables.toString(),
                "--format", "csv");
        assertEquals("method,trainings\ndarts,0\ngaea,0\n", joined.out(), joined.err());
    }

    @Test
    void badSqlAndUnknownColumnsAreOneLineAndExitTwo() {
        assertOneLineError(query("SELEC * FROM runs", "--tables", tables.toString()), 2, "PARSE_SYNTAX_ERROR");
        assertOneLineError(query("SELECT no_such_column FROM runs", "--tables", tables.toString()), 2,
                "`no_such_column`");
        assertOneLineError(query("SELECT * FROM no_such_table", "--tables", tables.toString()), 2, "`no_such_table`");
    }

    @Test
    void aQueryFailingWhileRunningExitsOne() {
        assertOneLineError(query("SELECT CAST(method AS INT) FROM runs", "--tables", tables.toString()), 1,
                "the query failed while running");
    }

    @Test
    void missingOrEmptyTablesFolderIsNamed() throws IOException {
        Path missing = tmp.resolve("nowhere/tables");
        assertOneLineError(query("SELECT 1", "--tables", missing.toString()), 2, missing + ": no such tables folder");
        Path empty = Files.createDirectories(tmp.resolve("empty/tables"));
        assertOneLineError(query("SELECT 1", "--tables", empty.toString()), 2, empty + ": no runs table here");
    }

    @Test
    void badOptionsAreRejected() {
        Outcome format = query("SELECT 1", "--tables", tables.toString(), "--format", "json");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown format 'json'; use table or csv"), format.err());
        assertOneLineError(query("SELECT 1", "--tables", tables.toString(), "--max-rows", "0"), 2, "--max-rows");
        assertTrue(query("--help").out().contains("--format"));
    }
}
