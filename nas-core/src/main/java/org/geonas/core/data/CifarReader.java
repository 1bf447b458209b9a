package org.geonas.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (https://www.cs.toronto.edu/~kriz/cifar.html).
 *
 * <p>A record is the label byte(s) followed by 3072 pixel bytes: the 32x32 red plane, then green,
 * then blue. That is already CHW order, so each record converts to floats in one straight loop.
 *
 * <p>The data directory may hold the {@code .bin} files directly or inside the folder the archive
 * extracts to ({@code cifar-10-batches-bin/}, {@code cifar-100-binary/}). All files are checked
 * (present, size = records x record length) before any is read.
 */
public final class CifarReader {
    private CifarReader() {}

    /** The two binary formats; package-private so tests can read non-standard record counts. */
    enum Format {
        CIFAR10("CIFAR-10", "cifar10", "cifar-10-batches-bin", 1, 0, 10,
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin"), 10_000, List.of("test_batch.bin"), 10_000),
        CIFAR100("CIFAR-100", "cifar100", "cifar-100-binary", 2, 1, 100,
                List.of("train.bin"), 50_000, List.of("test.bin"), 10_000);

        static final int PIXELS = 3 * 32 * 32;

        final String title;
        final String id;
        final String subfolder;
        final int labelBytes;
        /** Which label byte is used: CIFAR-100 has coarse then fine; we use the fine label. */
        final int labelIndex;
        final int numClasses;
        final List<String> trainFiles;
        final int trainRecordsPerFile;
        final List<String> testFiles;
        final int testRecordsPerFile;

        Format(String title, String id, String subfolder, int labelBytes, int labelIndex,
                int numClasses, List<String> trainFiles, int trainRecordsPerFile, List<String> testFiles,
                int testRecordsPerFile) {
            this.title = title;
            this.id = id;
            this.subfolder = subfolder;
            this.labelBytes = labelBytes;
            this.labelIndex = labelIndex;
            this.numClasses = numClasses;
            this.trainFiles = trainFiles;
            this.trainRecordsPerFile = trainRecordsPerFile;
            this.testFiles = testFiles;
            this.testRecordsPerFile = testRecordsPerFile;
        }

        int recordBytes() {
            return labelBytes + PIXELS;
        }

        String fix() {
            return "re-download the " + title + " binary version from "
                    + "https://www.cs.toronto.edu/~kriz/cifar.html";
        }

        /** "the CIFAR-10 binary files (a.bin, b.bin)". */
        String files() {
            List<String> all = new ArrayList<>(trainFiles);
            all.addAll(testFiles);
            return "the " + title + " binary files (" + String.join(", ", all) + ")";
        }

        String source() {
            return "get them by extracting the " + title + " binary version from "
                    + "https://www.cs.toronto.edu/~kriz/cifar.html";
        }
    }

    /** CIFAR-10: 50,000 training or 10,000 test images, 3x32x32, 10 classes. */
    public static ImageSet cifar10(Path dataDir, boolean train) {
        return read(Format.CIFAR10, dataDir, train, true);
    }

    /** CIFAR-100 with fine labels: 50,000 training or 10,000 test images, 3x32x32, 100 classes. */
    public static ImageSet cifar100(Path dataDir, boolean train) {
        return read(Format.CIFAR100, dataDir, train, true);
    }

    /** Checks presence and exact sizes of all CIFAR-10 files (train and test) without reading them. */
    public static void checkCifar10(Path dataDir) {
        check(Format.CIFAR10, dataDir);
    }

    /** Checks presence and exact sizes of both CIFAR-100 files without reading them. */
    public static void checkCifar100(Path dataDir) {
        check(Format.CIFAR100, dataDir);
    }

    private static void check(Format format, Path dataDir) {
        records(format, dataDir, true, true);
        records(format, dataDir, false, true);
    }

    /**
     * Reads one split. With {@code standardCounts} every file must hold exactly the standard number
     * of records; without, any whole number of records is accepted (tests, subsets).
     */
    static ImageSet read(Format format, Path dataDir, boolean train, boolean standardCounts) {
        List<FileRecords> files = records(format, dataDir, train, standardCounts);
        long total = 0;
        int largest = 0;
        for (FileRecords f : files) {
            total += f.records;
            largest = Math.max(largest, f.records);
        }
        int recordBytes = format.recordBytes();
        float[] pixels = new float[Math.toIntExact(total * Format.PIXELS)];
        int[] labels = new int[(int) total];
        // One buffer for all files: a whole file is read with one bulk call, then converted.
        byte[] buf = new byte[largest * recordBytes];
        int n = 0;
        for (FileRecords f : files) {
            Bytes.readFully(f.path, buf, f.records * recordBytes, format.fix());
            for (int r = 0; r < f.records; r++, n++) {
                int off = r * recordBytes;
                int label = buf[off + format.labelIndex] & 0xFF;
                if (label >= format.numClasses) {
                    throw new DataFileException(f.path, "record " + r + " has label " + label
                            + ", expected 0.." + (format.numClasses - 1) + " (not a " + format.title
                            + " binary file?); " + format.fix());
                }
                labels[n] = label;
                Bytes.toUnit(buf, off + format.labelBytes, pixels, n * Format.PIXELS, Format.PIXELS);
            }
        }
        return new ImageSet(format.id + (train ? "-train" : "-test"), 3, 32, 32, format.numClasses,
                pixels, labels);
    }

    private record FileRecords(Path path, int records) {}

    /** Resolves the split's files and checks them, returning their record counts. */
    private static List<FileRecords> records(
            Format format, Path dataDir, boolean train, boolean standardCounts) {
        Bytes.requireDirectory(dataDir, format.files(), format.source());
        List<String> names = train ? format.trainFiles : format.testFiles;
        int standard = train ? format.trainRecordsPerFile : format.testRecordsPerFile;
        Path dir = resolveDir(dataDir, format.subfolder, names.get(0));
        long recordBytes = format.recordBytes();
        List<FileRecords> out = new ArrayList<>(names.size());
        for (String name : names) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new DataFileException(file, "file not found; put " + format.files() + " in "
                        + dataDir + " or in " + dataDir.resolve(format.subfolder) + "; " + format.source());
            }
            long size = Bytes.size(file, format.fix());
            if (size == 0) {
                throw new DataFileException(file, "file is empty; " + format.fix());
            }
            if (size % recordBytes != 0) {
                throw new DataFileException(file, size + " bytes is not a multiple of the " + recordBytes
                        + "-byte " + format.title + " record (truncated download?); " + format.fix());
            }
            if (standardCounts && size != standard * recordBytes) {
                throw new DataFileException(file, "wrong size: expected " + standard * recordBytes
                        + " bytes (" + standard + " records of " + recordBytes + " bytes) but found " + size
                        + " bytes (" + size / recordBytes + " records; wrong or partial download?); "
                        + format.fix());
            }
            if (size / recordBytes > Integer.MAX_VALUE / Format.PIXELS) {
                throw new DataFileException(file, "too large (" + size + " bytes) for a " + format.title
                        + " file; " + format.fix());
            }
            out.add(new FileRecords(file, (int) (size / recordBytes)));
        }
        return out;
    }

    /** The files live in dataDir itself or in the archive's extracted subfolder; prefer the former. */
    static Path resolveDir(Path dataDir, String subfolder, String probe) {
        if (Files.exists(dataDir.resolve(probe))) {
            return dataDir;
        }
        Path sub = dataDir.resolve(subfolder);
        return Files.isDirectory(sub) ? sub : dataDir;
    }
}
