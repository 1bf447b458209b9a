package org.geonas.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.geonas.core.space.Nb201Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NAS-Bench-201 CSV: the published reference values, fast lookups, one-line errors; the slice
 * in the test resources (some rows, with an Index column): the same reference values of its rows,
 * and (where the full CSV is there) every row as in the full table.
 */
class Nb201TableTest {

    private static final String ALL_SKIP =
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";

    @TempDir
    Path tmp;

    @Test
    void referenceValuesOfTheCsv() {
        Nb201Table table = Nb201Table.fromCsv(BenchmarkTestData.csv());
        assertEquals(Nb201Table.SIZE, table.size());
        assertBest(table, Nb201Scores::cifar10, 94.3733, 6111);
        assertBest(table, Nb201Scores::cifar100, 73.5133, 9930);
        assertBest(table, Nb201Scores::imagenet16, 47.3111, 857);
        Nb201Scores allSkip = table.require(Nb201Architecture.parse(ALL_SKIP));
        assertEquals(1835, allSkip.index());
        assertEquals(54.2967, allSkip.cifar10(), 1e-4);
        assertEquals(15.6067, allSkip.cifar100(), 1e-4);
        assertEquals(16.3222, allSkip.imagenet16(), 1e-4);
        assertTrue(table.complete());
    }

