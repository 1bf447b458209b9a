package org.geonas.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.geonas.core.space.Nb201Architecture;
import org.junit.jupiter.api.Test;

/**
 * Lookups in a benchmark table: the CSV's reference figures (the whole table where ../shared has
 * it, the slice in the test resources always), the official files' figures, order, errors.
 */
class BenchmarkTableTest {

    private static final String ALL_SKIP =
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";

    @Test
    void theCsvRecordsGiveTheReferenceFigures() {
        Nb201Table csv = Nb201Table.fromCsv(BenchmarkTestData.csv());
        List<BenchmarkRecord> records = csv.records();
        assertEquals(3 * Nb201Table.SIZE, records.size());
        BenchmarkRecord first = records.get(0);
        assertEquals(0, first.index());
        assertEquals("200", first.hp());
        assertEquals(BenchmarkRecord.MEAN, first.seed());
        assertEquals(BenchmarkRecord.TEST_ACC, first.metric());
        assertNull(first.curve());

        BenchmarkTable table = BenchmarkTable.of("nb201-csv", records);
        assertEquals("nb201-csv", table.name());
        assertEquals(Nb201Table.SIZE, table.size());
        assertEquals(List.of(BenchmarkRecord.CIFAR10, BenchmarkRecord.CIFAR100, BenchmarkRecord.IMAGENET16),
                table.datasets());
        assertBest(table, BenchmarkRecord.CIFAR10, 94.3733, 6111);
        assertBest(table, BenchmarkRecord.CIFAR100, 73.5133, 9930);
        assertBest(table, BenchmarkRecord.IMAGENET16, 47.3111, 857);
        Nb201Architecture allSkip = Nb201Architecture.parse(ALL_SKIP);
        assertEquals(1835, table.index(allSkip).orElseThrow());
        assertEquals(54.2967, testAcc(table, allSkip, BenchmarkRecord.CIFAR10), 1e-4);
        assertEquals(15.6067, testAcc(table, allSkip, BenchmarkRecord.CIFAR100), 1e-4);
        assertEquals(16.3222, testAcc(table, allSkip, BenchmarkRecord.IMAGENET16), 1e-4);
        assertFalse(table.value(allSkip, BenchmarkRecord.CIFAR10, "12", BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC)
                .isPresent());
        List<BenchmarkRecord> scores = table.scores(allSkip);
        assertEquals(List.of(BenchmarkRecord.CIFAR10, BenchmarkRecord.CIFAR100, BenchmarkRecord.IMAGENET16),
                scores.stream().map(BenchmarkRecord::dataset).toList());
        assertEquals(ALL_SKIP, scores.get(0).arch());
    }

    @Test
    void theSliceRecordsGiveTheReferenceFiguresOfItsRows() {
        Nb201Table slice = Nb201Table.fromCsv(BenchmarkTestData.sliceCsv(), true);
        List<BenchmarkRecord> records = slice.records();
        assertEquals(3 * slice.size(), records.size());
        BenchmarkRecord first = records.get(0);
        assertEquals(0, first.index());
        assertEquals("200", first.hp());
        assertEquals(BenchmarkRecord.MEAN, first.seed());
        assertEquals(BenchmarkRecord.TEST_ACC, first.metric());
        assertNull(first.curve());
        assertEquals(85.86333333333334, first.value(), 0);

        BenchmarkTable table = BenchmarkTable.of("nb201-slice", records);
        assertEquals(slice.size(), table.size());
        assertEquals(List.of(BenchmarkRecord.CIFAR10, BenchmarkRecord.CIFAR100, BenchmarkRecord.IMAGENET16),
                table.datasets());
        // the slice holds the best cell of each dataset
        assertBest(table, BenchmarkRecord.CIFAR10, 94.3733, 6111);
        assertBest(table, BenchmarkRecord.CIFAR100, 73.5133, 9930);
        assertBest(table, BenchmarkRecord.IMAGENET16, 47.3111, 857);
        Nb201Architecture allSkip = Nb201Architecture.parse(ALL_SKIP);
        assertEquals(1835, table.index(allSkip).orElseThrow());
        assertEquals(54.2967, testAcc(table, allSkip, BenchmarkRecord.CIFAR10), 1e-4);
        assertEquals(15.6067, testAcc(table, allSkip, BenchmarkRecord.CIFAR100), 1e-4);
        assertEquals(16.3222, testAcc(table, allSkip, BenchmarkRecord.IMAGENET16), 1e-4);
        assertEquals(ALL_SKIP, table.scores(allSkip).get(0).arch());
        // every cell of the slice looks up its row, by index order
        int previous = -1;
        for (Nb201Architecture a : table.architectures()) {
            Nb201Scores row = slice.require(a);
            assertTrue(row.index() > previous);
            previous = row.index();
            assertEquals(row.index(), table.index(a).orElseThrow());
            assertEquals(row.cifar10(), testAcc(table, a, BenchmarkRecord.CIFAR10), 0);
            assertEquals(row.cifar100(), testAcc(table, a, BenchmarkRecord.CIFAR100), 0);
            assertEquals(row.imagenet16(), testAcc(table, a, BenchmarkRecord.IMAGENET16), 0);
        }
        Nb201Architecture absent = Nb201Architecture.parse("|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|"
                + "+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|"); // index 2, not in the slice
        assertTrue(table.index(absent).isEmpty() && table.scores(absent).isEmpty());
    }

