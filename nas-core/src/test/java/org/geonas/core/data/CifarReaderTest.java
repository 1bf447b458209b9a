package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    private static final int PIX = 3072;

    @TempDir Path dir;

    /** Pixel byte j of record r (globally numbered): distinct per plane and position. */
    private static int pixel(int r, int j) {
        return (r * 31 + j * 7 + (j / 1024) * 50) & 0xFF;
    }

    /** Writes {@code records} records starting at global record number {@code first}. */
    private static void writeRecords(Path file, int first, int records, int labelBytes) throws IOException {
        byte[] b = new byte[records * (labelBytes + PIX)];
        for (int i = 0; i < records; i++) {
            int r = first + i;
            int off = i * (labelBytes + PIX);
            if (labelBytes == 1) {
                b[off] = (byte) (r % 10);
            } else {
                b[off] = (byte) (r % 20);          // coarse
                b[off + 1] = (byte) ((r * 3) % 100); // fine
            }
            for (int j = 0; j < PIX; j++) {
                b[off + labelBytes + j] = (byte) pixel(r, j);
            }
        }
        Files.createDirectories(file.getParent());
        Files.write(file, b);
    }

    private static void assertPixels(ImageSet set, int firstRecord) {
        for (int i = 0; i < set.size(); i++) {
            for (int j = 0; j < PIX; j++) {
                assertEquals(pixel(firstRecord + i, j) / 255f, set.pixels()[i * PIX + j], 0f);
            }
        }
    }

    @Test
    void cifar10TestSplitRoundTrip() throws IOException {
        writeRecords(dir.resolve("test_batch.bin"), 0, 7, 1);
        ImageSet set = CifarReader.read(CifarReader.Format.CIFAR10, dir, false, false);
        assertEquals(7, set.size());
        assertEquals(3, set.channels());
        assertEquals(32, set.height());
        assertEquals(32, set.width());
        assertEquals(10, set.numClasses());
        assertEquals("cifar10-test", set.name());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, set.labels());
        assertPixels(set, 0);
        // Planes: R(0,0) is byte 0, G(0,0) byte 1024, B(31,31) the last byte of the record.
        assertEquals(pixel(2, 1024) / 255f, set.pixels()[2 * PIX + 1024], 0f);
        assertEquals(pixel(2, 3071) / 255f, set.pixels()[2 * PIX + 3071], 0f);
    }

    @Test
    void cifar10TrainReadsFiveFilesInOrderFromExtractedSubfolder() throws IOException {
        Path sub = dir.resolve("cifar-10-batches-bin");
        for (int f = 1; f <= 5; f++) {
            writeRecords(sub.resolve("data_batch_" + f + ".bin"), (f - 1) * 3, 3, 1);
        }
        ImageSet set = CifarReader.read(CifarReader.Format.CIFAR10, dir, true, false);
        assertEquals(15, set.size());
        assertEquals("cifar10-train", set.name());
        for (int i = 0; i < 15; i++) {
            assertEquals(i % 10, set.labels()[i]);
        }
        assertPixels(set, 0);
    }

    @Test
    void cifar100UsesFineLabel() throws IOException {
        writeRecords(dir.resolve("cifar-100-binary/train.bin"), 0, 40, 2);
        ImageSet set = CifarReader.read(CifarReader.Format.CIFAR100, dir, true, false);
        assertEquals(40, set.size());
        assertEquals(100, set.numClasses());
        for (int i = 0; i < 40; i++) {
            assertEquals((i * 3) % 100, set.labels()[i]);
        }
        assertPixels(set, 0);
    }

    @Test
    void truncatedFileNamesFileAndFix() throws IOException {
        Path file = dir.resolve("test_batch.bin");
        writeRecords(file, 0, 3, 1);
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, b.length - 100));
        DataFileException e = assertThrows(DataFileException.class,
                () -> CifarReader.read(CifarReader.Format.CIFAR10, dir, false, false));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("not a multiple of the 3073-byte CIFAR-10 record"),
                e.getMessage());
        assertTrue(e.getMessage().contains("https://www.cs.toronto.edu/~kriz/cifar.html"));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void standardFileWithWrongRecordCountIsRejected() throws IOException {
        Path file = dir.resolve("test_batch.bin");
        writeRecords(file, 0, 5, 1);
        DataFileException e = assertThrows(DataFileException.class,
                () -> CifarReader.cifar10(dir, false));
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        assertTrue(m.contains("30730000") && m.contains(String.valueOf(5 * 3073)), m);
    }

    @Test
    void cifar100WrongSizeNamesExpectedAndActual() throws IOException {
        Path file = dir.resolve("test.bin");
        writeRecords(file, 0, 2, 2);
        DataFileException e = assertThrows(DataFileException.class,
                () -> CifarReader.cifar100(dir, false));
        assertTrue(e.getMessage().contains("test.bin") && e.getMessage().contains("30740000")
                && e.getMessage().contains("6148"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsReported() throws IOException {
        Path file = dir.resolve("test_batch.bin");
        writeRecords(file, 0, 2, 1);
        byte[] b = Files.readAllBytes(file);
        b[3073] = 42;
        Files.write(file, b);
        DataFileException e = assertThrows(DataFileException.class,
                () -> CifarReader.read(CifarReader.Format.CIFAR10, dir, false, false));
        assertTrue(e.getMessage().contains("record 1 has label 42"), e.getMessage());
    }

    @Test
    void missingDirectoryAndMissingFileAreNamed() throws IOException {
        Path missing = dir.resolve("nope");
        DataFileException e = assertThrows(DataFileException.class,
                () -> CifarReader.cifar10(missing, true));
        assertTrue(e.getMessage().startsWith(missing + ": data directory not found"), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());

        writeRecords(dir.resolve("test_batch.bin"), 0, 1, 1);
        e = assertThrows(DataFileException.class, () -> DatasetKind.CIFAR10.checkFiles(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("data_batch_1.bin") + ": file not found"),
                e.getMessage());

        DataFileException none = assertThrows(DataFileException.class,
                () -> DatasetKind.CIFAR100.load(null, true));
        assertTrue(none.getMessage().contains("no data directory given"), none.getMessage());
    }

    /** Full-size files, created sparse (instant): checkFiles passes and the strict reader loads. */
    @Test
    void fullSizeFilesPassCheckAndLoad() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (String name : new String[] {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"}) {
            try (RandomAccessFile f = new RandomAccessFile(sub.resolve(name).toFile(), "rw")) {
                f.setLength(10_000L * 3073);
            }
        }
        DatasetKind.CIFAR10.checkFiles(dir);
        ImageSet test = DatasetKind.CIFAR10.load(dir, false);
        assertEquals(10_000, test.size());
        assertEquals(10_000 * PIX, test.pixels().length);

        try (RandomAccessFile f = new RandomAccessFile(sub.resolve("data_batch_4.bin").toFile(), "rw")) {
            f.setLength(10_000L * 3073 - 3073);
        }
        DataFileException e = assertThrows(DataFileException.class,
                () -> DatasetKind.CIFAR10.checkFiles(dir));
        assertTrue(e.getMessage().contains("data_batch_4.bin") && e.getMessage().contains("9999 records"),
                e.getMessage());
    }
}