    @Test
    void theSliceHasTheReferenceValuesOfItsRows() throws Exception {
        Path csv = BenchmarkTestData.sliceCsv();
        Nb201Table table = Nb201Table.fromCsv(csv, true);
        long rows = Files.readAllLines(csv).size() - 1;
        assertTrue(rows >= 300 && rows < 400, "rows: " + rows);
        assertEquals(rows, table.size());
        assertFalse(table.complete());
        // the slice holds the best cell of each dataset: its maxima are the full table's
        assertBest(table, Nb201Scores::cifar10, 94.3733, 6111);
        assertBest(table, Nb201Scores::cifar100, 73.5133, 9930);
        assertBest(table, Nb201Scores::imagenet16, 47.3111, 857);
        Nb201Scores allSkip = table.require(Nb201Architecture.parse(ALL_SKIP));
        assertEquals(1835, allSkip.index());
        assertEquals(54.2967, allSkip.cifar10(), 1e-4);
        assertEquals(15.6067, allSkip.cifar100(), 1e-4);
        assertEquals(16.3222, allSkip.imagenet16(), 1e-4);
        Nb201Scores a11 = table.require(Nb201Architecture.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|"));
        assertEquals(11, a11.index());
        assertEquals(91.5833, a11.cifar10(), 1e-4);
        assertEquals(67.6067, a11.cifar100(), 1e-4);
        assertEquals(30.1667, a11.imagenet16(), 1e-4);
        // the figures exactly as the CSV writes them
        assertEquals(new Nb201Scores(0, 85.86333333333334, 52.913333294677734, 26.6333332739936),
                table.require(Nb201Architecture.parse("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0"
                        + "|skip_connect~1|skip_connect~2|")));
        for (String op : List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3")) {
            String uniform = "|" + op + "~0|+|" + op + "~0|" + op + "~1|+|" + op + "~0|" + op + "~1|" + op + "~2|";
            assertTrue(table.lookup(Nb201Architecture.parse(uniform)).isPresent(), uniform);
        }
        // index 2, not in the slice
        Nb201Architecture absent = Nb201Architecture.parse("|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|"
                + "+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|");
        assertTrue(table.lookup(absent).isEmpty());
        String m = assertThrows(IllegalArgumentException.class, () -> table.require(absent)).getMessage();
        assertTrue(m.startsWith(csv.toString()) && m.contains("no entry for " + absent.encode()), m);

        String whole = assertThrows(IllegalArgumentException.class, () -> Nb201Table.fromCsv(csv)).getMessage();
        assertTrue(whole.startsWith(csv.toString()) && whole.contains("has " + rows + " architectures")
                && whole.contains("a slice, with an Index column, where the whole table is needed")
                && !whole.contains("\n"), whole);
    }

    @Test
    void theSliceIsCutFromTheFullTable() {
        Nb201Table full = Nb201Table.fromCsv(BenchmarkTestData.csv());
        Nb201Table slice = Nb201Table.fromCsv(BenchmarkTestData.sliceCsv(), true);
        for (Map.Entry<Nb201Architecture, Nb201Scores> e : slice.entries().entrySet()) {
            assertEquals(full.require(e.getKey()), e.getValue(), e.getKey().encode());
        }
        List<BenchmarkRecord> fromFull = full.records().stream()
                .filter(r -> slice.lookup(Nb201Architecture.parse(r.arch())).isPresent()).toList();
        assertEquals(fromFull, slice.records());
    }

    @Test
    void tenThousandRandomLookups() {
        Nb201Table table = Nb201Table.fromCsv(BenchmarkTestData.csv());
        Nb201Architecture[] archs = BenchmarkTestData.randomCells(1, 10_000);
        long start = System.nanoTime();
        double sum = 0;
        for (Nb201Architecture a : archs) {
            sum += table.require(a).cifar10();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("10,000 random NB201 lookups: %.2f ms (mean CIFAR-10 accuracy %.2f)%n", ms, sum / archs.length);
        assertTrue(sum > 0);
    }

    @Test
    void tablesThatDoNotMatchGetOneLine() throws Exception {
        String header = "CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,ImageNetTestAccuracy200Epochs,"
                + "ArchitectureString\n";
        String row = "90.0,70.0,40.0,|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
                + "skip_connect~2|\n";
        assertBad("x,y\n", "has no column CIFAR10TestAccuracy200Epochs");
        assertBad(header + row, "has 1 architectures");
        assertBad(header + row + row, "appears twice");
        assertBad(header + "90,70,40,|conv~0|+|a~0|b~1|+|c~0|d~1|e~2|\n", "unknown op 'conv'");
        assertBad(header + "ninety,70,40,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|\n", "not a number");
        assertBad("", "is empty");

        // a slice: rows with their benchmark index, in any order
        String sliceHeader = "Index," + header;
        String allNone = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
        Path slice = tmp.resolve("slice.csv");
        Files.writeString(slice, sliceHeader + "1," + row + "0,10.0,1.0,0.8," + allNone + "\n");
        Nb201Table two = Nb201Table.fromCsv(slice, true);
        assertEquals(2, two.size());
        assertFalse(two.complete());
        assertEquals(new Nb201Scores(0, 10.0, 1.0, 0.8), two.require(Nb201Architecture.parse(allNone)));
        assertEquals(List.of(0, 0, 0, 1, 1, 1), two.records().stream().map(BenchmarkRecord::index).toList());
        String m = assertThrows(IllegalArgumentException.class, () -> two.require(Nb201Architecture.parse(ALL_SKIP)))
                .getMessage();
        assertTrue(m.startsWith(slice.toString()) && m.contains("no entry for " + ALL_SKIP), m);
        assertBad(sliceHeader + "1," + row + "0,10.0,1.0,0.8," + allNone + "\n", false,
                "has 2 architectures, the NAS-Bench-201 space has 15625");
        assertBad(header + row, true, "has 1 architectures", "needs an Index column");
        assertBad(sliceHeader + "x," + row, true, "row 2: Index 'x' is not a whole number");
        assertBad(sliceHeader + "15625," + row, true, "row 2: Index 15625 is outside the NAS-Bench-201 space");
        assertBad(sliceHeader + "-1," + row, true, "Index -1 is outside");
        assertBad(sliceHeader + "1," + row + "1,10.0,1.0,0.8," + allNone + "\n", true, "row 3: Index 1 is both");
        assertBad(sliceHeader + "1,90.0\n", true, "row 2 has 2 fields; expected at least 5");
        String none = assertThrows(IllegalArgumentException.class, () -> Nb201Table.fromCsv(tmp.resolve("nope.csv")))
                .getMessage();
        assertTrue(none.contains("nope.csv") && none.contains("no such file"), none);
    }

    private void assertBad(String text, String expected) throws Exception {
        assertBad(text, false, expected);
    }

    private void assertBad(String text, boolean allowSlice, String... expected) throws Exception {
        Path f = tmp.resolve("bench.csv");
        Files.writeString(f, text);
        String m = assertThrows(IllegalArgumentException.class, () -> Nb201Table.fromCsv(f, allowSlice)).getMessage();
        assertTrue(m.startsWith(f.toString()) && !m.contains("\n"), m);
        for (String e : expected) {
            assertTrue(m.contains(e), m);
        }
    }

    private static void assertBest(Nb201Table table, ToDoubleFunction<Nb201Scores> metric, double value, int index) {
        Map.Entry<Nb201Architecture, Nb201Scores> best = table.entries().entrySet().stream()
                .max(Comparator.comparingDouble(e -> metric.applyAsDouble(e.getValue()))).orElseThrow();
        assertEquals(value, metric.applyAsDouble(best.getValue()), 1e-4);
        assertEquals(index, best.getValue().index());
    }
}
