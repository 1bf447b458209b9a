package org.geonas.core.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import net.razorvine.pickle.Pickler;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.geonas.core.space.Nb201Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official NATS-Bench topology files (meta + architectures 0, 11, 284, shipped in the test
 * resources' nb201-slice): their means equal the CSV, golden figures of one file, concurrent
 * reads, speed, one-line errors.
 */
class NatsBenchArchiveTest {

    private static final int[] SAMPLES = {0, 11, 284};

    @TempDir
    Path tmp;

    static Path samplesDir() {
        Path p = BenchmarkTestData.officialSamples();
        assertTrue(Files.isRegularFile(p.resolve(NatsBenchArchive.META)), "no NATS-Bench sample files at " + p);
        return p;
    }

    private static NatsBenchArchive samples;

    /** The sample archive, opened once for the class (opening decodes the 1.4 MB meta pickle). */
    static synchronized NatsBenchArchive samples() {
        if (samples == null) {
            samples = NatsBenchArchive.open(samplesDir());
        }
        return samples;
    }

    @Test
    void metaListsTheWholeSpaceAndTheSamplesArePresent() {
        NatsBenchArchive archive = samples();
        assertEquals("NATS-tss-v1_0-3ffb9-simple", archive.name());
        assertEquals(15_625, archive.size());
        assertEquals(List.of(0, 11, 284), archive.presentIndexes());
        Nb201Architecture a11 = Nb201Architecture.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|");
        assertEquals(a11, archive.arch(11));
        assertEquals(11, archive.indexOf(a11).orElseThrow());
        assertEquals("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
                archive.arch(1).encode());
    }

    @Test
    void meansOfTheOfficialFilesEqualTheCsv() {
        NatsBenchArchive archive = samples();
        Nb201Table csv = Nb201Table.fromCsv(BenchmarkTestData.sliceCsv(), true);
        for (int index : SAMPLES) {
            List<BenchmarkRecord> records = archive.read(index);
            Nb201Scores row = csv.require(archive.arch(index));
            assertEquals(index, row.index());
            assertEquals(row.cifar10(), meanTestAcc(records, BenchmarkRecord.CIFAR10), 1e-6, "row " + index);
            assertEquals(row.cifar100(), meanTestAcc(records, BenchmarkRecord.CIFAR100), 1e-6, "row " + index);
            assertEquals(row.imagenet16(), meanTestAcc(records, BenchmarkRecord.IMAGENET16), 1e-6, "row " + index);
        }
        List<BenchmarkRecord> r11 = archive.read(11);
        assertEquals(91.5833, meanTestAcc(r11, BenchmarkRecord.CIFAR10), 1e-4);
        assertEquals(67.6067, meanTestAcc(r11, BenchmarkRecord.CIFAR100), 1e-4);
        assertEquals(30.1667, meanTestAcc(r11, BenchmarkRecord.IMAGENET16), 1e-4);
    }

    private static double meanTestAcc(List<BenchmarkRecord> records, String dataset) {
        return one(records, "200", dataset, BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC).value();
    }

    @Test
    void goldenFiguresOfArchitecture11() {
        List<BenchmarkRecord> records = samples().read(11);
        Map<String, Long> perHp = records.stream().collect(Collectors.groupingBy(BenchmarkRecord::hp,
                Collectors.counting()));
        // hp 12: seeds 111+777 on cifar10-valid, 111 elsewhere; hp 200: seeds 777/888/999; each plus the mean
        assertEquals(Map.of("12", 85L, "200", 152L), perHp);
        assertEquals(List.of("111", "777", "mean"), seeds(records, "12", BenchmarkRecord.CIFAR10_VALID));
        assertEquals(List.of("777", "888", "999", "mean"), seeds(records, "200", BenchmarkRecord.IMAGENET16));

        // values as Python's pickle reads them from the file
        assertEquals(87.74800000488281, value(records, "200", BenchmarkRecord.CIFAR10_VALID, "777",
                BenchmarkRecord.VALID_ACC), 0);
        assertEquals(87.6, value(records, "200", BenchmarkRecord.CIFAR10_VALID, "777", BenchmarkRecord.TEST_ACC), 0);
        assertEquals(1.4437529708862304, value(records, "200", BenchmarkRecord.CIFAR100, "888",
                BenchmarkRecord.TEST_LOSS), 0);
        assertEquals(67.93, value(records, "200", BenchmarkRecord.CIFAR100, "888", BenchmarkRecord.VALTEST_ACC), 0);
        assertEquals(2.632711977113134, value(records, "200", BenchmarkRecord.IMAGENET16, "999",
                BenchmarkRecord.TRAIN_LOSS), 0);
        assertEquals(62.451999997558595, value(records, "12", BenchmarkRecord.CIFAR10_VALID, "111",
                BenchmarkRecord.TRAIN_ACC), 0);
        // numpy float64 scalars in the pickle
        assertEquals(0.016465004285176593, value(records, "200", BenchmarkRecord.IMAGENET16, "999",
                BenchmarkRecord.LATENCY), 0);
        assertEquals(0.809576, value(records, "200", BenchmarkRecord.IMAGENET16, "999", BenchmarkRecord.PARAMS), 0);
        for (String hp : NatsArchFile.HPS) {
            for (String seed : seeds(records, hp, BenchmarkRecord.CIFAR10_VALID)) {
                assertEquals(0.802426, value(records, hp, BenchmarkRecord.CIFAR10_VALID, seed, BenchmarkRecord.PARAMS),
                        1e-12);
                assertEquals(113.95137, value(records, hp, BenchmarkRecord.CIFAR10_VALID, seed, BenchmarkRecord.FLOPS),
                        1e-9);
            }
        }

        // a per-seed value is its curve's last point; curves have one point per epoch
        BenchmarkRecord c10 = one(records, "200", BenchmarkRecord.CIFAR10, "888", BenchmarkRecord.TEST_ACC);
        assertEquals(200, c10.curve().length);
        assertEquals(91.76, c10.value(), 1e-9);
        assertEquals(c10.value(), c10.curve()[199], 0);
        for (BenchmarkRecord r : records) {
            if (r.curve() != null) {
                assertEquals(Integer.parseInt(r.hp()), r.curve().length, r.toString());
                assertEquals(r.value(), r.curve()[r.curve().length - 1], 1e-9, r.toString());
            }
        }
        // where the 200-epoch file keeps only the last point there is no curve; cifar10 has no x-valid
        assertNull(one(records, "200", BenchmarkRecord.CIFAR100, "777", BenchmarkRecord.TEST_ACC).curve());
        assertNull(one(records, "200", BenchmarkRecord.CIFAR10_VALID, "777", BenchmarkRecord.TEST_ACC).curve());
        assertNotNull(one(records, "12", BenchmarkRecord.CIFAR100, "111", BenchmarkRecord.TEST_ACC).curve());
        assertTrue(records.stream().noneMatch(r -> r.dataset().equals(BenchmarkRecord.CIFAR10)
                && r.metric().equals(BenchmarkRecord.VALID_ACC)));

        // the mean is the mean of the seeds, curves point by point
        double hand = (value(records, "200", BenchmarkRecord.CIFAR100, "777", BenchmarkRecord.VALID_LOSS)
                + value(records, "200", BenchmarkRecord.CIFAR100, "888", BenchmarkRecord.VALID_LOSS)
                + value(records, "200", BenchmarkRecord.CIFAR100, "999", BenchmarkRecord.VALID_LOSS)) / 3;
        assertEquals(hand, value(records, "200", BenchmarkRecord.CIFAR100, "mean", BenchmarkRecord.VALID_LOSS), 1e-12);
        double[] meanCurve = one(records, "200", BenchmarkRecord.CIFAR10, "mean", BenchmarkRecord.TRAIN_LOSS).curve();
        for (int e : new int[] {0, 57, 199}) {
            double sum = 0;
            for (String seed : List.of("777", "888", "999")) {
                sum += one(records, "200", BenchmarkRecord.CIFAR10, seed, BenchmarkRecord.TRAIN_LOSS).curve()[e];
            }
            assertEquals(sum / 3, meanCurve[e], 1e-12);
        }
    }

    @Test
    void orderedDictsKeepTheirOrder() throws Exception {
        Object pickle = PythonPickles.read(samplesDir().resolve("000011.pickle.pbz2"));
        Map<?, ?> top = (Map<?, ?>) pickle;
        assertEquals("LinkedHashMap", top.getClass().getSimpleName());
        assertEquals(List.of("12", "200"), new ArrayList<>(top.keySet()));
        Map<?, ?> hp12 = (Map<?, ?>) ((Map<?, ?>) top.get("12")).get("all_results");
        Map<?, ?> result = (Map<?, ?>) hp12.values().iterator().next();
        Map<?, ?> trainTimes = (Map<?, ?>) result.get("train_times");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), new ArrayList<>(trainTimes.keySet()));
    }

    @Test
    void numpyScalarsDecodeByTheirDtype() {
        PythonPickles.NumpyDtype little = PythonPickles.NumpyDtype.of(new Object[] {"i4", false, true});
        assertEquals(-2L, little.decode(new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        PythonPickles.NumpyDtype big = PythonPickles.NumpyDtype.of(new Object[] {"f8", false, true});
        big.__setstate__(new Object[] {3, ">", null, null, null, -1, -1, 0});
        assertEquals(1.5, big.decode(new byte[] {0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0}));
        PythonPickles.NumpyDtype u2 = PythonPickles.NumpyDtype.of(new Object[] {"u2", false, true});
        assertEquals(65535L, u2.decode(new byte[] {(byte) 0xff, (byte) 0xff}));
    }

    @Test
    void severalThreadsReadAtOnce() throws Exception {
        NatsBenchArchive archive = samples();
        Map<Integer, List<BenchmarkRecord>> expected = new HashMap<>();
        for (int index : SAMPLES) {
            expected.put(index, archive.read(index));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int index = SAMPLES[t % SAMPLES.length];
                same.add(pool.submit(() -> sameFigures(expected.get(index), archive.read(index))));
            }
            for (Future<Boolean> f : same) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean sameFigures(List<BenchmarkRecord> a, List<BenchmarkRecord> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            BenchmarkRecord x = a.get(i);
            BenchmarkRecord y = b.get(i);
            if (!(x.arch().equals(y.arch()) && x.dataset().equals(y.dataset()) && x.hp().equals(y.hp())
                    && x.seed().equals(y.seed()) && x.metric().equals(y.metric()) && x.value() == y.value()
                    && Arrays.equals(x.curve(), y.curve()))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void readingSpeed() {
        NatsBenchArchive archive = samples();
        for (int warm = 0; warm < 5; warm++) {
            for (int index : SAMPLES) {
                archive.read(index);
            }
        }
        int rounds = 10;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int records = 0;
        for (int round = 0; round < rounds; round++) {
            for (int index : SAMPLES) {
                records += archive.read(index).size();
            }
        }
        int files = rounds * SAMPLES.length;
        double ms = (System.nanoTime() - start) / 1e6 / files;
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / files;
        // CPU time as well: on a shared machine the wall time mostly measures the neighbours
        System.out.printf("NATS-Bench architecture file: %.1f ms/file wall, %.1f ms/file CPU (one thread, %d records"
                + " each); 15,625 files on 2 cores ~ %.0f s of CPU each%n", ms, cpuMs, records / files,
                cpuMs * 15_625 / 2000);
        assertEquals(237 * 3 * rounds, records);
    }

    @Test
    void aMissingArchitectureFileNeedsTheFullArchive() throws Exception {
        Path dir = copyOf(NatsBenchArchive.META);
        NatsBenchArchive archive = NatsBenchArchive.open(dir);
        assertEquals(List.of(), archive.presentIndexes());
        assertBad(() -> archive.read(11), dir.resolve("000011.pickle.pbz2"), "full benchmark");
        String m = assertThrows(IllegalArgumentException.class, () -> archive.read(15_625)).getMessage();
        assertTrue(m.contains("no architecture 15625"), m);
    }

    @Test
    void aTruncatedFileIsNamed() throws Exception {
        Path dir = copyOf(NatsBenchArchive.META);
        byte[] whole = Files.readAllBytes(samplesDir().resolve("000011.pickle.pbz2"));
        Path file = dir.resolve("000011.pickle.pbz2");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        NatsBenchArchive archive = NatsBenchArchive.open(dir);
        assertBad(() -> archive.read(11), file, "corrupt or truncated");
        Files.write(file, "not bz2 at all".getBytes(StandardCharsets.US_ASCII));
        assertBad(() -> archive.read(11), file, "corrupt or truncated");
    }

    @Test
    void aFileOfAnotherArchitectureIsNamed() throws Exception {
        Path dir = copyOf(NatsBenchArchive.META);
        Path file = dir.resolve("000012.pickle.pbz2");
        Files.copy(samplesDir().resolve("000011.pickle.pbz2"), file);
        assertBad(() -> NatsBenchArchive.open(dir).read(12), file, "belongs to another architecture");
    }

    @Test
    void foldersThatAreNotTheBenchmarkGetOneLine() throws Exception {
        assertBad(() -> NatsBenchArchive.open(tmp.resolve("nope")), tmp.resolve("nope"), "no such folder");
        assertBad(() -> NatsBenchArchive.open(tmp), tmp, "not a NATS-Bench topology folder");
        Path meta = tmp.resolve(NatsBenchArchive.META);
        Files.write(meta, new byte[] {1, 2, 3});
        assertBad(() -> NatsBenchArchive.open(tmp), meta, "corrupt or truncated");
        // a meta file of three architectures, pickled and compressed as NATS-Bench does
        Map<String, Object> small = new HashMap<>();
        small.put("meta_archs", List.of("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                "|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|",
                "|none~0|+|none~0|none~1|+|none~0|none~1|nor_conv_1x1~2|"));
        small.put("total_archs", 3);
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(meta))) {
            new Pickler().dump(small, out);
        }
        assertBad(() -> NatsBenchArchive.open(tmp), meta, "lists 3 architectures");
    }

    private Path copyOf(String... names) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("NATS-tss-v1_0-3ffb9-simple"));
        for (String name : names) {
            Files.copy(samplesDir().resolve(name), dir.resolve(name));
        }
        return dir;
    }

    private static void assertBad(Executable call, Path file, String expected) {
        String m = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(m.startsWith(file.toString() + ":") && m.contains(expected) && !m.contains("\n"), m);
    }

    private static List<String> seeds(List<BenchmarkRecord> records, String hp, String dataset) {
        return records.stream().filter(r -> r.hp().equals(hp) && r.dataset().equals(dataset)
                && r.metric().equals(BenchmarkRecord.TRAIN_ACC)).map(BenchmarkRecord::seed).toList();
    }

    private static double value(List<BenchmarkRecord> records, String hp, String dataset, String seed, String metric) {
        return one(records, hp, dataset, seed, metric).value();
    }

    static BenchmarkRecord one(List<BenchmarkRecord> records, String hp, String dataset, String seed, String metric) {
        List<BenchmarkRecord> found = records.stream().filter(r -> r.hp().equals(hp) && r.dataset().equals(dataset)
                && r.seed().equals(seed) && r.metric().equals(metric)).toList();
        assertEquals(1, found.size(), hp + " " + dataset + " " + seed + " " + metric);
        return found.get(0);
    }
}
