package org.geonas.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.bench.BenchmarkTable;
import org.geonas.core.bench.Nb201Table;
import org.geonas.core.space.Nb201Architecture;
import org.geonas.spark.SparkTestSession;
import org.geonas.tables.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing the benchmark into Parquet: the CSV's reference values survive the round trip (the
 * whole CSV where ../shared has it, the slice of the test resources always), the official files
 * agree with the CSV, lookups through the API are fast, and a failed import leaves nothing behind.
 */
class BenchmarkImportTest {

    private static final String ALL_SKIP =
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";

    @TempDir
    Path tmp;

    private BenchmarkManifest importInto(Path from, Path to, boolean allowPartial) {
        return new BenchmarkImport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(SparkTestSession.get(), from, to.toString(), false, allowPartial);
    }

    @Test
    void csvImportKeepsTheReferenceValuesAndLooksUpFast() {
        SparkSession spark = SparkTestSession.get();
        Path table = tmp.resolve("nb201");
        long start = System.nanoTime();
        BenchmarkManifest m = importInto(SharedBenchmark.csv(), table, false);
        System.out.printf("CSV import: %d rows in %.1f s, %d KB of Parquet%n", m.rows(), (System.nanoTime() - start) / 1e9,
                sizeOf(table) / 1024);
        assertEquals(15_625, m.architectures());
        assertTrue(m.complete());
        assertEquals(3L * 15_625, m.rows());
        assertEquals("nats_bench.csv", m.name());

        Dataset<Row> rows = spark.read().parquet(table.toString());
        assertBest(rows, BenchmarkRecord.CIFAR10, 94.3733, 6111);
        assertBest(rows, BenchmarkRecord.CIFAR100, 73.5133, 9930);
        assertBest(rows, BenchmarkRecord.IMAGENET16, 47.3111, 857);

        BenchmarkTable loaded = ImportedBenchmark.load(spark, table.toString());
        Nb201Architecture allSkip = Nb201Architecture.parse(ALL_SKIP);
        assertEquals(1835, loaded.index(allSkip).getAsInt());
        assertEquals(54.2967, value(loaded, allSkip, BenchmarkRecord.CIFAR10), 1e-4);
        assertEquals(15.6067, value(loaded, allSkip, BenchmarkRecord.CIFAR100), 1e-4);
        assertEquals(16.3222, value(loaded, allSkip, BenchmarkRecord.IMAGENET16), 1e-4);

        SplittableRandom random = new SplittableRandom(7);
        Nb201Architecture[] archs = new Nb201Architecture[10_000];
        for (int i = 0; i < archs.length; i++) {
            archs[i] = new Nb201Architecture(random.ints(6, 0, 5).toArray());
        }
        long t0 = System.nanoTime();
        double sum = 0;
        for (Nb201Architecture a : archs) {
            sum += value(loaded, a, BenchmarkRecord.CIFAR10);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("10,000 random lookups of the imported table: %.1f ms (mean CIFAR-10 test acc %.2f)%n", ms,
                sum / archs.length);
        assertTrue(sum / archs.length > 10 && sum / archs.length < 94.38);
    }

    @Test
    void sliceImportKeepsTheFiguresOfItsRows() {
        SparkSession spark = SparkTestSession.get();
        Path slice = SharedBenchmark.sliceCsv();
        Nb201Table rows = Nb201Table.fromCsv(slice, true);
        int n = rows.size();
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> importInto(slice, tmp.resolve("whole"), false));
        assertTrue(partial.getMessage().startsWith(slice.toString()) && partial.getMessage().contains(n + " of 15625")
                && partial.getMessage().contains("--allow-partial") && !partial.getMessage().contains("\n"),
                partial.getMessage());
        assertFalse(Files.exists(tmp.resolve("whole")));

        Path table = tmp.resolve("nb201-slice");
        BenchmarkManifest m = importInto(slice, table, true);
        assertEquals(n, m.architectures());
        assertFalse(m.complete());
        assertEquals(3L * n, m.rows());
        assertEquals("nats_bench_slice.csv", m.name());
        assertEquals(BenchmarkSource.CSV, m.format());

        Dataset<Row> parquet = spark.read().parquet(table.toString());
        // the slice holds the best cell of each dataset
        assertBest(parquet, BenchmarkRecord.CIFAR10, 94.3733, 6111);
        assertBest(parquet, BenchmarkRecord.CIFAR100, 73.5133, 9930);
        assertBest(parquet, BenchmarkRecord.IMAGENET16, 47.3111, 857);

        BenchmarkTable loaded = ImportedBenchmark.load(spark, table.toString());
        assertEquals(n, loaded.size());
        Nb201Architecture allSkip = Nb201Architecture.parse(ALL_SKIP);
        assertEquals(1835, loaded.index(allSkip).getAsInt());
        assertEquals(54.2967, value(loaded, allSkip, BenchmarkRecord.CIFAR10), 1e-4);
        assertEquals(15.6067, value(loaded, allSkip, BenchmarkRecord.CIFAR100), 1e-4);
        assertEquals(16.3222, value(loaded, allSkip, BenchmarkRecord.IMAGENET16), 1e-4);
        for (var e : rows.entries().entrySet()) {
            Nb201Architecture a = e.getKey();
            assertEquals(e.getValue().index(), loaded.index(a).getAsInt(), a.encode());
            assertEquals(e.getValue().cifar10(), value(loaded, a, BenchmarkRecord.CIFAR10), 0, a.encode());
            assertEquals(e.getValue().cifar100(), value(loaded, a, BenchmarkRecord.CIFAR100), 0, a.encode());
            assertEquals(e.getValue().imagenet16(), value(loaded, a, BenchmarkRecord.IMAGENET16), 0, a.encode());
        }
    }

