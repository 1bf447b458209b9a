package org.geonas.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.geonas.core.data.NumpyUnpickler.NumpyArray;
import org.geonas.core.data.NumpyUnpickler.Payload;

/**
 * Reads ImageNet16-120, the 16x16 downsampled ImageNet that NAS-Bench-201 searches and reports on.
 *
 * <p>The folder {@code ImageNet16/} holds {@code train_data_batch_1} ... {@code train_data_batch_10}
 * and {@code val_data}: Python pickles (see {@link NumpyUnpickler}) of a dict with {@code data}, a
 * numpy uint8 array of one 768-byte row per image (the 16x16 red plane, then green, then blue: CHW
 * already), and {@code labels}, a list of ints 1..1000. ImageNet16-120 keeps the images whose label is
 * 1..120, in file order, with class label - 1: 151,700 training images and 6,000 test images (from
 * {@code val_data}), as NAS-Bench-201's code builds it.
 *
 * <p>The data directory may hold the files directly or in {@code ImageNet16/}. A check looks at every
 * file (present, readable, a pickle of that shape, labels in range) and the image counts, stepping
 * over the pixel bytes; a read first makes sure all of its files are there.
 */
public final class ImageNet16Reader {

    /** Bytes (and floats) per image: 3 x 16 x 16. */
    static final int PIXELS = 3 * 16 * 16;
    /** Labels in the files: ImageNet's classes, 1-based. */
    static final int LABELS = 1000;
    static final int CLASSES = 120;
    static final String SUBFOLDER = "ImageNet16";
    static final List<String> TRAIN_FILES =
            IntStream.rangeClosed(1, 10).mapToObj(i -> "train_data_batch_" + i).toList();
    static final List<String> TEST_FILES = List.of("val_data");

    /** The counts NAS-Bench-201's loader asserts: all classes, and classes 1..120. */
    static final int TRAIN_IMAGES = 1_281_167;
    static final int TEST_IMAGES = 50_000;
    static final int TRAIN_KEPT = 151_700;
    static final int TEST_KEPT = 6_000;

    /** The NAS-Bench-201 authors' training and evaluation data (docs/NAS-Bench-201.md of AutoDL-Projects). */
    static final String DOWNLOAD = "https://drive.google.com/open?id=1L0Lzq8rWpZLPfiQGd6QR8q5xLV88emU7";
    static final String FIX = "re-download ImageNet16 (the folder ImageNet16/ of the NAS-Bench-201 authors' data, "
            + DOWNLOAD + ")";
    private static final String FILES = "the ImageNet16 files (train_data_batch_1 ... train_data_batch_10, val_data)";
    private static final String SOURCE = "get them from the NAS-Bench-201 authors' data (" + DOWNLOAD
            + ", folder ImageNet16)";

    private ImageNet16Reader() {}

    /** ImageNet16-120: 151,700 training or 6,000 test images, 3x16x16, classes 0..119 (label - 1). */
    public static ImageSet first120Classes(Path dataDir, boolean train) {
        return read(dataDir, train, true);
    }

    /**
     * Checks all eleven files (present, readable, a pickle of a uint8 array of 768-byte rows and as many
     * labels in 1..1000) and NAS-Bench-201's image counts, reading the labels but not the pixels.
     *
     * @throws DataFileException naming the first bad file (or the folder, for wrong counts) and the fix
     */
    public static void checkFirst120Classes(Path dataDir) {
        check(dataDir, true);
    }

    /** The check; without {@code standardCounts} any number of images is accepted (tests, samples). */
    static void check(Path dataDir, boolean standardCounts) {
        split(dataDir, true, true, standardCounts);
        split(dataDir, false, true, standardCounts);
    }

    /** Reads one split; without {@code standardCounts} any number of images is accepted. */
    static ImageSet read(Path dataDir, boolean train, boolean standardCounts) {
        List<Kept> files = split(dataDir, train, false, standardCounts);
        int total = files.stream().mapToInt(k -> k.classes().length).sum();
        float[] pixels = new float[Math.multiplyExact(total, PIXELS)];
        int[] labels = new int[total];
        int n = 0;
        for (Kept k : files) {
            Bytes.toUnit(k.pixels(), 0, pixels, n * PIXELS, k.pixels().length);
            System.arraycopy(k.classes(), 0, labels, n, k.classes().length);
            n += k.classes().length;
        }
        return new ImageSet("imagenet16-120" + (train ? "-train" : "-test"), 3, 16, 16, CLASSES, pixels, labels);
    }

    /**
     * One file's images of classes 1..120.
     *
     * @param rows all images in the file
     * @param pixels the kept images' rows, CHW; null when skimmed
     * @param classes the kept images' classes, label - 1
     */
    private record Kept(int rows, byte[] pixels, int[] classes) {}

    private static List<Kept> split(Path dataDir, boolean train, boolean skim, boolean standardCounts) {
        Bytes.requireDirectory(dataDir, FILES, SOURCE);
        List<String> names = train ? TRAIN_FILES : TEST_FILES;
        Path dir = CifarReader.resolveDir(dataDir, SUBFOLDER, names.get(0));
        List<Path> files = names.stream().map(dir::resolve).toList();
        for (Path file : files) { // all there before minutes go into reading the first
            requireFile(file, dataDir);
        }
        List<Kept> kept = new ArrayList<>(files.size());
        for (Path file : files) {
            kept.add(keep(file, unpickle(file, skim)));
        }
        if (standardCounts) {
            requireCounts(dir, train, kept);
        }
        return kept;
    }