    @Test
    void tenThousandRandomLookups() {
        BenchmarkTable table = BenchmarkTable.of("nb201-csv", Nb201Table.fromCsv(BenchmarkTestData.csv()).records());
        Nb201Architecture[] archs = BenchmarkTestData.randomCells(7, 10_000);
        String[] datasets = {BenchmarkRecord.CIFAR10, BenchmarkRecord.CIFAR100, BenchmarkRecord.IMAGENET16};
        long start = System.nanoTime();
        double sum = 0;
        for (int i = 0; i < archs.length; i++) {
            sum += table.value(archs[i], datasets[i % 3], "200", BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC)
                    .orElseThrow();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("10,000 random BenchmarkTable lookups: %.2f ms (mean test accuracy %.2f)%n", ms,
                sum / archs.length);
        assertTrue(sum / archs.length > 10 && sum / archs.length < 95);
    }

    @Test
    void theOfficialFilesMakeATableOfEveryFigure() {
        NatsBenchArchive archive = NatsBenchArchiveTest.samples();
        List<BenchmarkRecord> read = new ArrayList<>();
        for (int index : archive.presentIndexes()) {
            read.addAll(archive.read(index));
        }
        // one lazy pass, file by file, as for the full benchmark
        BenchmarkTable table = BenchmarkTable.of(archive.name(),
                () -> archive.presentIndexes().stream().flatMap(i -> archive.read(i).stream()).iterator());
        assertEquals(3, table.size());
        assertEquals(archive.name(), table.name());
        assertEquals(BenchmarkRecord.DATASETS, table.datasets());
        for (BenchmarkRecord r : read) {
            Nb201Architecture arch = Nb201Architecture.parse(r.arch());
            assertEquals(r.value(), table.value(arch, r.dataset(), r.hp(), r.seed(), r.metric()).orElseThrow(), 0);
            assertEquals(r.index(), table.index(arch).orElseThrow());
        }
        Nb201Architecture a11 = archive.arch(11);
        List<BenchmarkRecord> scores = table.scores(a11);
        assertEquals(237, scores.size());
        assertTrue(scores.stream().allMatch(r -> r.curve() == null && r.index() == 11));
        // sorted: dataset order, then hp 12 before 200, seeds by number with the mean last, metrics train first
        BenchmarkRecord head = scores.get(0);
        assertEquals(List.of(BenchmarkRecord.CIFAR10_VALID, "12", "111", BenchmarkRecord.TRAIN_ACC),
                List.of(head.dataset(), head.hp(), head.seed(), head.metric()));
        BenchmarkRecord tail = scores.get(scores.size() - 1);
        assertEquals(List.of(BenchmarkRecord.IMAGENET16, "200", BenchmarkRecord.MEAN, BenchmarkRecord.LATENCY),
                List.of(tail.dataset(), tail.hp(), tail.seed(), tail.metric()));
        assertEquals(archive.arch(0), table.architectures().get(0));
        assertEquals(a11, table.architectures().get(1));
        assertTrue(table.scores(Nb201Architecture.parse(ALL_SKIP)).isEmpty());
    }

    @Test
    void badRecordsGetOneLine() {
        BenchmarkRecord r = new BenchmarkRecord(ALL_SKIP, 1835, BenchmarkRecord.CIFAR10, "200", BenchmarkRecord.MEAN,
                BenchmarkRecord.TEST_ACC, 54.3, null);
        assertBad(List.of(r, r), "two figures for " + ALL_SKIP);
        BenchmarkRecord otherIndex = new BenchmarkRecord(ALL_SKIP, 7, BenchmarkRecord.CIFAR100, "200",
                BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC, 15.6, null);
        assertBad(List.of(r, otherIndex), "has indexes 1835 and 7");
        BenchmarkRecord sameIndex = new BenchmarkRecord("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", 1835,
                BenchmarkRecord.CIFAR10, "200", BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC, 10, null);
        assertBad(List.of(r, sameIndex), "index 1835 is both");
        BenchmarkRecord malformed = new BenchmarkRecord("|conv~0|", 1, BenchmarkRecord.CIFAR10, "200",
                BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC, 10, null);
        assertBad(List.of(malformed), "malformed NAS-Bench-201 architecture");
    }

    private static void assertBad(List<BenchmarkRecord> records, String expected) {
        String m = assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.of("t", records)).getMessage();
        assertTrue(m.startsWith("benchmark table t: ") && m.contains(expected) && !m.contains("\n"), m);
    }

    private static double testAcc(BenchmarkTable table, Nb201Architecture arch, String dataset) {
        return table.value(arch, dataset, "200", BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC).orElseThrow();
    }

    private static void assertBest(BenchmarkTable table, String dataset, double value, int index) {
        Nb201Architecture best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (Nb201Architecture a : table.architectures()) {
            double v = testAcc(table, a, dataset);
            if (v > bestValue) {
                bestValue = v;
                best = a;
            }
        }
        assertEquals(value, bestValue, 1e-4);
        assertEquals(index, table.index(best).orElseThrow());
    }
}
