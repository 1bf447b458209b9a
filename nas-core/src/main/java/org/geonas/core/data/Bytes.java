package org.geonas.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared low-level helpers for the readers. */
final class Bytes {
    private Bytes() {}

    /** {@code TO_UNIT[b & 0xFF] == (b & 0xFF) / 255f}: a table lookup beats a float division. */
    static final float[] TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            TO_UNIT[i] = i / 255f;
        }
    }

    /** Converts {@code n} unsigned bytes to floats in [0,1]. */
    static void toUnit(byte[] src, int srcOff, float[] dst, int dstOff, int n) {
        float[] lut = TO_UNIT;
        for (int k = 0; k < n; k++) {
            dst[dstOff + k] = lut[src[srcOff + k] & 0xFF];
        }
    }

    /** Big-endian 32-bit int at {@code off}. */
    static int bigEndianInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8
                | (b[off + 3] & 0xFF);
    }

    /** Reads exactly {@code n} bytes of {@code file} into {@code buf}; fewer means it shrank. */
    static void readFully(Path file, byte[] buf, int n, String fix) {
        try (InputStream in = Files.newInputStream(file)) {
            int got = in.readNBytes(buf, 0, n);
            if (got != n) {
                throw new DataFileException(
                        file, "only " + got + " of " + n + " bytes could be read (file changed while reading?); "
                                + fix);
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e + "; " + fix, e);
        }
    }

    /** Size of a file that must exist; an unreadable size is reported, not thrown raw. */
    static long size(Path file, String fix) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read its size: " + e + "; " + fix, e);
        }
    }

    /**
     * Checks that {@code dir} is an existing directory, naming it, what belongs in it ({@code files},
     * e.g. "the X files (a, b)") and where to get that ({@code source}, e.g. "get them from URL").
     */
    static void requireDirectory(Path dir, String files, String source) {
        if (dir == null) {
            throw new DataFileException(null, "no data directory given; pass the directory that holds "
                    + files + "; " + source);
        }
        if (!Files.exists(dir)) {
            throw new DataFileException(dir, "data directory not found; create it and put " + files
                    + " there; " + source);
        }
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, "is not a directory; pass the directory that holds "
                    + files + "; " + source);
        }
    }
}
