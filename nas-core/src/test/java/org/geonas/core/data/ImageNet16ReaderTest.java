package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.geonas.core.data.NumpyUnpickler.NumpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ImageNet16 pickles as numpy writes them: the folders under test resource {@code imagenet16-pickles/}
 * were made by its {@code make_pickles.py} with numpy 1 and numpy 2 (every protocol 2..5, C and
 * Fortran order, an empty batch); Python 2's form (str payloads) is written here opcode by opcode.
 */
class ImageNet16ReaderTest {

    /** make_pickles.py's labels: training images in file order, then val_data's. */
    private static final int[] TRAIN_LABELS = {1, 121, 120, 1000, 5, 2, 999, 60, 119, 200, 3, 4, 250, 7, 8, 9, 500, 11,
        12, 13};
    private static final int[] VALID_LABELS = {120, 300, 1, 64};

    @TempDir
    Path tmp;

    /** make_pickles.py's pixel(): byte j of image number {@code image} of a split. */
    private static int pixel(int image, int j) {
        return (image * 31 + j * 7 + (j / 256) * 50) & 0xFF;
    }

    private static Path resource(String folder) {
        try {
            return Path.of(ImageNet16ReaderTest.class.getResource("/imagenet16-pickles/" + folder).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of a generated folder. */
    private Path copy(String folder, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(resource(folder))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** The images of labels 1..120 with class label - 1 and the generator's pixels. */
    private static void assertKept(ImageSet set, int[] fileLabels) {
        int[] kept = IntStream.range(0, fileLabels.length).filter(i -> fileLabels[i] <= 120).toArray();
        assertEquals(kept.length, set.size());
        assertEquals(3, set.channels());
        assertEquals(16, set.height());
        assertEquals(16, set.width());
        assertEquals(120, set.numClasses());
        for (int k = 0; k < kept.length; k++) {
            assertEquals(fileLabels[kept[k]] - 1, set.labels()[k], "class of kept image " + k);
            for (int j = 0; j < ImageNet16Reader.PIXELS; j++) {
                assertEquals(pixel(kept[k], j) / 255f, set.pixels()[k * ImageNet16Reader.PIXELS + j], 0f,
                        "image " + kept[k] + " byte " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy1", "numpy2"})
    void readsWhatNumpyWritesInEveryProtocolAndOrder(String numpy) {
        Path dir = resource(numpy);
        ImageNet16Reader.check(dir, false);
        ImageSet train = ImageNet16Reader.read(dir, true, false);
        assertEquals("imagenet16-120-train", train.name());
        assertKept(train, TRAIN_LABELS);
        ImageSet test = ImageNet16Reader.read(dir, false, false);
        assertEquals("imagenet16-120-test", test.name());
        assertKept(test, VALID_LABELS);
    }

    @Test
    void readsPython2PicklesWhoseBytesAreStr() throws IOException {
        Path dir = copy("numpy1", tmp.resolve("d"));
        // val_data rewritten as Python 2's cPickle writes it: str payloads, dtype('u1', 0, 1)
        Files.write(dir.resolve("val_data"), python2Batch(0, VALID_LABELS));
        ImageNet16Reader.check(dir, false);
        assertKept(ImageNet16Reader.read(dir, false, false), VALID_LABELS);
    }

    @Test
    void theFilesMayLieInTheImageNet16Subfolder() throws IOException {
        copy("numpy2", tmp.resolve("ImageNet16"));
        ImageNet16Reader.check(tmp, false);
        assertKept(ImageNet16Reader.read(tmp, true, false), TRAIN_LABELS);
    }

    @Test
    void skimmingKeepsTypesShapesAndLengthsButNoBytes() throws IOException {
        for (boolean skim : new boolean[] {true, false}) {
            for (String file : new String[] {"train_data_batch_1", "train_data_batch_4", "train_data_batch_5"}) {
                Map<?, ?> dict = (Map<?, ?>) NumpyUnpickler.load(resource("numpy1").resolve(file), skim);
                NumpyArray data = (NumpyArray) dict.get("data");
                assertEquals("u1", data.dtype().code());
                assertArrayEquals(new long[] {2, 768}, data.shape());
                assertEquals(2 * 768, data.data().length());
                assertEquals(skim, data.data().bytes() == null, file);
            }
        }
        Map<?, ?> first = (Map<?, ?>) NumpyUnpickler.load(resource("numpy1").resolve("train_data_batch_1"), false);
        NumpyArray mean = (NumpyArray) first.get("mean");
        assertEquals("f8", mean.dtype().code());
        assertEquals("<", mean.dtype().byteOrder());
        assertEquals(768 * 8, mean.data().length());
        assertTrue(((NumpyArray) ((Map<?, ?>) NumpyUnpickler.load(resource("numpy1").resolve("train_data_batch_5"),
                true)).get("data")).fortranOrder());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("wrong_width", "'data' has shape (2, 700), expected (N, 768)"),
                Arguments.of("three_dims", "'data' has shape (2, 3, 256), expected (N, 768)"),
                Arguments.of("wrong_dtype", "'data' has dtype i2, expected uint8 (u1)"),
                Arguments.of("label_count", "holds 2 images but 3 labels"),
                Arguments.of("label_zero", "label 0 of image 1 is outside 1..1000"),
                Arguments.of("label_1001", "label 1001 of image 0 is outside 1..1000"),
                Arguments.of("labels_array", "'labels' is a numpy array, expected a list of ints"),
                Arguments.of("no_labels", "the pickled dict has no 'labels' (its keys: data;"),
                Arguments.of("not_a_dict", "holds a pickled list, expected a dict with 'data' and 'labels'"),
                Arguments.of("other_object", "refers to the Python object collections.OrderedDict"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aBadFileIsOneLineNamingItAndTheFix(String name, String problem) throws IOException {
        Path dir = copy("numpy1", tmp.resolve("d"));
        Path file = dir.resolve("train_data_batch_3");
        Files.copy(resource("bad").resolve(name), file, StandardCopyOption.REPLACE_EXISTING);
        assertBad(file, problem, () -> ImageNet16Reader.check(dir, false));
        assertBad(file, problem, () -> ImageNet16Reader.read(dir, true, false));
        // the test split does not read training files
        assertEquals(3, ImageNet16Reader.read(dir, false, false).size());
    }

    private static void assertBad(Path file, String problem, Executable call) {
        DataFileException e = assertThrows(DataFileException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        assertTrue(m.contains(problem), m);
        assertTrue(m.contains("NAS-Bench-201 authors' data") && m.contains(ImageNet16Reader.DOWNLOAD), m);
        assertFalse(m.contains("\n"), m);
        assertEquals(file.toString(), e.path());
    }

    /** Every cut of a file, in any of the forms, is reported as truncated, whether skimmed or read. */
    @Test
    void everyTruncationIsReportedAsTruncated() throws IOException {
        Path dir = copy("numpy1", tmp.resolve("d"));
        Path file = dir.resolve("val_data");
        Map<String, byte[]> forms = Map.of(
                "protocol 2 (text payload)", Files.readAllBytes(resource("numpy1").resolve("val_data")),
                "protocol 3", Files.readAllBytes(resource("numpy2").resolve("train_data_batch_2")),
                "protocol 5", Files.readAllBytes(resource("numpy2").resolve("train_data_batch_4")),
                "python 2", python2Batch(0, VALID_LABELS));
        for (Map.Entry<String, byte[]> form : forms.entrySet()) {
            byte[] whole = form.getValue();
            // every length near the start and the end (where the opcodes are), every 23rd in the payload
            for (int length = 1; length < whole.length;
                    length += length < 64 || length >= whole.length - 48 ? 1 : 23) {
                Files.write(file, Arrays.copyOf(whole, length));
                String cut = form.getKey() + " cut to " + length;
                DataFileException e = assertThrows(DataFileException.class,
                        () -> ImageNet16Reader.read(dir, false, false), cut);
                assertTrue(e.getMessage().startsWith(file + ": truncated: "), cut + ": " + e.getMessage());
                // the check's skimming read: the same error (the reader words it), without the other files
                assertThrows(EOFException.class, () -> NumpyUnpickler.load(file, true), cut);
            }
            if (form.getKey().equals("protocol 3")) { // and once through the check itself
                DataFileException e = assertThrows(DataFileException.class, () -> ImageNet16Reader.check(dir, false));
                assertTrue(e.getMessage().startsWith(file + ": truncated: "), e.getMessage());
            }
        }
    }

    @Test
    void aCorruptLengthIsAnErrorNotAHugeAllocation() throws IOException {
        Path dir = copy("numpy2", tmp.resolve("d"));
        Path file = dir.resolve("train_data_batch_2"); // protocol 3: BINBYTES, 4-byte length
        byte[] b = Files.readAllBytes(file);
        int at = indexOf(b, new byte[] {'B', 0, 6, 0, 0}); // BINBYTES of 1536 bytes
        assertTrue(at > 0);
        b[at + 4] = 0x7f;
        Files.write(file, b);
        DataFileException e = assertThrows(DataFileException.class, () -> ImageNet16Reader.check(dir, false));
        assertTrue(e.getMessage().startsWith(file + ": truncated: a payload of " + (0x7f000600L) + " bytes"),
                e.getMessage());
    }

    @Test
    void emptyGarbageAndMissingFilesAreOneLineEach() throws IOException {
        Path dir = copy("numpy1", tmp.resolve("d"));
        Path file = dir.resolve("train_data_batch_7");
        Files.write(file, new byte[0]);
        DataFileException e = assertThrows(DataFileException.class, () -> ImageNet16Reader.check(dir, false));
        assertEquals(file + ": file is empty; " + ImageNet16Reader.FIX, e.getMessage());

        Files.writeString(file, "<html>quota exceeded</html>\n", StandardCharsets.UTF_8);
        e = assertThrows(DataFileException.class, () -> ImageNet16Reader.check(dir, false));
        assertTrue(e.getMessage().startsWith(file + ": is not a pickle of a numpy array and labels this reader "
                + "understands ("), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        byte[] noise = new byte[4096];
        new SplittableRandom(3).nextBytes(noise);
        noise[0] = (byte) 0x80; // a PROTO opcode, then noise
        noise[1] = 4;
        Files.write(file, noise);
        e = assertThrows(DataFileException.class, () -> ImageNet16Reader.check(dir, false));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Files.delete(file);
        e = assertThrows(DataFileException.class, () -> ImageNet16Reader.read(dir, true, false));
        assertTrue(e.getMessage().startsWith(file + ": file not found; put the ImageNet16 files (train_data_batch_1 "
                + "... train_data_batch_10, val_data) in " + dir + " or in " + dir.resolve("ImageNet16")
                + "; get them from the NAS-Bench-201 authors' data"), e.getMessage());

        Path none = tmp.resolve("none");
        e = assertThrows(DataFileException.class, () -> DatasetKind.IMAGENET16_120.checkFiles(none));
        assertTrue(e.getMessage().startsWith(none + ": data directory not found; create it and put the ImageNet16 "
                + "files"), e.getMessage());
    }

    @Test
    void theStandardCheckWantsNasBench201sImageCounts() {
        Path dir = resource("numpy1");
        DataFileException e = assertThrows(DataFileException.class, () -> DatasetKind.IMAGENET16_120.checkFiles(dir));
        assertEquals(dir + ": the training files (train_data_batch_1 ... 10) hold 20 images, 14 of them of classes "
                + "1..120; NAS-Bench-201's ImageNet16 has 1,281,167 and 151,700 (a partial download, or another "
                + "downsampled ImageNet?); " + ImageNet16Reader.FIX, e.getMessage());
        assertThrows(DataFileException.class, () -> DatasetKind.IMAGENET16_120.load(dir, false));
    }

    @Test
    void theDatasetKind() {
        DatasetKind kind = DatasetKind.fromId("imagenet16-120");
        assertSame(DatasetKind.IMAGENET16_120, kind);
        assertEquals(3, kind.channels());
        assertEquals(16, kind.imageSize());
        assertEquals(120, kind.numClasses());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * A batch as Python 2's cPickle (protocol 2) writes numpy's pickle of it: keys and the pixel bytes
     * are str (SHORT_BINSTRING, BINSTRING), the dtype is dtype('u1', 0, 1).
     */
    private static byte[] python2Batch(int firstImage, int[] labels) {
        Opcodes p = new Opcodes();
        p.op(0x80).op(2).op('}').op('(');
        p.shortStr("data");
        p.global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray");
        p.op('K').op(0).op(0x85).shortStr("b").op(0x87).op('R');
        p.op('(').op('K').op(1);
        p.op('K').op(labels.length).op('M').op(768 & 0xFF).op(768 >> 8).op(0x86);
        p.global("numpy", "dtype").shortStr("u1").op('K').op(0).op('K').op(1).op(0x87).op('R');
        p.op('(').op('K').op(3).shortStr("|").op('N').op('N').op('N');
        p.op('J').int4(-1).op('J').int4(-1).op('K').op(0).op('t').op('b');
        p.op(0x89);
        byte[] pixels = new byte[labels.length * 768];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < 768; j++) {
                pixels[i * 768 + j] = (byte) pixel(firstImage + i, j);
            }
        }
        p.op('T').int4(pixels.length).bytes(pixels);
        p.op('t').op('b');
        p.shortStr("labels").op(']').op('(');
        for (int label : labels) {
            p.op('M').op(label & 0xFF).op(label >> 8);
        }
        p.op('e').op('u').op('.');
        return p.out.toByteArray();
    }

    /** Pickle opcodes written by hand. */
    private static final class Opcodes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Opcodes op(int b) {
            out.write(b);
            return this;
        }

        Opcodes int4(int v) {
            return op(v & 0xFF).op(v >> 8 & 0xFF).op(v >> 16 & 0xFF).op(v >>> 24);
        }

        Opcodes bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Opcodes shortStr(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            return op('U').op(b.length).bytes(b);
        }

        Opcodes global(String module, String name) {
            return op('c').bytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
