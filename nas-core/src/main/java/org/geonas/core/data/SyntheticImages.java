package org.geonas.core.data;

import java.util.SplittableRandom;

/**
 * A seeded, learnable synthetic image set for smoke tests and runs without downloads.
 *
 * <p>Each class has a smooth random template per channel (a few low-frequency sinusoids plus one
 * Gaussian blob around mid-grey). A sample is its class template plus small uniform per-pixel
 * noise and a random brightness shift, clamped to [0,1]: easy enough that a small network learns
 * it in a few epochs, hard enough that it does not fit instantly.
 *
 * <p>Templates and samples come from separate seeds so that a train and a test split can share
 * the same classes ({@link #generate(int, int, int, int, long, long)}).
 */
public final class SyntheticImages {
    private SyntheticImages() {}

    /** Template seed of the {@link DatasetKind#SYNTHETIC} dataset (shared by train and test). */
    public static final long TEMPLATE_SEED = 20_240_601L;
    /** Sample seed of the {@link DatasetKind#SYNTHETIC} training split. */
    public static final long TRAIN_SEED = 1L;
    /** Sample seed of the {@link DatasetKind#SYNTHETIC} test split. */
    public static final long TEST_SEED = 2L;

    private static final int WAVES = 3;
    private static final float NOISE = 0.08f;
    private static final float BRIGHTNESS = 0.08f;

    /** {@code n} images; templates and samples both derived from {@code seed}. */
    public static ImageSet generate(int n, int channels, int size, int numClasses, long seed) {
        return generate(n, channels, size, numClasses, seed, seed ^ 0x9E3779B97F4A7C15L);
    }

    /**
     * {@code n} images of {@code channels x size x size}, labels balanced over {@code numClasses}
     * and shuffled. Equal seeds give identical arrays; equal {@code templateSeed}s give the same
     * classes.
     */
    public static ImageSet generate(
            int n, int channels, int size, int numClasses, long templateSeed, long sampleSeed) {
        if (n < 0 || channels <= 0 || size <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("need n >= 0 and positive channels, size, numClasses; got "
                    + n + ", " + channels + ", " + size + ", " + numClasses);
        }
        int img = channels * size * size;
        if ((long) n * img > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " images of " + img + " values do not fit one array");
        }
        float[][] templates = templates(channels, size, numClasses, new SplittableRandom(templateSeed));

        SplittableRandom rng = new SplittableRandom(sampleSeed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % numClasses; // balanced ...
        }
        for (int i = n - 1; i > 0; i--) { // ... then shuffled (Fisher-Yates)
            int j = rng.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        float[] pixels = new float[n * img];
        for (int i = 0; i < n; i++) {
            float[] template = templates[labels[i]];
            float shift = (rng.nextFloat() * 2f - 1f) * BRIGHTNESS;
            int off = i * img;
            for (int k = 0; k < img; k++) {
                float v = template[k] + shift + (rng.nextFloat() * 2f - 1f) * NOISE;
                pixels[off + k] = v < 0f ? 0f : Math.min(v, 1f);
            }
        }
        return new ImageSet("synthetic", channels, size, size, numClasses, pixels, labels);
    }

    private static float[][] templates(int channels, int size, int numClasses, SplittableRandom rng) {
        float[][] out = new float[numClasses][channels * size * size];
        double[] fx = new double[WAVES];
        double[] fy = new double[WAVES];
        double[] phase = new double[WAVES];
        double[] amp = new double[WAVES];
        for (int cls = 0; cls < numClasses; cls++) {
            for (int c = 0; c < channels; c++) {
                for (int w = 0; w < WAVES; w++) {
                    // At most 2 cycles across the image: smooth, survives resizing and cropping.
                    fx[w] = 2 * Math.PI * rng.nextDouble(-2.0, 2.0) / size;
                    fy[w] = 2 * Math.PI * rng.nextDouble(-2.0, 2.0) / size;
                    phase[w] = rng.nextDouble(0, 2 * Math.PI);
                    amp[w] = rng.nextDouble(0.05, 0.12);
                }
                double blobAmp = rng.nextDouble(-0.25, 0.25);
                double by = rng.nextDouble(0.2, 0.8) * size;
                double bx = rng.nextDouble(0.2, 0.8) * size;
                double twoSigmaSq = 2 * Math.pow(size / 6.0, 2);
                double base = rng.nextDouble(0.35, 0.65);
                int off = c * size * size;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = base;
                        for (int w = 0; w < WAVES; w++) {
                            v += amp[w] * Math.sin(fx[w] * x + fy[w] * y + phase[w]);
                        }
                        double d2 = (y - by) * (y - by) + (x - bx) * (x - bx);
                        v += blobAmp * Math.exp(-d2 / twoSigmaSq);
                        out[cls][off + y * size + x] = (float) Math.max(0.0, Math.min(1.0, v));
                    }
                }
            }
        }
        return out;
    }
}
