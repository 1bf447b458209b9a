package org.geonas.core.optim;

import org.geonas.core.space.ArchWeights;

/**
 * Owns the architecture variables of one search run and updates them.
 *
 * <p>Contract: {@link #weights()} is what the supernet consumes (one simplex point per edge);
 * {@link #step} receives dLoss/dWeights in the same layout. Mutable by design; its full state
 * round-trips through {@link #state()} and {@link #restore} for checkpoints.
 */
public interface ArchOptimizer {

    /** The current architecture weights. */
    ArchWeights weights();

    /** One update from the gradient of the loss with respect to {@link #weights()}. */
    void step(ArchWeights gradWrtWeights);

    /** Everything needed to continue exactly where this optimizer is. */
    ArchOptimizerState state();

    /** Puts this optimizer back into a state returned by {@link #state()}. */
    void restore(ArchOptimizerState state);
}
