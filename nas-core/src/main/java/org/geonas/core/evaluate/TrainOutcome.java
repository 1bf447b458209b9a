package org.geonas.core.evaluate;

import java.util.List;

/**
 * What a training produced.
 *
 * @param divergence what diverged first ("epoch E step S: ..."), or null
 * @param divergedEpoch the epoch it diverged in, or -1
 * @param history the figures of every completed epoch
 * @param params trainable parameters without the auxiliary head (as the literature counts them)
 * @param paramsWithAuxiliary trainable parameters with it
 * @param resumedFrom the checkpoint epoch it continued from, or -1
 */
public record TrainOutcome(String divergence, int divergedEpoch, List<TrainEpoch> history, long params,
        long paramsWithAuxiliary, int resumedFrom) {

    public boolean diverged() {
        return divergence != null;
    }
}