    private static double value(BenchmarkTable t, Nb201Architecture a, String dataset) {
        return t.value(a, dataset, "200", BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC).orElseThrow();
    }

    private static void assertBest(Dataset<Row> rows, String dataset, double best, int index) {
        Row top = rows.where(Tables.DATASET + " = '" + dataset + "' AND " + Tables.METRIC + " = 'test_acc'")
                .orderBy(rows.col(Tables.VALUE).desc()).first();
        assertEquals(best, top.<Double>getAs(Tables.VALUE), 1e-4, dataset);
        assertEquals(index, (int) top.<Integer>getAs(Tables.ARCH_INDEX), dataset);
    }

    @Test
    void officialSamplesImportPartiallyAndAgreeWithTheCsv() {
        SparkSession spark = SparkTestSession.get();
        Path samples = SharedBenchmark.officialSamples();
        IllegalArgumentException whole = assertThrows(IllegalArgumentException.class,
                () -> importInto(samples, tmp.resolve("whole"), false));
        assertTrue(whole.getMessage().contains("15622 of 15625") && whole.getMessage().contains("000001.pickle.pbz2")
                && whole.getMessage().contains("--allow-partial"), whole.getMessage());
        assertFalse(Files.exists(tmp.resolve("whole")));

        Path table = tmp.resolve("official");
        BenchmarkManifest m = importInto(samples, table, true);
        assertEquals(3, m.architectures());
        assertFalse(m.complete());
        Dataset<Row> rows = spark.read().parquet(table.toString());
        assertEquals(List.of(0, 11, 284), rows.select(Tables.ARCH_INDEX).distinct().orderBy(Tables.ARCH_INDEX)
                .collectAsList().stream().map(r -> r.getInt(0)).toList());
        assertTrue(rows.where(Tables.CURVE + " IS NOT NULL AND size(" + Tables.CURVE + ") = 200").count() > 0);

        BenchmarkTable official = ImportedBenchmark.load(spark, table.toString());
        BenchmarkTable csv = BenchmarkTable.of("csv", Nb201Table.fromCsv(SharedBenchmark.sliceCsv(), true).records());
        org.geonas.core.bench.NatsBenchArchive archive = org.geonas.core.bench.NatsBenchArchive.open(samples);
        for (int index : List.of(0, 11, 284)) {
            Nb201Architecture a = archive.arch(index);
            assertEquals(index, official.index(a).getAsInt());
            for (String dataset : List.of(BenchmarkRecord.CIFAR10, BenchmarkRecord.CIFAR100, BenchmarkRecord.IMAGENET16)) {
                assertEquals(value(csv, a, dataset), value(official, a, dataset), 1e-6, index + " " + dataset);
            }
        }
    }

    @Test
    void aCorruptFileFailsTheImportInOneLineAndLeavesNothing() throws IOException {
        Path samples = SharedBenchmark.officialSamples();
        Path copy = Files.createDirectories(tmp.resolve("broken"));
        try (Stream<Path> files = Files.list(samples)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] bytes = Files.readAllBytes(copy.resolve("000284.pickle.pbz2"));
        Files.write(copy.resolve("000284.pickle.pbz2"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path table = tmp.resolve("tables/bench");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> importInto(copy, table, true));
        assertTrue(e.getMessage().contains("000284.pickle.pbz2") && !e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(table));
        try (Stream<Path> left = Files.list(tmp.resolve("tables"))) {
            assertEquals(List.of(), left.toList(), "no half-written import may remain");
        }

        importInto(SharedBenchmark.sliceCsv(), table, true);
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> importInto(SharedBenchmark.sliceCsv(), table, true));
        assertTrue(again.getMessage().contains("--overwrite"), again.getMessage());
        IllegalArgumentException notATable = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkManifest.read(copy.toString(), new org.apache.hadoop.conf.Configuration()));
        assertTrue(notATable.getMessage().contains("import-benchmark"), notATable.getMessage());
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