    private static void requireFile(Path file, Path dataDir) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "file not found; put " + FILES + " in " + dataDir + " or in "
                    + dataDir.resolve(SUBFOLDER) + "; " + SOURCE);
        }
        if (!Files.isReadable(file)) {
            throw new DataFileException(file, "cannot be read (permissions?); make it readable, or " + FIX);
        }
        if (Bytes.size(file, FIX) == 0) {
            throw new DataFileException(file, "file is empty; " + FIX);
        }
    }

    /** The file's dict checked entry by entry, and its images of classes 1..120. */
    private static Kept keep(Path file, Object root) {
        if (!(root instanceof Map<?, ?> dict)) {
            throw bad(file, "holds a pickled " + NumpyUnpickler.pythonType(root)
                    + ", expected a dict with 'data' and 'labels' (not an ImageNet16 batch file?)");
        }
        for (String key : List.of("data", "labels")) {
            if (!dict.containsKey(key)) {
                throw bad(file, "the pickled dict has no '" + key + "' (its keys: " + dict.keySet().stream()
                        .map(String::valueOf).sorted().collect(Collectors.joining(", "))
                        + "; not an ImageNet16 batch file?)");
            }
        }
        if (!(dict.get("data") instanceof NumpyArray data) || !data.built()) {
            throw bad(file, "'data' is a " + NumpyUnpickler.pythonType(dict.get("data"))
                    + ", expected a numpy uint8 array");
        }
        if (!data.dtype().code().equals("u1")) {
            throw bad(file, "'data' has dtype " + data.dtype().code() + ", expected uint8 (u1)");
        }
        long[] shape = data.shape();
        if (shape.length != 2 || shape[1] != PIXELS) {
            throw bad(file, "'data' has shape " + shapeText(shape) + ", expected (N, " + PIXELS
                    + "): a row of 3x16x16 pixels per image");
        }
        if (shape[0] > Integer.MAX_VALUE / PIXELS) {
            throw bad(file, "'data' has " + shape[0] + " rows, more than one array can hold (corrupt file?)");
        }
        int rows = (int) shape[0];
        Payload bytes = data.data();
        if (bytes.length() != (long) rows * PIXELS) {
            throw bad(file, "'data' of shape " + shapeText(shape) + " needs " + (long) rows * PIXELS + " bytes but holds "
                    + bytes.length() + " (corrupt file?)");
        }
        if (!(dict.get("labels") instanceof List<?> labels)) {
            throw bad(file, "'labels' is a " + NumpyUnpickler.pythonType(dict.get("labels"))
                    + ", expected a list of ints");
        }
        if (labels.size() != rows) {
            throw bad(file, "holds " + rows + " images but " + labels.size() + " labels (corrupt file?)");
        }
        int[] keptRows = new int[rows];
        int[] classes = new int[rows];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            Object label = labels.get(i);
            if (!(label instanceof Integer || label instanceof Long)) {
                throw bad(file, "label " + i + " is a " + NumpyUnpickler.pythonType(label) + ", expected an int");
            }
            long value = ((Number) label).longValue();
            if (value < 1 || value > LABELS) {
                throw bad(file, "label " + value + " of image " + i + " is outside 1.." + LABELS
                        + " (not an ImageNet16 batch file?)");
            }
            if (value <= CLASSES) {
                keptRows[n] = i;
                classes[n++] = (int) value - 1;
            }
        }
        byte[] pixels = bytes.bytes() == null ? null : keptPixels(bytes.bytes(), rows, data.fortranOrder(), keptRows, n);
        return new Kept(rows, pixels, Arrays.copyOf(classes, n));
    }

    /** The kept rows' bytes; numpy's column-major order ('F') has image i's byte j at j * rows + i. */
    private static byte[] keptPixels(byte[] all, int rows, boolean fortranOrder, int[] keptRows, int n) {
        byte[] out = new byte[n * PIXELS];
        for (int k = 0; k < n; k++) {
            int i = keptRows[k];
            if (fortranOrder) {
                for (int j = 0; j < PIXELS; j++) {
                    out[k * PIXELS + j] = all[j * rows + i];
                }
            } else {
                System.arraycopy(all, i * PIXELS, out, k * PIXELS, PIXELS);
            }
        }
        return out;
    }

    private static void requireCounts(Path dir, boolean train, List<Kept> files) {
        long images = files.stream().mapToLong(Kept::rows).sum();
        long kept = files.stream().mapToLong(k -> k.classes().length).sum();
        int expectedImages = train ? TRAIN_IMAGES : TEST_IMAGES;
        int expectedKept = train ? TRAIN_KEPT : TEST_KEPT;
        if (images != expectedImages || kept != expectedKept) {
            throw new DataFileException(dir, String.format("the %s hold %,d images, %,d of them of classes 1..%d; "
                    + "NAS-Bench-201's ImageNet16 has %,d and %,d (a partial download, or another downsampled "
                    + "ImageNet?); %s", train ? "training files (train_data_batch_1 ... 10)" : "test file (val_data)",
                    images, kept, CLASSES, expectedImages, expectedKept, FIX));
        }
    }

    private static DataFileException bad(Path file, String problem) {
        return new DataFileException(file, problem + "; " + FIX);
    }

    private static String shapeText(long[] shape) {
        return "(" + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "))
                + (shape.length == 1 ? ",)" : ")");
    }

    /** Pickle errors as one line naming the file: truncated, unreadable, or not such a pickle. */
    private static Object unpickle(Path file, boolean skim) {
        try {
            return NumpyUnpickler.load(file, skim);
        } catch (EOFException e) {
            throw bad(file, "truncated: " + e.getMessage() + " (an interrupted download?)");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e + "; " + FIX, e);
        } catch (RuntimeException e) {
            throw new DataFileException(file, "is not a pickle of a numpy array and labels this reader understands ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "; a corrupt download?); " + FIX, e);
        }
    }
}
