package org.geonas.core.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The standard CIFAR training augmentation on one CHW float image: a random crop of the original
 * size out of the image zero-padded by {@code pad} pixels per side, then a horizontal flip with
 * probability 1/2 (torchvision's {@code RandomCrop(32, padding=4)} + {@code
 * RandomHorizontalFlip()}).
 *
 * <p>It is meant for normalized images, so the padding value 0 is the dataset mean, as with
 * torchvision applying the crop to the normalized tensor. The padded image is never materialised:
 * each output row is a shifted (or reversed) copy of a source row with zeros around it.
 */
public final class Augmenter {
    /** The usual CIFAR padding. */
    public static final int CIFAR_PAD = 4;

    private final int pad;
    private final int cutout;

    public Augmenter(int pad) {
        this(pad, 0);
    }

    /**
     * @param pad the crop's zero padding per side
     * @param cutout side of the square zeroed after the crop and flip (DARTS' {@code Cutout}), 0 for none
     */
    public Augmenter(int pad, int cutout) {
        if (pad < 0) {
            throw new IllegalArgumentException("pad must be >= 0, got " + pad);
        }
        if (cutout < 0) {
            throw new IllegalArgumentException("cutout must be >= 0, got " + cutout);
        }
        this.pad = pad;
        this.cutout = cutout;
    }

    /** Pad 4, the standard CIFAR setting. */
    public static Augmenter cifar() {
        return new Augmenter(CIFAR_PAD);
    }

    public int pad() {
        return pad;
    }

    public int cutout() {
        return cutout;
    }

    /**
     * Writes an augmented copy of the image at {@code src[srcOff..]} to {@code dst[dstOff..]}. Draws,
     * in this order, the crop's top offset {@code nextInt(2*pad+1)}, its left offset {@code
     * nextInt(2*pad+1)} and the flip {@code nextBoolean()}, then, with cutout, the square's centre row
     * {@code nextInt(height)} and column {@code nextInt(width)}, so a given generator state gives a
     * given result.
     */
    public void apply(float[] src, int srcOff, float[] dst, int dstOff, int channels, int height,
            int width, RandomGenerator random) {
        int top = random.nextInt(2 * pad + 1);
        int left = random.nextInt(2 * pad + 1);
        boolean flip = random.nextBoolean();
        cropFlip(src, srcOff, dst, dstOff, channels, height, width, pad, top, left, flip);
        if (cutout > 0) {
            int cy = random.nextInt(height);
            int cx = random.nextInt(width);
            cutOut(dst, dstOff, channels, height, width, cutout, cy, cx);
        }
    }

    /**
     * Zeroes, in every channel, the {@code side x side} square centred at ({@code cy}, {@code cx}),
     * clipped to the image: rows {@code max(0, cy - side/2)} to {@code min(height, cy + side/2)}
     * (exclusive), columns likewise, as the DARTS code's {@code Cutout}.
     */
    public static void cutOut(float[] img, int off, int channels, int height, int width, int side, int cy, int cx) {
        int y0 = Math.max(0, cy - side / 2);
        int y1 = Math.min(height, cy + side / 2);
        int x0 = Math.max(0, cx - side / 2);
        int x1 = Math.min(width, cx + side / 2);
        for (int c = 0; c < channels; c++) {
            for (int y = y0; y < y1; y++) {
                int row = off + (c * height + y) * width;
                Arrays.fill(img, row + x0, row + x1, 0f);
            }
        }
    }

    /**
     * The deterministic core: output pixel (y, x) is pixel {@code (y + top, x' + left)} of the image
     * zero-padded by {@code pad}, where {@code x' = flip ? width - 1 - x : x}. {@code top} and
     * {@code left} are offsets into the padded image, in {@code 0..2*pad}; {@code (pad, pad)} without
     * flip is the identity.
     */
    public static void cropFlip(float[] src, int srcOff, float[] dst, int dstOff, int channels,
            int height, int width, int pad, int top, int left, boolean flip) {
        int dy = top - pad;  // source row = y + dy
        int dx = left - pad; // source column = x + dx (before the flip)
        // Output columns whose source column lies inside the image.
        int x0 = flip ? Math.max(0, dx) : Math.max(0, -dx);
        int x1 = flip ? Math.min(width, width + dx) : Math.min(width, width - dx);
        if (x1 < x0) {
            x1 = x0;
        }
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int d = dstOff + (c * height + y) * width;
                int sy = y + dy;
                if (sy < 0 || sy >= height || x0 == x1) {
                    Arrays.fill(dst, d, d + width, 0f);
                    continue;
                }
                int s = srcOff + (c * height + sy) * width;
                Arrays.fill(dst, d, d + x0, 0f);
                if (!flip) {
                    System.arraycopy(src, s + x0 + dx, dst, d + x0, x1 - x0);
                } else {
                    int last = s + width - 1 + dx; // source index of output column 0
                    for (int x = x0; x < x1; x++) {
                        dst[d + x] = src[last - x];
                    }
                }
                Arrays.fill(dst, d + x1, d + width, 0f);
            }
        }
    }
}
