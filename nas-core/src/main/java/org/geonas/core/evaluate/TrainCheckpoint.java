package org.geonas.core.evaluate;

import java.util.List;

/**
 * The state of a training at the end of an epoch, kept as {@code state.json} of a checkpoint
 * folder ({@link org.geonas.core.search.Checkpoint}'s folders, beside the network parameters and
 * momentum buffers).
 *
 * @param fingerprint the train spec's id; a resume under another is refused
 * @param epoch the last completed epoch
 * @param seed the run seed
 * @param history the figures of epochs 0..epoch
 */
public record TrainCheckpoint(String fingerprint, int epoch, long seed, List<TrainEpoch> history) {
}
