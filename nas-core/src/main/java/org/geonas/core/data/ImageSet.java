package org.geonas.core.data;

import java.util.Arrays;

/**
 * A labelled set of images held as one flat float array.
 *
 * <p>{@code pixels} holds {@code size() * channels * height * width} values, image after image,
 * each in CHW order; as loaded by the readers they are in [0,1]. One flat array (rather than an
 * array per image) keeps 50,000 CIFAR images in one allocation and lets batches be assembled with
 * {@link System#arraycopy}.
 *
 * <p>The arrays are shared, not copied (they are large): treat them as read-only. Every
 * transformation returns a new set. {@code equals} is the record default (array identity).
 */
public record ImageSet(
        String name, int channels, int height, int width, int numClasses, float[] pixels, int[] labels) {

    public ImageSet {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        if (channels <= 0 || height <= 0 || width <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException(
                    name + ": channels, height, width and numClasses must be positive, got "
                            + channels + ", " + height + ", " + width + ", " + numClasses);
        }
        if (pixels == null || labels == null) {
            throw new IllegalArgumentException(name + ": pixels and labels must not be null");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    name + ": " + labels.length + " labels need " + expected + " pixel values ("
                            + channels + "x" + height + "x" + width + " each), got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        name + ": label " + labels[i] + " of image " + i + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Values per image, {@code channels * height * width}. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The first {@code n} images; {@code n <= 0} or {@code n >= size()} means all (this set). */
    public ImageSet limit(int n) {
        return n <= 0 || n >= size() ? this : slice(0, n);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public ImageSet slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException(
                    "slice [" + from + ", " + to + ") of " + name + " with " + size() + " images");
        }
        if (from == 0 && to == size()) {
            return this;
        }
        int img = imageSize();
        return new ImageSet(
                name, channels, height, width, numClasses,
                Arrays.copyOfRange(pixels, from * img, to * img),
                Arrays.copyOfRange(labels, from, to));
    }

    /**
     * The images at {@code indices}, in that order, copied (an index may repeat). A split file's
     * indices, e.g. NAS-Bench-201's {@link Nb201Splits}.
     */
    public ImageSet select(int[] indices) {
        int img = imageSize();
        float[] out = new float[Math.multiplyExact(indices.length, img)];
        int[] outLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException(
                        "index " + i + " (entry " + k + ") selects outside " + name + " with " + size() + " images");
            }
            System.arraycopy(pixels, i * img, out, k * img, img);
            outLabels[k] = labels[i];
        }
        return new ImageSet(name, channels, height, width, numClasses, out, outLabels);
    }

    /**
     * Resizes every image to {@code size x size}. Each axis is resampled on its own: area averaging
     * when it shrinks (every source pixel contributes by its overlap, so no aliasing, and 32 -> 16 is
     * the exact 2x2 mean), bilinear interpolation with half-pixel centres when it grows (as
     * PyTorch's {@code interpolate(align_corners=False)}). Returns this set when already that size.
     */
    public ImageSet resized(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + size);
        }
        if (size == height && size == width) {
            return this;
        }
        Taps ty = Taps.of(height, size);
        Taps tx = Taps.of(width, size);
        int planes = size() * channels;
        int inPlane = height * width;
        int outPlane = size * size;
        long total = (long) planes * outPlane;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    name + ": " + size() + " images of " + channels + "x" + size + "x" + size
                            + " do not fit in one float array; use limit() or a smaller size");
        }
        float[] out = new float[(int) total];
        float[] tmp = new float[height * size]; // rows resampled horizontally, reused per plane
        for (int p = 0; p < planes; p++) {
            int src = p * inPlane;
            // Horizontal pass: height x width -> height x size.
            for (int y = 0; y < height; y++) {
                int row = src + y * width;
                int t = y * size;
                for (int j = 0; j < size; j++) {
                    int s = row + tx.first[j];
                    int w = j * tx.taps;
                    float acc = 0f;
                    for (int k = 0; k < tx.taps; k++) {
                        acc += tx.weight[w + k] * pixels[s + k];
                    }
                    tmp[t + j] = acc;
                }
            }
            // Vertical pass: height x size -> size x size, row by row so the inner loop is contiguous.
            int dst = p * outPlane;
            for (int i = 0; i < size; i++) {
                int o = dst + i * size;
                int w = i * ty.taps;
                for (int k = 0; k < ty.taps; k++) {
                    float wk = ty.weight[w + k];
                    if (wk == 0f) {
                        continue;
                    }
                    int t = (ty.first[i] + k) * size;
                    for (int j = 0; j < size; j++) {
                        out[o + j] += wk * tmp[t + j];
                    }
                }
            }
        }
        return new ImageSet(name, channels, size, size, numClasses, out, labels);
    }

    /** Per-channel mean and (population) standard deviation over all images, in double. */
    public ChannelStats channelStats() {
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        int plane = height * width;
        int n = size();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int off = (i * channels + c) * plane;
                // Per-plane partial sums in double: a few hundred terms, then one add per plane.
                double s = 0;
                double q = 0;
                for (int k = off, end = off + plane; k < end; k++) {
                    double v = pixels[k];
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                sumSq[c] += q;
            }
        }
        double count = (double) n * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        if (n == 0) {
            Arrays.fill(std, 1.0);
            return new ChannelStats(mean, std);
        }
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
            std[c] = Math.sqrt(Math.max(0.0, sumSq[c] / count - mean[c] * mean[c]));
        }
        return new ChannelStats(mean, std);
    }

    /**
     * A new set with {@code (x - mean[c]) / std[c]} per channel. Usually called with the training
     * set's stats on both train and test sets. A channel with std 0 (constant) is only centred:
     * dividing by 0 would poison training with NaNs.
     */
    public ImageSet normalized(ChannelStats stats) {
        if (stats.channels() != channels) {
            throw new IllegalArgumentException(
                    name + " has " + channels + " channels, stats have " + stats.channels());
        }
        float[] out = new float[pixels.length];
        int plane = height * width;
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double sd = stats.std(c);
            double inv = sd > 1e-12 ? 1.0 / sd : 1.0;
            scale[c] = (float) inv;
            shift[c] = (float) (-stats.mean(c) * inv);
        }
        int n = size();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                float a = scale[c];
                float b = shift[c];
                int off = (i * channels + c) * plane;
                for (int k = off, end = off + plane; k < end; k++) {
                    out[k] = pixels[k] * a + b;
                }
            }
        }
        return new ImageSet(name, channels, height, width, numClasses, out, labels);
    }

    @Override
    public String toString() {
        return "ImageSet[" + name + ", " + size() + " images " + channels + "x" + height + "x" + width
                + ", " + numClasses + " classes]";
    }

    /**
     * Resampling weights along one axis: output index j reads source indices {@code first[j] ..
     * first[j] + taps - 1} with weights {@code weight[j * taps + k]} (zero-padded to a fixed tap
     * count so the inner loops have no branches).
     */
    private static final class Taps {
        final int taps;
        final int[] first;
        final float[] weight;

        private Taps(int taps, int out) {
            this.taps = taps;
            this.first = new int[out];
            this.weight = new float[taps * out];
        }

        static Taps of(int in, int out) {
            if (out == in) {
                Taps t = new Taps(1, out);
                for (int j = 0; j < out; j++) {
                    t.first[j] = j;
                    t.weight[j] = 1f;
                }
                return t;
            }
            return out < in ? area(in, out) : bilinear(in, out);
        }

        /** Output j averages the source interval [j*s, (j+1)*s), s = in/out, weighted by overlap. */
        private static Taps area(int in, int out) {
            double scale = (double) in / out;
            int taps = Math.min(in, (int) Math.ceil(scale) + 1);
            Taps t = new Taps(taps, out);
            for (int j = 0; j < out; j++) {
                double start = j * scale;
                double end = Math.min(in, (j + 1) * scale);
                int first = Math.min((int) Math.floor(start), in - taps);
                t.first[j] = first;
                for (int k = 0; k < taps; k++) {
                    int p = first + k;
                    double overlap = Math.min(end, p + 1) - Math.max(start, p);
                    if (overlap > 0) {
                        t.weight[j * taps + k] = (float) (overlap / scale);
                    }
                }
            }
            return t;
        }

        /** Half-pixel-centre bilinear: source coordinate (j + 0.5) * in / out - 0.5, clamped. */
        private static Taps bilinear(int in, int out) {
            if (in == 1) {
                Taps t = new Taps(1, out);
                Arrays.fill(t.weight, 1f);
                return t;
            }
            Taps t = new Taps(2, out);
            double scale = (double) in / out;
            for (int j = 0; j < out; j++) {
                double src = Math.max(0.0, Math.min(in - 1, (j + 0.5) * scale - 0.5));
                int i0 = Math.min((int) src, in - 2);
                double frac = src - i0; // in [0,1]; 1 only at the clamped right edge
                t.first[j] = i0;
                t.weight[2 * j] = (float) (1.0 - frac);
                t.weight[2 * j + 1] = (float) frac;
            }
            return t;
        }
    }
}
