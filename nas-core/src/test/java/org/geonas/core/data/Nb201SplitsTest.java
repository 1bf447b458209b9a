package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.geonas.core.data.Nb201Splits.Halves;
import org.geonas.core.data.Nb201Splits.SearchIndices;
import org.junit.jupiter.api.Test;

/** The shipped NAS-Bench-201 split files and the checks on split files. */
class Nb201SplitsTest {

    /** Both halves sorted together are 0..setSize-1 once each: disjoint and complete. */
    private static void assertHalvesOf(Halves h, int half) {
        assertEquals(half, h.first().length);
        assertEquals(half, h.second().length);
        int[] all = IntStream.concat(Arrays.stream(h.first()), Arrays.stream(h.second())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 2 * half).toArray(), all);
    }

    @Test
    void theShippedFilesHaveTheReferenceCountsAndAreDisjoint() {
        Halves cifar10 = Nb201Splits.read("cifar-split.txt", "train", "valid", 50_000);
        assertHalvesOf(cifar10, 25_000);
        assertArrayEquals(new int[] {0, 5, 7, 11, 13}, Arrays.copyOf(cifar10.first(), 5));
        assertEquals(49_999, cifar10.second()[24_999]);
        Halves cifar100 = Nb201Splits.read("cifar100-test-split.txt", "xvalid", "xtest", 10_000);
        assertHalvesOf(cifar100, 5_000);
        assertArrayEquals(new int[] {1, 3, 4, 5, 8}, Arrays.copyOf(cifar100.first(), 5));
        Halves imagenet = Nb201Splits.read("imagenet-16-120-test-split.txt", "xvalid", "xtest", 6_000);
        assertHalvesOf(imagenet, 3_000);
        assertArrayEquals(new int[] {1, 2, 3, 6, 7}, Arrays.copyOf(imagenet.first(), 5));
        for (String file : new String[] {"LICENSE-AutoDL-Projects.md", "README.md"}) {
            assertNotNull(Nb201Splits.class.getResource(Nb201Splits.FOLDER + file), file);
        }
    }

    @Test
    void searchIndicesPerDataset() {
        SearchIndices cifar10 = Nb201Splits.forDataset(DatasetKind.CIFAR10);
        assertFalse(cifar10.archOnTestSet());
        assertEquals(25_000, cifar10.weights().length);
        assertEquals(25_000, cifar10.arch().length);
        for (DatasetKind kind : new DatasetKind[] {DatasetKind.CIFAR100, DatasetKind.IMAGENET16_120}) {
            SearchIndices s = Nb201Splits.forDataset(kind);
            assertNull(s.weights(), kind.id() + ": the weights train on all training images");
            assertTrue(s.archOnTestSet());
            assertEquals(kind == DatasetKind.CIFAR100 ? 5_000 : 3_000, s.arch().length);
        }
        assertArrayEquals(new int[] {1, 2, 3}, Arrays.copyOf(Nb201Splits.forDataset(DatasetKind.IMAGENET16_120)
                .arch(), 3), "the xvalid half");
        assertTrue(Nb201Splits.covers(DatasetKind.IMAGENET16_120));
        assertFalse(Nb201Splits.covers(DatasetKind.FASHION_MNIST));
        assertFalse(Nb201Splits.covers(DatasetKind.SYNTHETIC));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Nb201Splits.forDataset(DatasetKind.FASHION_MNIST));
        assertEquals("NAS-Bench-201 has no search split for dataset fashion-mnist; it has them for cifar10, cifar100 "
                + "and imagenet16-120", e.getMessage());
    }

    private static Halves parse(String json) {
        return Nb201Splits.parse("s.txt", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "a", "b", 6);
    }

    private static void assertBad(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aSmallSplitFileParses() {
        Halves h = parse("{\"a\": [\"int\", [\"0\", \"5\", \"2\"]], \"b\" : [\"int\", [\"1\", \"3\", \"4\"]]}");
        assertArrayEquals(new int[] {0, 5, 2}, h.first());
        assertArrayEquals(new int[] {1, 3, 4}, h.second());
    }

    @Test
    void badSplitFilesAreOneLineNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"a\": [\"int\", [\"0\""));
        assertTrue(e.getMessage().startsWith("s.txt: not JSON (Unexpected end-of-input"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertBad("[1, 2]", "s.txt: expected a JSON object of splits {\"a\": [\"int\", [...]], \"b\": [...]}");
        assertBad("{\"a\": [\"int\", [\"0\", \"1\", \"2\"]]}", "s.txt: no split 'b'");
        assertBad("{\"a\": [\"int\", [\"0\", \"1\", \"2\"]], \"b\": [\"int\", [\"3\", \"4\", \"5\"]], \"c\": []}",
                "s.txt: unexpected split 'c', expected a and b");
        assertBad("{\"a\": [\"float\", [\"0\", \"1\", \"2\"]], \"b\": [\"int\", [\"3\", \"4\", \"5\"]]}",
                "s.txt: split 'a' is not [\"int\", [indices]]");
        assertBad("{\"a\": [\"int\", [\"0\", \"1\"]], \"b\": [\"int\", [\"3\", \"4\", \"5\"]]}",
                "s.txt: split 'a' has 2 indices, expected 3 (half of 6)");
        assertBad("{\"a\": [\"int\", [\"0\", \"1\", \"6\"]], \"b\": [\"int\", [\"3\", \"4\", \"5\"]]}",
                "s.txt: split 'a' entry 2 (\"6\") is not an index in 0..5");
        assertBad("{\"a\": [\"int\", [\"0\", \"x\", \"2\"]], \"b\": [\"int\", [\"3\", \"4\", \"5\"]]}",
                "s.txt: split 'a' entry 1 (\"x\") is not an index in 0..5");
        assertBad("{\"a\": [\"int\", [\"0\", \"1\", \"1\"]], \"b\": [\"int\", [\"3\", \"4\", \"5\"]]}",
                "s.txt: index 1 appears twice (split 'a' entry 2); the splits must be disjoint");
        assertBad("{\"a\": [\"int\", [\"0\", \"1\", \"2\"]], \"b\": [\"int\", [\"3\", \"2\", \"5\"]]}",
                "s.txt: index 2 appears twice (split 'b' entry 1); the splits must be disjoint");
    }
}
