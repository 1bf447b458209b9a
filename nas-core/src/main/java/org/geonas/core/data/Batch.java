package org.geonas.core.data;

/**
 * One batch: {@code size} images in NCHW order in {@code images} and their labels. The arrays
 * belong to the batch (freshly allocated), so the consumer may hand them to the engine as is.
 */
public record Batch(float[] images, int[] labels, int size, int channels, int height, int width) {

    public Batch {
        if (size < 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad batch shape " + size + "x" + channels + "x" + height
                    + "x" + width);
        }
        if (labels.length != size || images.length != (long) size * channels * height * width) {
            throw new IllegalArgumentException("batch of " + size + " images " + channels + "x" + height
                    + "x" + width + " got " + images.length + " values and " + labels.length + " labels");
        }
    }

    /** Values per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The NCHW shape, e.g. for creating the engine tensor. */
    public long[] shape() {
        return new long[] {size, channels, height, width};
    }

    @Override
    public String toString() {
        return "Batch[" + size + "x" + channels + "x" + height + "x" + width + "]";
    }
}
