package org.geonas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.geonas.benchmark.BenchmarkImport;
import org.geonas.benchmark.SharedBenchmark;
import org.geonas.core.bench.Nb201Scores;
import org.geonas.core.bench.Nb201Table;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunStatus;
import org.geonas.core.space.Nb201Architecture;
import org.geonas.spark.SparkTestSession;
import org.geonas.sweep.SweepJob;
import org.geonas.sweep.SweepJobTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis notebooks executed headless, as CI runs them: a tiny sweep (synthetic data, 2
 * seeds x 2 methods, 2 epochs, C=4) in this JVM, then each notebook under notebooks/ through
 * {@code jupyter nbconvert --execute}, reading the sweep's tables through the project's
 * {@code ./geonas query}. The sweep re-submitted on a copy of its output with the benchmark
 * (the whole CSV where ../shared has it, else the slice of the test resources, imported)
 * configured adds {@code benchmark_scores}, so both ways through nb201_table.ipynb run. Skips
 * where jupyter is not installed.
 */
class NotebooksIT {

    private static final Pattern TABLE_SIZES = Pattern.compile("(?m)^(\\w+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    @TempDir
    static Path tmp;

    private static Path project;
    private static Path plainTables;
    private static Path scoredTables;
    private static List<RunResult> results;
    /** Per method, the CIFAR-10 test accuracies of its runs' final architectures. */
    private static final Map<String, List<Double>> CIFAR10 = new LinkedHashMap<>();

    private record Executed(String text, int images) {
    }

    @BeforeAll
    static void tinySweep() throws IOException {
        String missing = jupyterMissing();
        if (missing != null) {
            System.out.println("NotebooksIT skipped: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        project = Path.of(System.getProperty("geonas.project.dir"));
        launcherIsCurrent(project);
        Path output = tmp.resolve("sweep");
        results = new SweepJob(SweepJobTest.tinySweep("notebooks", output, List.of(1L, 2L)), System.out)
                .run(SparkTestSession.get()).runs();
        assertTrue(results.stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED), results.toString());
        plainTables = output.resolve("tables");
        Path scored = copy(output, tmp.resolve("scored"));
        scoredTables = scored.resolve("tables");
        scoreWithTheBenchmark(SharedBenchmark.csvOrSlice(), scored);
    }

    @Test
    void everyNotebookRunsAndShowsItsTables() throws Exception {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(project.resolve("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.stream().map(p -> p.getFileName().toString()).toList()
                .containsAll(List.of("nb201_table.ipynb", "tables.ipynb")), notebooks.toString());
        for (Path nb : notebooks) {
            Executed run = execute(nb, scoredTables, "all");
            String name = nb.getFileName().toString();
            if (name.equals("tables.ipynb")) {
                checkTableSizes(run.text());
            } else if (name.equals("nb201_table.ipynb")) {
                checkNb201Table(run, !CIFAR10.isEmpty());
            }
        }
    }

    @Test
    void nb201TableWithoutBenchmarkScoresStillShowsSeedsAndTimes() throws Exception {
        Executed run = execute(project.resolve("notebooks/nb201_table.ipynb"), plainTables, "plain");
        assertTrue(run.text().contains("no benchmark_scores table (the sweep had no benchmark configured)"),
                run.text());
        checkNb201Table(run, false);
    }

    private static void checkTableSizes(String text) {
        Map<String, List<Integer>> sizes = new LinkedHashMap<>();
        var m = TABLE_SIZES.matcher(text);
        while (m.find()) {
            sizes.put(m.group(1), List.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4))));
        }
        // rows, sweeps, runs: 4 runs of 2 epochs, 6 edges x 5 ops each
        assertEquals(List.of(4, 1, 4), sizes.get("runs"), text);
        assertEquals(List.of(8, 1, 4), sizes.get("epochs"), text);
        assertEquals(List.of(240, 1, 4), sizes.get("arch_weights"), text);
        if (!CIFAR10.isEmpty()) {
            // final and per-epoch architectures (1 + 2) x 3 datasets, per run
            assertEquals(List.of(36, 1, 4), sizes.get("benchmark_scores"), text);
        }
    }

