package org.geonas.report;

import java.util.Locale;

/**
 * A figure summarized over the seeds (runs) of a method: how many values, their mean, sample
 * standard deviation (n - 1 in the denominator; NaN for a single value) and range. NaN where
 * there is no value.
 */
public record SeedStats(long n, double mean, double std, double min, double max) {

    /** No values. */
    public static final SeedStats NONE = new SeedStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean isEmpty() {
        return n == 0;
    }

    /** {@code mean ± std} with the given decimals; the mean alone for one value, a dash for none. */
    public String meanStd(int decimals) {
        if (isEmpty()) {
            return "-";
        }
        String format = "%." + decimals + "f";
        String mean = String.format(Locale.ROOT, format, this.mean);
        return n == 1 || Double.isNaN(std) ? mean : mean + " ± " + String.format(Locale.ROOT, format, std);
    }

    /** The mean with the given decimals, a dash for none. */
    public String mean(int decimals) {
        return isEmpty() ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", mean);
    }
}
