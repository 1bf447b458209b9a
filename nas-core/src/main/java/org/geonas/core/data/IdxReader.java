package org.geonas.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzipped.
 *
 * <p>Gzip is recognised by its magic bytes (0x1f 0x8b), not by the name, because downloads are
 * often renamed or silently decompressed by browsers. Headers are big-endian: images {@code
 * 0x00000803, count, rows, cols}; labels {@code 0x00000801, count}; then one unsigned byte per
 * pixel (row-major) or per label.
 */
public final class IdxReader {
    private IdxReader() {}

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    /** Where the Debian package {@code dataset-fashion-mnist} installs the (gzipped) files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    static final String FASHION_FIX = "re-download Fashion-MNIST from "
            + "https://github.com/zalandoresearch/fashion-mnist (or install the Debian package "
            + "dataset-fashion-mnist, which puts it in " + DEBIAN_FASHION_MNIST + ")";
    private static final String FASHION_FILES = "the Fashion-MNIST files train-images-idx3-ubyte, "
            + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (plain or .gz)";
    private static final String FASHION_SOURCE = "get them from "
            + "https://github.com/zalandoresearch/fashion-mnist or install the Debian package "
            + "dataset-fashion-mnist, which puts them in " + DEBIAN_FASHION_MNIST;

    private static final int CHUNK = 1 << 20;

    /** Fashion-MNIST: 60,000 training or 10,000 test images, 1x28x28, 10 classes. */
    public static ImageSet fashionMnist(Path dataDir, boolean train) {
        Path[] files = fashionFiles(dataDir, train);
        return read(files[0], files[1], "fashion-mnist" + (train ? "-train" : "-test"), 10,
                FASHION_FIX);
    }

    /** Checks presence, headers and sizes of all four Fashion-MNIST files without reading pixels. */
    public static void checkFashionMnist(Path dataDir) {
        for (boolean train : new boolean[] {true, false}) {
            Path[] files = fashionFiles(dataDir, train);
            check(files[0], files[1], FASHION_FIX);
        }
    }

    /**
     * Reads an images/labels pair of IDX files into an image set with one channel.
     *
     * @param fix what to tell the user to do when a file is bad (e.g. where to re-download it)
     */
    public static ImageSet read(Path imagesFile, Path labelsFile, String name, int numClasses,
            String fix) {
        Header h = check(imagesFile, labelsFile, fix);
        int[] labels = readLabels(labelsFile, h.count, numClasses, fix);
        float[] pixels = readPixels(imagesFile, h, fix);
        return new ImageSet(name, 1, h.rows, h.cols, numClasses, pixels, labels);
    }

    /**
     * Checks both headers (magic, dimensions), that the counts agree and that the data lengths match
     * the headers (exact file size for plain files, the gzip trailer's length for gzipped ones).
     *
     * @return the images header
     */
    static Header check(Path imagesFile, Path labelsFile, String fix) {
        Header images = header(imagesFile, IMAGES_MAGIC, fix);
        Header labels = header(labelsFile, LABELS_MAGIC, fix);
        if (images.count != labels.count) {
            throw new DataFileException(imagesFile, "holds " + images.count + " images but "
                    + labelsFile + " holds " + labels.count + " labels (files from different sets?); " + fix);
        }
        return images;
    }

    /** An IDX header; rows and cols are 1 for label files. */
    record Header(int count, int rows, int cols, int headerBytes) {
        long dataBytes() {
            return (long) count * rows * cols;
        }
    }

