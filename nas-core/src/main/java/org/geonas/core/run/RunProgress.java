package org.geonas.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Where a training run is, as kept in {@link RunLayout#PROGRESS} by {@link ProgressFile} and read
 * by whoever launched the run (a sweep driver's console). Written in two shapes: during an epoch
 * ({@code steps > 0}) {@code epoch} is the 0-based epoch being trained and {@code step} the
 * 1-based step in it; at an epoch's end {@code epoch} counts the completed epochs and
 * {@code step} and {@code steps} are 0.
 *
 * @param epoch the epoch being trained (0-based) or the number completed, see above
 * @param epochs the run's epochs in all
 * @param step the step within the epoch (1-based), or 0 at an epoch's end
 * @param steps the steps per epoch, or 0 at an epoch's end
 * @param trainLoss the latest training loss, null when it is not finite
 * @param meanEntropy the latest mean edge entropy of the architecture weights; null for a training (no
 *     architecture weights) or when not finite
 */
public record RunProgress(int epoch, int epochs, int step, int steps, Double trainLoss, Double meanEntropy) {

    /** The progress at a step; a loss that is not finite becomes null (JSON has no NaN). */
    public static RunProgress atStep(int epoch, int epochs, int step, int steps, double trainLoss,
            double meanEntropy) {
        return new RunProgress(epoch, epochs, step, steps, Double.isFinite(trainLoss) ? trainLoss : null,
                Double.isFinite(meanEntropy) ? meanEntropy : null);
    }

    /** The 1-based epoch being trained, or, between epochs, the number completed: what a console shows. */
    public int epochShown() {
        return epoch + (steps > 0 ? 1 : 0);
    }

    /** The JSON form kept in the file. */
    public String toJson() {
        try {
            return Json.JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses what {@link #toJson()} wrote. */
    public static RunProgress fromJson(String json) {
        try {
            return Json.JSON.readValue(json, RunProgress.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a GeoNAS progress file (" + RunSpec.describe(e) + ")", e);
        }
    }
}
