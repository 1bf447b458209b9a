package org.geonas.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.geonas.core.space.Nb201Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NAS-Bench-201 CSV: the published reference values, fast lookups, one-line errors. */
class Nb201TableTest {

    @TempDir
    Path tmp;

    @Test
    void referenceValuesOfTheCsv() {
        Nb201Table table = Nb201Table.fromCsv(BenchmarkTestData.csv());
        assertEquals(Nb201Table.SIZE, table.size());
        assertBest(table, Nb201Scores::cifar10, 94.3733, 6111);
        assertBest(table, Nb201Scores::cifar100, 73.5133, 9930);
        assertBest(table, Nb201Scores::imagenet16, 47.3111, 857);
        Nb201Scores allSkip = table.require(Nb201Architecture.parse(
                "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"));
        assertEquals(1835, allSkip.index());
        assertEquals(54.2967, allSkip.cifar10(), 1e-4);
        assertEquals(15.6067, allSkip.cifar100(), 1e-4);
        assertEquals(16.3222, allSkip.imagenet16(), 1e-4);
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
        String m = assertThrows(IllegalArgumentException.class, () -> Nb201Table.fromCsv(tmp.resolve("nope.csv")))
                .getMessage();
        assertTrue(m.contains("nope.csv") && m.contains("no such file"), m);
    }

    private void assertBad(String text, String expected) throws Exception {
        Path f = tmp.resolve("bench.csv");
        Files.writeString(f, text);
        String m = assertThrows(IllegalArgumentException.class, () -> Nb201Table.fromCsv(f)).getMessage();
        assertTrue(m.startsWith(f.toString()) && m.contains(expected) && !m.contains("\n"), m);
    }

    private static void assertBest(Nb201Table table, ToDoubleFunction<Nb201Scores> metric, double value, int index) {
        Map.Entry<Nb201Architecture, Nb201Scores> best = table.entries().entrySet().stream()
                .max(Comparator.comparingDouble(e -> metric.applyAsDouble(e.getValue()))).orElseThrow();
        assertEquals(value, metric.applyAsDouble(best.getValue()), 1e-4);
        assertEquals(index, best.getValue().index());
    }
}