    private static Header header(Path file, int expectedMagic, String fix) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "file not found; " + fix);
        }
        boolean images = expectedMagic == IMAGES_MAGIC;
        int headerBytes = images ? 16 : 8;
        byte[] b;
        boolean gzip;
        try (InputStream in = open(file)) {
            gzip = in instanceof GZIPInputStream;
            b = in.readNBytes(headerBytes);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read the IDX header (" + e
                    + "; corrupt gzip file?); " + fix, e);
        }
        if (b.length < 4) {
            throw new DataFileException(file, "only " + b.length + " bytes, too short for an IDX file "
                    + "(truncated download?); " + fix);
        }
        int magic = Bytes.bigEndianInt(b, 0);
        if (magic != expectedMagic) {
            throw new DataFileException(file, String.format(
                    "bad magic number 0x%08x (%d), expected 0x%08x (%d) for an IDX %s file "
                            + "(wrong file, or a gzip file decompressed twice?); %s",
                    magic, magic, expectedMagic, expectedMagic, images ? "images" : "labels", fix));
        }
        if (b.length < headerBytes) {
            throw new DataFileException(file, "header truncated after " + b.length + " of "
                    + headerBytes + " bytes (truncated download?); " + fix);
        }
        int count = Bytes.bigEndianInt(b, 4);
        int rows = images ? Bytes.bigEndianInt(b, 8) : 1;
        int cols = images ? Bytes.bigEndianInt(b, 12) : 1;
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new DataFileException(file, "header has impossible dimensions " + count + " x "
                    + rows + " x " + cols + " (corrupt file?); " + fix);
        }
        Header h = new Header(count, rows, cols, headerBytes);
        if (h.dataBytes() > Integer.MAX_VALUE - 8) {
            throw new DataFileException(file, "header promises " + h.dataBytes()
                    + " bytes of data, more than one array can hold (corrupt file?); " + fix);
        }
        long expected = headerBytes + h.dataBytes();
        if (gzip) {
            checkGzipLength(file, expected, fix);
        } else {
            long size = Bytes.size(file, fix);
            if (size != expected) {
                throw new DataFileException(file, "wrong size: the header describes " + describe(h)
                        + ", i.e. " + expected + " bytes, but the file has " + size + " bytes ("
                        + (size < expected ? "truncated download?" : "trailing garbage?") + "); " + fix);
            }
        }
        return h;
    }

    /**
     * The last 4 bytes of a gzip file are the uncompressed length mod 2^32 (RFC 1952 ISIZE): a free
     * way to catch a truncated download without inflating the whole file.
     */
    private static void checkGzipLength(Path file, long expected, String fix) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 18) {
                throw new DataFileException(file, "gzip file of only " + size
                        + " bytes (truncated download?); " + fix);
            }
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (tail.hasRemaining()) {
                if (ch.read(tail, size - 4 + tail.position()) < 0) {
                    break;
                }
            }
            long isize = Integer.toUnsignedLong(tail.getInt(0));
            if (isize != (expected & 0xFFFF_FFFFL)) {
                throw new DataFileException(file, "gzip trailer says " + isize
                        + " uncompressed bytes but the IDX header needs " + expected
                        + " (truncated or corrupt download?); " + fix);
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e + "; " + fix, e);
        }
    }

    private static String describe(Header h) {
        return h.headerBytes == 16
                ? h.count + " images of " + h.rows + "x" + h.cols
                : h.count + " labels";
    }

    private static int[] readLabels(Path file, int count, int numClasses, String fix) {
        byte[] b;
        try (InputStream in = open(file)) {
            in.skipNBytes(8);
            b = in.readNBytes(count);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read labels (" + e
                    + "; truncated or corrupt download?); " + fix, e);
        }
        if (b.length != count) {
            throw new DataFileException(file, "truncated: the header promises " + count
                    + " labels but the data ends after " + b.length + "; " + fix);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = b[i] & 0xFF;
            if (label >= numClasses) {
                throw new DataFileException(file, "label " + label + " of item " + i + " is outside 0.."
                        + (numClasses - 1) + " (wrong file?); " + fix);
            }
            labels[i] = label;
        }
        return labels;
    }

    /** Streams the pixel bytes in 1 MiB chunks, so a gzipped file never sits inflated in memory. */
    private static float[] readPixels(Path file, Header h, String fix) {
        int total = (int) h.dataBytes();
        float[] pixels = new float[total];
        byte[] buf = new byte[Math.min(CHUNK, Math.max(total, 1))];
        int done = 0;
        try (InputStream in = open(file)) {
            in.skipNBytes(h.headerBytes);
            while (done < total) {
                int want = Math.min(buf.length, total - done);
                int got = in.readNBytes(buf, 0, want);
                Bytes.toUnit(buf, 0, pixels, done, got);
                done += got;
                if (got < want) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read pixel data after " + done + " bytes (" + e
                    + "; truncated or corrupt download?); " + fix, e);
        }
        if (done != total) {
            throw new DataFileException(file, "truncated: the header describes " + describe(h) + " ("
                    + total + " bytes) but the data ends after " + done + " bytes; " + fix);
        }
        return pixels;
    }

    /** Opens a file, transparently inflating it when it starts with the gzip magic bytes. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Finds {@code name} or {@code name.gz} in dataDir; [images, labels]. */
    private static Path[] fashionFiles(Path dataDir, boolean train) {
        Bytes.requireDirectory(dataDir, FASHION_FILES, FASHION_SOURCE);
        String prefix = train ? "train" : "t10k";
        return new Path[] {
            find(dataDir, prefix + "-images-idx3-ubyte"), find(dataDir, prefix + "-labels-idx1-ubyte")
        };
    }

    private static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DataFileException(plain, "file not found (nor " + gz.getFileName() + "); put "
                + FASHION_FILES + " in " + dir + "; " + FASHION_SOURCE);
    }
}
