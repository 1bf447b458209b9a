package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir Path dir;

    private static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i * 13 + 5));
        }
        return b.array();
    }

    private static byte[] labels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) ((i * 7) % 10));
        }
        return b.array();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static void assertDecoded(ImageSet set, int count, int rows, int cols) {
        assertEquals(count, set.size());
        assertEquals(1, set.channels());
        assertEquals(rows, set.height());
        assertEquals(cols, set.width());
        for (int i = 0; i < count * rows * cols; i++) {
            assertEquals(((i * 13 + 5) & 0xFF) / 255f, set.pixels()[i], 0f);
        }
        for (int i = 0; i < count; i++) {
            assertEquals((i * 7) % 10, set.labels()[i]);
        }
    }

    @Test
    void readsGzippedTrainAndPlainTestPairs() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(6, 5, 4)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(6)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(3, 5, 4));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(3));
        DatasetKind.FASHION_MNIST.checkFiles(dir);
        ImageSet train = DatasetKind.FASHION_MNIST.load(dir, true);
        assertDecoded(train, 6, 5, 4);
        assertEquals("fashion-mnist-train", train.name());
        assertDecoded(DatasetKind.FASHION_MNIST.load(dir, false), 3, 5, 4);
    }

    @Test
    void gzipIsDetectedByMagicBytesNotName() throws IOException {
        Path img = dir.resolve("images");
        Path lab = dir.resolve("labels.gz"); // misnamed: plain data with a .gz suffix
        Files.write(img, gzip(images(4, 3, 3)));
        Files.write(lab, labels(4));
        assertDecoded(IdxReader.read(img, lab, "x", 10, "fix it"), 4, 3, 3);
    }

    @Test
    void badMagicNamesFileAndBothNumbers() throws IOException {
        Path img = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(img, gzip(labels(6))); // a labels file where the images belong
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(6)));
        DataFileException e = assertThrows(DataFileException.class,
                () -> IdxReader.fashionMnist(dir, true));
        String m = e.getMessage();
        assertTrue(m.startsWith(img + ": bad magic number"), m);
        assertTrue(m.contains("0x00000801 (2049)") && m.contains("0x00000803 (2051)"), m);
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path img = dir.resolve("i");
        Path lab = dir.resolve("l");
        Files.write(img, images(5, 2, 2));
        Files.write(lab, labels(4));
        DataFileException e = assertThrows(DataFileException.class,
                () -> IdxReader.read(img, lab, "x", 10, "fix it"));
        assertTrue(e.getMessage().contains("5 images") && e.getMessage().contains("4 labels")
                && e.getMessage().contains(lab.toString()) && e.getMessage().startsWith(img + ": "),
                e.getMessage());
    }

    @Test
    void truncatedPlainAndGzippedFilesAreRejected() throws IOException {
        Path lab = dir.resolve("l");
        Files.write(lab, labels(5));
        byte[] full = images(5, 4, 4);

        Path plain = dir.resolve("plain");
        Files.write(plain, Arrays.copyOf(full, full.length - 10));
        DataFileException e = assertThrows(DataFileException.class,
                () -> IdxReader.read(plain, lab, "x", 10, "fix it"));
        assertTrue(e.getMessage().startsWith(plain + ": wrong size") && e.getMessage().contains("truncated"),
                e.getMessage());

        // Well-formed gzip of too little data: caught by the trailer check, no inflating needed.
        Path shortGz = dir.resolve("short.gz");
        Files.write(shortGz, gzip(Arrays.copyOf(full, full.length - 10)));
        e = assertThrows(DataFileException.class, () -> IdxReader.read(shortGz, lab, "x", 10, "fix"));
        assertTrue(e.getMessage().startsWith(shortGz + ": gzip trailer says"), e.getMessage());

        // A gzip download cut off in the middle.
        Path cutGz = dir.resolve("cut.gz");
        byte[] gz = gzip(images(200, 28, 28));
        Files.write(cutGz, Arrays.copyOf(gz, gz.length / 2));
        Files.write(lab, labels(200));
        e = assertThrows(DataFileException.class, () -> IdxReader.read(cutGz, lab, "x", 10, "fix"));
        assertTrue(e.getMessage().startsWith(cutGz + ": "), e.getMessage());
    }

    @Test
    void missingFileSaysWhatToPutThere() {
        DataFileException e = assertThrows(DataFileException.class,
                () -> DatasetKind.FASHION_MNIST.checkFiles(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("train-images-idx3-ubyte") + ": file not found"),
                e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void debianFashionMnistIfInstalled() {
        Path d = IdxReader.DEBIAN_FASHION_MNIST;
        boolean present = Files.isDirectory(d);
        if (!present) {
            System.out.println("skipping: " + d + " not found (install the Debian package "
                    + "dataset-fashion-mnist)");
        }
        Assumptions.assumeTrue(present, d + " not found (install dataset-fashion-mnist)");
        DatasetKind.FASHION_MNIST.checkFiles(d);
        ImageSet train = DatasetKind.FASHION_MNIST.load(d, true);
        assertEquals(60_000, train.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(1, train.channels());
        int[] perClass = new int[10];
        for (int l : train.labels()) {
            perClass[l]++; // would throw if outside 0..9
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 6000);
        assertArrayEquals(expected, perClass);
        float min = 1;
        float max = 0;
        for (float v : train.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertEquals(10_000, DatasetKind.FASHION_MNIST.load(d, false).size());
    }
}
