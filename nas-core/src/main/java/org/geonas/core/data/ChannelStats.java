package org.geonas.core.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of an image set (population std, as torchvision's
 * normalization constants are computed). Arrays are copied in, so a stats value cannot be changed
 * behind the back of a normalization that used it.
 */
public record ChannelStats(double[] mean, double[] std) {

    public ChannelStats {
        if (mean == null || std == null) {
            throw new IllegalArgumentException("mean and std must not be null");
        }
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "mean and std need one entry per channel, got " + mean.length + " and " + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c]) || std[c] < 0) {
                throw new IllegalArgumentException(
                        "channel " + c + ": mean " + mean[c] + ", std " + std[c] + " (need finite, std >= 0)");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Defensive copy: the record must stay a value. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** Defensive copy: the record must stay a value. */
    @Override
    public double[] std() {
        return std.clone();
    }

    public int channels() {
        return mean.length;
    }

    public double mean(int channel) {
        return mean[channel];
    }

    public double std(int channel) {
        return std[channel];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
