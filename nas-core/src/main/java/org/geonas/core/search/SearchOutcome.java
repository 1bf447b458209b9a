package org.geonas.core.search;

import java.util.List;
import org.geonas.core.space.ArchWeights;

/**
 * How a search loop ended.
 *
 * @param diverged whether a loss or the architecture weights became NaN or infinite
 * @param divergedEpoch the epoch it happened in, or -1
 * @param divergence the first non-finite tensor and the step, e.g. {@code epoch 0 step 3: gradient of
 *     02cell1_0_n0_conv3x3_weight is not finite}, or null
 * @param history metrics of every completed epoch (resumed ones included)
 * @param finalWeights the architecture weights at the end
 * @param finalArch the derived architecture's text form at the end
 * @param parameters trainable parameter values of the supernet
 * @param resumedFromEpoch the epoch the loop resumed after, or -1 for a fresh start
 */
public record SearchOutcome(boolean diverged, int divergedEpoch, String divergence, List<EpochMetrics> history, ArchWeights finalWeights,
        String finalArch, long parameters, int resumedFromEpoch) {
}
