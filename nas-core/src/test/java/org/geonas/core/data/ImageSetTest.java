package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    private static ImageSet random(int n, int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[n * c * h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat();
        }
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % 3;
        }
        return new ImageSet("rand", c, h, w, 3, p, l);
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 1, 2, 2, 10, new float[7], new int[2]));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 1, 2, 2, 10, new float[4], new int[] {10}));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 0, 2, 2, 10, new float[0], new int[0]));
    }

    @Test
    void selectCopiesTheImagesAtTheIndicesInTheirOrder() {
        ImageSet s = random(6, 2, 2, 3, 4);
        ImageSet picked = s.select(new int[] {4, 0, 4});
        assertEquals(3, picked.size());
        assertArrayEquals(new int[] {1, 0, 1}, picked.labels());
        int img = s.imageSize();
        assertArrayEquals(Arrays.copyOfRange(s.pixels(), 4 * img, 5 * img), Arrays.copyOfRange(picked.pixels(), 0, img));
        assertArrayEquals(Arrays.copyOfRange(s.pixels(), 0, img), Arrays.copyOfRange(picked.pixels(), img, 2 * img));
        assertEquals(0, s.select(new int[0]).size());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.select(new int[] {1, 6}));
        assertEquals("index 6 (entry 1) selects outside rand with 6 images", e.getMessage());
    }

    @Test
    void limitAndSlice() {
        ImageSet s = random(10, 2, 3, 3, 1);
        assertEquals(18, s.imageSize());
        assertSame(s, s.limit(0));
        assertSame(s, s.limit(10));
        assertSame(s, s.limit(99));
        ImageSet first = s.limit(4);
        assertEquals(4, first.size());
        assertArrayEquals(Arrays.copyOf(s.pixels(), 4 * 18), first.pixels());
        ImageSet mid = s.slice(3, 7);
        assertArrayEquals(Arrays.copyOfRange(s.pixels(), 3 * 18, 7 * 18), mid.pixels());
        assertArrayEquals(Arrays.copyOfRange(s.labels(), 3, 7), mid.labels());
        assertThrows(IndexOutOfBoundsException.class, () -> s.slice(5, 11));
    }

    @Test
    void resizeKeepsConstantImagesConstant() {
        for (int[] sizes : new int[][] {{28, 16}, {32, 16}, {32, 24}, {16, 40}, {28, 32}, {5, 1}}) {
            int in = sizes[0];
            int out = sizes[1];
            float[] p = new float[2 * 3 * in * in];
            Arrays.fill(p, 0.37f);
            ImageSet r = new ImageSet("c", 3, in, in, 2, p, new int[] {0, 1}).resized(out);
            assertEquals(out, r.height());
            assertEquals(out, r.width());
            assertEquals(3, r.channels());
            assertEquals(2 * 3 * out * out, r.pixels().length);
            for (float v : r.pixels()) {
                assertEquals(0.37f, v, 1e-6f, in + "->" + out);
            }
        }
    }

    @Test
    void sameSizeIsIdentity() {
        ImageSet s = random(2, 1, 8, 8, 2);
        assertSame(s, s.resized(8));
    }

    @Test
    void shrink28To16AveragesAreas() {
        // Horizontal ramp v(y, x) = x / 27; scale 1.75: output 0 covers [0, 1.75), output 1 [1.75, 3.5).
        float[] p = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                p[y * 28 + x] = x / 27f;
            }
        }
        ImageSet r = new ImageSet("ramp", 1, 28, 28, 1, p, new int[] {0}).resized(16);
        float[] o = r.pixels();
        float out0 = (0 * 1f + 1 * 0.75f) / 1.75f / 27f;
        float out1 = (1 * 0.25f + 2 * 1f + 3 * 0.5f) / 1.75f / 27f;
        for (int y = 0; y < 16; y++) {
            assertEquals(out0, o[y * 16], 1e-6f);
            assertEquals(out1, o[y * 16 + 1], 1e-6f);
            // Symmetry of the ramp: out[j] + out[15 - j] = 1.
            for (int x = 0; x < 16; x++) {
                assertEquals(1f, o[y * 16 + x] + o[y * 16 + 15 - x], 1e-5f);
            }
        }
        assertEquals(0.5f, mean(o), 1e-5f); // area averaging preserves the mean
    }

    @Test
    void shrinkByTwoIsBlockMean() {
        ImageSet s = random(3, 2, 32, 32, 3);
        ImageSet r = s.resized(16);
        float[] p = s.pixels();
        for (int plane = 0; plane < 6; plane++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    int b = plane * 1024 + 2 * y * 32 + 2 * x;
                    float expected = (p[b] + p[b + 1] + p[b + 32] + p[b + 33]) / 4;
                    assertEquals(expected, r.pixels()[plane * 256 + y * 16 + x], 1e-6f);
                }
            }
        }
        assertArrayEquals(s.labels(), r.labels());
    }

    @Test
    void enlargeIsBilinearWithHalfPixelCentres() {
        // 2x2 image with columns 0 and 1 -> 4x4: columns at source x = 0(clamped), .25, .75, 1(clamped).
        ImageSet s = new ImageSet("e", 1, 2, 2, 1, new float[] {0, 1, 0, 1}, new int[] {0});
        float[] o = s.resized(4).pixels();
        for (int y = 0; y < 4; y++) {
            assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, Arrays.copyOfRange(o, 4 * y, 4 * y + 4),
                    1e-6f);
        }
    }

    @Test
    void statsMatchNaiveComputationAndNormalizationStandardizes() {
        ImageSet s = random(20, 3, 8, 8, 4);
        ChannelStats st = s.channelStats();
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (int i = 0; i < 20; i++) {
                for (int k = 0; k < 64; k++) {
                    double v = s.pixels()[(i * 3 + c) * 64 + k];
                    sum += v;
                    n++;
                }
            }
            double mean = sum / n;
            for (int i = 0; i < 20; i++) {
                for (int k = 0; k < 64; k++) {
                    double d = s.pixels()[(i * 3 + c) * 64 + k] - mean;
                    sq += d * d;
                }
            }
            assertEquals(mean, st.mean(c), 1e-9);
            assertEquals(Math.sqrt(sq / n), st.std(c), 1e-9);
        }
        ChannelStats after = s.normalized(st).channelStats();
        for (int c = 0; c < 3; c++) {
            assertEquals(0.0, after.mean(c), 1e-5);
            assertEquals(1.0, after.std(c), 1e-5);
        }
    }

    @Test
    void constantChannelIsCentredNotNaN() {
        float[] p = new float[2 * 4];
        Arrays.fill(p, 0.5f);
        ImageSet s = new ImageSet("k", 1, 2, 2, 1, p, new int[] {0, 0});
        ChannelStats st = s.channelStats();
        assertEquals(0.0, st.std(0), 1e-12);
        for (float v : s.normalized(st).pixels()) {
            assertEquals(0f, v, 1e-7f);
        }
        assertThrows(IllegalArgumentException.class,
                () -> s.normalized(new ChannelStats(new double[] {0, 0}, new double[] {1, 1})));
    }

    private static float mean(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return (float) (s / a.length);
    }
}