    /** The printed table has a row per method with its seeds and search time, and the accuracies where scored. */
    private static void checkNb201Table(Executed run, boolean scored) {
        // from the header line (with "seeds") to the end of the printout: the index names, a row per method
        String table = run.text().lines().dropWhile(l -> !l.contains("seeds")).takeWhile(l -> !l.isBlank())
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(table.contains("search_s") && table.contains("searched_on"), run.text());
        System.out.println("NotebooksIT: nb201_table.ipynb printed\n" + table);
        for (String method : List.of("darts", "gaea")) {
            assertTrue(Pattern.compile("(?m)^.*\\b" + method + "\\s+bilevel\\b.*\\s2\\s+0\\s+\\d+\\.\\d\\s*$")
                    .matcher(table).find(), method + " row with 2 seeds, 0 failed:\n" + table);
        }
        assertEquals(scored, table.contains("CIFAR-10"), table);
        if (scored) {
            for (List<Double> accuracies : CIFAR10.values()) {
                assertTrue(table.contains(meanStd(accuracies)), meanStd(accuracies) + " expected in\n" + table);
            }
        }
        assertTrue(run.images() >= 1, "the entropy plot (image/png) is missing");
    }

    /** What the notebook prints: the mean and sample standard deviation, correctly rounded to 2 decimals. */
    private static String meanStd(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        String m = new BigDecimal(mean).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        if (values.size() == 1) {
            return m;
        }
        double std = Math.sqrt(squares / (values.size() - 1));
        return m + " ± " + new BigDecimal(std).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * The same sweep re-submitted on a copy of its output with the benchmark configured: nothing is
     * trained again, and the sweep writes benchmark_scores as it does for users.
     */
    private static void scoreWithTheBenchmark(Path csv, Path output) {
        Path table = tmp.resolve("nb201-benchmark");
        new BenchmarkImport(System.out).run(SparkTestSession.get(), csv, table.toString(), false, true);
        new SweepJob(SweepJobTest.tinySweep("notebooks", output, List.of(1L, 2L)).withBenchmark(table.toString()),
                System.out).run(SparkTestSession.get());
        Nb201Table bench = Nb201Table.fromCsv(csv, true);
        for (RunResult r : results) {
            Nb201Scores s = bench.require(Nb201Architecture.parse(r.finalArch()));
            CIFAR10.computeIfAbsent(r.spec().get(org.geonas.core.search.SearchSettings.METHOD).id(), k -> new ArrayList<>()).add(s.cifar10());
        }
    }

    /** Runs a notebook with nbconvert, as CI does; returns the executed notebook and its outputs. */
    private static Executed execute(Path notebook, Path tables, String label) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("executed-" + label));
        Path log = out.resolve(notebook.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--output-dir", out.toString(), notebook.toString())
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("GEONAS_TABLES", tables.toString());
        pb.environment().put("GEONAS_LAUNCHER", project.resolve("geonas").toString());
        pb.environment().put("GEONAS_FIGURES", out.resolve("figures").toString());
        // the kernel's debugger warns about frozen modules on every start
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(15, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(finished, notebook + " did not finish in 15 minutes:\n" + output);
        assertEquals(0, p.exitValue(), notebook + " failed:\n" + output);
        System.out.printf(Locale.ROOT, "NotebooksIT: %s (%s tables) executed in %.1f s%n", notebook.getFileName(),
                label, seconds);
        JsonNode executed = new ObjectMapper().readTree(out.resolve(notebook.getFileName()).toFile());
        StringBuilder text = new StringBuilder();
        int images = 0;
        for (JsonNode cell : executed.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                assertFalse(o.path("output_type").asText().equals("error"), notebook + ": " + o);
                text.append(joined(o.path("text"))).append(joined(o.path("data").path("text/plain"))).append('\n');
                images += o.path("data").has("image/png") ? 1 : 0;
            }
        }
        if (notebook.getFileName().toString().equals("nb201_table.ipynb")) {
            assertTrue(Files.isRegularFile(out.resolve("figures/nb201_entropy.png")), "the saved entropy plot");
        }
        return new Executed(text.toString(), images);
    }

    /** A notebook's multi-line text: a string or a list of lines. */
    private static String joined(JsonNode text) {
        if (text.isArray()) {
            StringBuilder b = new StringBuilder();
            text.forEach(line -> b.append(line.asText()));
            return b.toString();
        }
        return text.isMissingNode() ? "" : text.asText();
    }

    /** The launcher the notebooks call runs this build's classes (packaged before the integration tests). */
    private static void launcherIsCurrent(Path project) {
        Path stamp = project.resolve("spark-jobs/target/classpath.txt");
        assertTrue(Files.isRegularFile(stamp), "no " + stamp + ": run the integration tests with mvn verify");
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    /** Null where {@code jupyter nbconvert} runs here, else why not. */
    private static String jupyterMissing() {
        try {
            Process p = new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? null : "jupyter nbconvert is not installed (.ci/run installs it with apt-get)";
        } catch (IOException e) {
            return "no jupyter on the PATH (.ci/run installs jupyter-nbconvert with apt-get)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
