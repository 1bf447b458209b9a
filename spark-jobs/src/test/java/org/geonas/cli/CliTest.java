package org.geonas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.geonas.benchmark.SharedBenchmark;
import org.geonas.core.run.ExitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: help, a tiny real search, and one clear line plus exit 2 for each kind of bad input. */
class CliTest {

    private static final String ARCH11 =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|";

    @TempDir
    Path tmp;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = GeoNas.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private String[] search(String... extra) {
        List<String> args = new ArrayList<>(List.of("search", "--out", tmp.resolve("out").toString(), "--threads", "2"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Exit 2, one line that contains {@code expected}, and no output written. */
    private void assertRejected(Outcome o, String expected) {
        assertEquals(ExitStatus.BAD_INPUT.code(), o.code(), o.err());
        String line = o.err().strip();
        assertFalse(line.contains("\n"), "one line expected: " + line);
        assertTrue(line.startsWith("error: ") && line.contains(expected), line);
        assertFalse(Files.exists(tmp.resolve("out/result.json")));
        assertFalse(Files.exists(tmp.resolve("out/checkpoints")));
    }

    @Test
    void helpExplainsEveryOption() {
        Outcome o = run("search", "--help");
        assertEquals(0, o.code());
        for (String option : List.of("--method", "--mode", "--dataset", "--data-dir", "--epochs", "--channels", "--cells",
                "--batch", "--image-size", "--train-limit", "--seed", "--out", "--resume", "--spec")) {
            assertTrue(o.out().contains(option), option);
        }
        assertTrue(run("--help").out().contains("bench"));
    }

    @Test
    void tinySyntheticSearchSucceeds() {
        Outcome o = run(search("--method", "gaea", "--dataset", "synthetic", "--epochs", "1", "--channels", "4",
                "--cells", "1", "--batch", "16", "--image-size", "8", "--train-limit", "64"));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("status=succeeded final_arch=|"), o.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out/result.json")));
    }

    @Test
    void scoreRejectsMissingTablesAndBenchmarkInOneLineBeforeSpark() throws IOException {
        Outcome noTables = run("score", "--tables", tmp.resolve("none").toString(), "--benchmark", "b");
        assertEquals(2, noTables.code(), noTables.err());
        assertTrue(noTables.err().startsWith("error: ") && noTables.err().strip().lines().count() == 1
                && noTables.err().contains("no such folder"), noTables.err());
        Path tables = tmp.resolve("out/tables/runs/sweep_id=s");
        Files.createDirectories(tables);
        Outcome noBenchmark = run("score", "--tables", tmp.resolve("out/tables").toString(), "--benchmark",
                tmp.resolve("nats_bench.csv").toString());
        assertEquals(2, noBenchmark.code(), noBenchmark.err());
        assertTrue(noBenchmark.err().contains("geonas import-benchmark") && noBenchmark.err().strip().lines().count() == 1,
                noBenchmark.err());
    }

    @Test
    void specFileWithOptionsLaidOver() throws IOException {
        Path spec = tmp.resolve("run.yaml");
        Files.writeString(spec, "method: darts\ndataset: synthetic\nepochs: 5\nchannels: 4\ncells: 1\nbatch: 16\n"
                + "image_size: 8\ntrain_limit: 64\n");
        Outcome o = run(search("--spec", spec.toString(), "--epochs", "1", "--method", "gaea"));
        assertEquals(0, o.code(), o.err());
        String json = Files.readString(tmp.resolve("out/result.json"));
        assertTrue(json.contains("\"method\" : \"gaea\"") && json.contains("\"arch_lr\" : 0.1"), json);
    }

    @Test
    void doctorProbesEveryCapForARunSpecAndSaysWhichRunsUse() throws IOException {
        Path spec = tmp.resolve("tiny.yaml");
        Files.writeString(spec, "method: gaea\ndataset: synthetic\nepochs: 1\nchannels: 4\ncells: 1\nbatch: 16\n"
                + "image_size: 8\n");
        Outcome o = run("doctor", "--spec", spec.toString(), "--threads", "1");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().startsWith("CPU: "), o.out());
        assertTrue(o.out().contains("nb201 C=4 N=1 K=1 10 classes 3x8x8"), o.out());
        for (org.geonas.core.engine.Isa cap : org.geonas.core.engine.Isa.ladder(
                org.geonas.core.engine.CpuInfo.current())) {
            assertTrue(o.out().lines().anyMatch(l -> l.startsWith("  " + cap.envValue() + " ")), cap + ": " + o.out());
        }
        // the per-op table of the cap runs use, with the convolutions' input gradients, and advice
        assertTrue(o.out().matches("(?s).*every op under \\S+ .*conv2d k3 s1 p1 d1 g1 +\\d.*"), o.out());
        assertTrue(o.out().contains("  runs use "), o.out());
        assertRejected(run("doctor", "--set", "nosuch", "--shapes", spec.toString()), "tiny.yaml");
    }

    @Test
    void missingDataDirectory() {
        assertRejected(run(search("--method", "gaea", "--dataset", "cifar10", "--data-dir",
                tmp.resolve("nowhere").toString(), "--epochs", "1")), "nowhere");
    }

    @Test
    void truncatedCifarFile() throws IOException {
        Path dir = cifar10Files(tmp.resolve("cifar"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data_batch_3.bin").toFile(), "rw")) {
            f.setLength(3073L * 10000 - 100);
        }
        assertRejected(run(search("--method", "gaea", "--dataset", "cifar10", "--data-dir", dir.toString(),
                "--epochs", "1")), "data_batch_3.bin");
    }

    @Test
    void wrongSizeCifarFile() throws IOException {
        Path dir = cifar10Files(tmp.resolve("cifar"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("test_batch.bin").toFile(), "rw")) {
            f.setLength(3073L * 9000);
        }
        assertRejected(run(search("--method", "gaea", "--dataset", "cifar10", "--data-dir", dir.toString(),
                "--epochs", "1")), "test_batch.bin");
    }

    @Test
    void badIdxMagicNumber() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fm"));
        idx(dir.resolve("train-images-idx3-ubyte"), 0x0803 + 1, 4, 28, 28);
        idx(dir.resolve("train-labels-idx1-ubyte"), 0x0801, 4, -1, -1);
        idx(dir.resolve("t10k-images-idx3-ubyte"), 0x0803, 4, 28, 28);
        idx(dir.resolve("t10k-labels-idx1-ubyte"), 0x0801, 4, -1, -1);
        assertRejected(run(search("--method", "gaea", "--dataset", "fashion-mnist", "--data-dir", dir.toString(),
                "--epochs", "1")), "train-images-idx3-ubyte");
    }

    @Test
    void unknownMethodModeAndDataset() {
        assertRejected(run(search("--method", "adam", "--dataset", "synthetic", "--epochs", "1")), "unknown method 'adam'");
        assertRejected(run(search("--method", "gaea", "--mode", "both", "--dataset", "synthetic", "--epochs", "1")),
                "unknown mode 'both'");
        assertRejected(run(search("--method", "gaea", "--dataset", "mnist", "--epochs", "1")), "mnist");
    }

    @Test
    void nonPositiveEpochsOrBatch() {
        assertRejected(run(search("--method", "gaea", "--dataset", "synthetic", "--epochs", "0")), "epochs");
        assertRejected(run(search("--method", "gaea", "--dataset", "synthetic", "--epochs", "1", "--batch", "0")), "batch");
        assertRejected(run(search("--method", "gaea", "--dataset", "synthetic", "--epochs", "-3")), "epochs");
    }

    @Test
    void architectureStrings() {
        Outcome ok = run("arch", "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("normal 2<-1 avg_pool_3x3"), ok.out());
        assertRejected(run("arch", "|conv_7x7~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|"),
                "unknown op 'conv_7x7'");
        assertRejected(run("arch", "|nor_conv_3x3~0|+|nor_conv_3x3~0|"), "malformed NAS-Bench-201 architecture");
        Outcome darts = run("arch", "--space", "darts", org.geonas.core.space.DartsGenotype.DARTS_V2_TEXT);
        assertEquals(0, darts.code(), darts.err());
        assertTrue(darts.out().contains("reduce 2<-0 max_pool_3x3") && darts.out().contains("eval_params 3349342"),
                darts.out());
    }

    @Test
    void badSweepFileIsRejectedBeforeSparkStarts() throws IOException {
        Path spec = tmp.resolve("sweep.yaml");
        Files.writeString(spec, "name: s\noutput: " + tmp.resolve("out") + "\ngrid:\n  method: [gaea]\n"
                + "  dataset: [synthetic]\ntraining:\n  epochs: 1\n  learning_rate: 3\n");
        assertRejected(run("sweep", spec.toString()), "unknown key 'learning_rate'");
        Files.writeString(spec, "name: s\noutput: " + tmp.resolve("out") + "\ndata:\n  cifar10: "
                + tmp.resolve("none") + "\ngrid:\n  method: [gaea]\n  dataset: [cifar10]\ntraining:\n  epochs: 1\n");
        assertRejected(run("sweep", spec.toString()), "none");
    }

    @Test
    void lookupPrintsTheBenchmarkScores() {
        Path csv = SharedBenchmark.sliceCsv(); // some rows of the CSV, with an Index column
        Outcome o = run("lookup", "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|"
                + "skip_connect~2|", "--benchmark", csv.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("index 1835") && o.out().matches("(?s).*\\ncifar10 +54\\.2967\\n.*")
                && o.out().matches("(?s).*\\nImageNet16-120 +16\\.3222\\n.*"), o.out());
        assertRejected(run("lookup", "|skip_connect~0|", "--benchmark", csv.toString()), "malformed");
        assertRejected(run("lookup", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "--benchmark",
                tmp.resolve("missing.csv").toString()), "missing.csv");
        // index 2, not in the slice
        assertRejected(run("lookup", "|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|"
                + "avg_pool_3x3~2|", "--benchmark", csv.toString()), "no entry for");
    }

    @Test
    void importTheWholeBenchmarkThenLookupInTheTable() {
        Path csv = SharedBenchmark.csv(); // skips without ../shared
        Path table = tmp.resolve("bench");
        Outcome imported = run("import-benchmark", "--from", csv.toString(), "--out", table.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("15625 architectures, 46875 rows"), imported.out());
        Outcome fromTable = run("lookup", ARCH11, "--benchmark", table.toString());
        assertEquals(0, fromTable.code(), fromTable.err());
        assertTrue(fromTable.out().contains("index 11") && fromTable.out().matches("(?s).*\\ncifar100 +67\\.6067\\n.*"),
                fromTable.out());
    }

    @Test
    void importBenchmarkThenLookupInTheTableAndTheOfficialFiles() {
        Path csv = SharedBenchmark.sliceCsv();
        Path official = SharedBenchmark.officialSamples();
        Path table = tmp.resolve("bench");
        assertRejected(run("import-benchmark", "--from", csv.toString(), "--out", table.toString()), "--allow-partial");
        assertFalse(Files.exists(table));
        Outcome imported = run("import-benchmark", "--from", csv.toString(), "--out", table.toString(),
                "--allow-partial");
        assertEquals(0, imported.code(), imported.err());
        int n = org.geonas.core.bench.Nb201Table.fromCsv(csv, true).size();
        assertTrue(imported.out().contains(n + " architectures, " + 3 * n + " rows"), imported.out());
        assertRejected(run("import-benchmark", "--from", csv.toString(), "--out", table.toString(), "--allow-partial"),
                "--overwrite");
        assertRejected(run("import-benchmark", "--from", tmp.resolve("none.csv").toString(), "--out",
                tmp.resolve("x").toString()), "none.csv");

        Outcome fromTable = run("lookup", ARCH11, "--benchmark", table.toString());
        assertEquals(0, fromTable.code(), fromTable.err());
        assertTrue(fromTable.out().contains("index 11") && fromTable.out().matches("(?s).*\\ncifar100 +67\\.6067\\n.*"),
                fromTable.out());
        Outcome fromFiles = run("lookup", ARCH11, "--benchmark", official.toString());
        assertEquals(0, fromFiles.code(), fromFiles.err());
        assertTrue(fromFiles.out().matches("(?s).*\\ncifar10 +91\\.5833 .*")
                && fromFiles.out().contains("cifar10-valid") && fromFiles.out().contains("valid_acc"), fromFiles.out());
        Outcome twelve = run("lookup", ARCH11, "--benchmark", official.toString(), "--hp", "12", "--seed", "111");
        assertEquals(0, twelve.code(), twelve.err());
        assertTrue(twelve.out().contains("12 training epochs, seed 111") && twelve.out().contains("ImageNet16-120"),
                twelve.out());
        assertRejected(run("lookup", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "--benchmark",
                official.toString()), ".pickle.pbz2");
    }

    /** The six standard CIFAR-10 files at full size, sparse (so they cost no disk). */
    private static Path cifar10Files(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>(List.of("test_batch.bin"));
        for (int i = 1; i <= 5; i++) {
            names.add("data_batch_" + i + ".bin");
        }
        for (String name : names) {
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
                f.setLength(3073L * 10000);
            }
        }
        return dir;
    }

    private static void idx(Path file, int magic, int count, int rows, int cols) throws IOException {
        int header = rows > 0 ? 16 : 8;
        int body = rows > 0 ? count * rows * cols : count;
        ByteBuffer b = ByteBuffer.allocate(header + body);
        b.putInt(magic).putInt(count);
        if (rows > 0) {
            b.putInt(rows).putInt(cols);
        }
        Files.write(file, b.array());
    }
}
