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

    /** Whether architecture steps change anything (random search learns nothing and skips them). */
    default boolean learns() {
        return true;
    }

    /** What the supernet consumes in a step; by default the weights themselves. */
    default ArchSample sample(StepContext context) {
        return ArchSample.dense(weights());
    }

    /**
     * The gradient with respect to this optimizer's own variables, given the gradient with respect
     * to what {@link #sample} fed the supernet: the softmax logits of DARTS, PC-DARTS and GDAS, the
     * simplex point of GAEA, and for the edge-normalized methods also the edge variables (one per
     * edge, in edge order). Regularizers (weight decay, GAEA's entropic term) belong to the update
     * and are not in it. The update of {@link #step(ArchSample, ArchGradient)} starts from it.
     */
    ArchGradient variableGradient(ArchSample fed, ArchGradient gradient);

    /** One update from the gradient with respect to what {@link #sample} gave the supernet. */
    default void step(ArchSample fed, ArchGradient gradient) {
        step(gradient.ops());
    }

    /** The full mixture, as evaluated at the end of an epoch (every op weighted, none sampled). */
    default ArchSample mixture() {
        return ArchSample.dense(weights());
    }

    /**
     * The weights a discrete architecture is derived from; for PC-DARTS the op weights scaled
     * by their edge's weight.
     */
    default ArchWeights derivationWeights() {
        return weights();
    }

    /** Everything needed to continue exactly where this optimizer is. */
    ArchOptimizerState state();

    /** Puts this optimizer back into a state returned by {@link #state()}. */
    void restore(ArchOptimizerState state);
}
