package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    /** 1 channel, 3x3, values 1..9. */
    private static final float[] IMG = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** A random source that replays the given draws. */
    private static RandomGenerator scripted(int top, int left, boolean flip) {
        Deque<Integer> ints = new ArrayDeque<>(List.of(top, left));
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                int v = ints.removeFirst();
                assertTrue(v < bound);
                return v;
            }

            @Override
            public boolean nextBoolean() {
                return flip;
            }
        };
    }

    private static float[] apply(int pad, int top, int left, boolean flip) {
        float[] out = new float[9];
        new Augmenter(pad).apply(IMG, 0, out, 0, 1, 3, 3, scripted(top, left, flip));
        return out;
    }

    @Test
    void offsetZeroNoFlipIsPaddedTopLeftCorner() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 0, 4, 5}, apply(1, 0, 0, false));
    }

    @Test
    void centreIsIdentityAndCentreFlipMirrors() {
        assertArrayEquals(IMG, apply(1, 1, 1, false));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, apply(1, 1, 1, true));
    }

    @Test
    void cropThenFlip() {
        // Padded rows 2..4, cols 2..4 = [5 6 0; 8 9 0; 0 0 0], then mirrored.
        assertArrayEquals(new float[] {0, 6, 5, 0, 9, 8, 0, 0, 0}, apply(1, 2, 2, true));
    }

    @Test
    void matchesNaivePaddedCropForAllOffsets() {
        int c = 2;
        int h = 5;
        int w = 7;
        int pad = 4;
        SplittableRandom r = new SplittableRandom(9);
        float[] src = new float[3 + c * h * w]; // non-zero source offset
        for (int i = 0; i < src.length; i++) {
            src[i] = 1 + r.nextFloat();
        }
        for (int top = 0; top <= 2 * pad; top++) {
            for (int left = 0; left <= 2 * pad; left++) {
                for (boolean flip : new boolean[] {false, true}) {
                    float[] dst = new float[5 + c * h * w];
                    java.util.Arrays.fill(dst, -1f);
                    Augmenter.cropFlip(src, 3, dst, 5, c, h, w, pad, top, left, flip);
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                int py = y + top;
                                int px = (flip ? w - 1 - x : x) + left;
                                int sy = py - pad;
                                int sx = px - pad;
                                float expected = sy < 0 || sy >= h || sx < 0 || sx >= w
                                        ? 0f : src[3 + (ch * h + sy) * w + sx];
                                assertEquals(expected, dst[5 + (ch * h + y) * w + x],
                                        "top " + top + " left " + left + " flip " + flip);
                            }
                        }
                    }
                    for (int i = 0; i < 5; i++) {
                        assertEquals(-1f, dst[i]); // nothing written before the offset
                    }
                }
            }
        }
    }

    @Test
    void drawsAreDeterministicForASeed() {
        float[] a = new float[9];
        float[] b = new float[9];
        Augmenter aug = Augmenter.cifar();
        SplittableRandom r1 = new SplittableRandom(5);
        SplittableRandom r2 = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            aug.apply(IMG, 0, a, 0, 1, 3, 3, r1);
            aug.apply(IMG, 0, b, 0, 1, 3, 3, r2);
            assertArrayEquals(a, b);
        }
    }
}
