package org.geonas.core.search;

import org.geonas.core.optim.ArchMethod;
import org.geonas.core.space.SearchSpace;

/**
 * What the search loop needs to know, resolved (no defaults left open). Built from a run spec.
 *
 * @param space the search space
 * @param method the architecture method
 * @param mode bilevel or ERM
 * @param epochs epochs to train
 * @param batch images per batch
 * @param channels supernet C
 * @param cells supernet N (cells per stage)
 * @param seed seeds the weights' initialization, the architecture initialization and all batches
 * @param archLr architecture learning rate
 * @param archWeightDecay architecture weight decay (L2 for DARTS, entropic for GAEA)
 * @param weightLr initial learning rate of the network weights (cosine-annealed)
 * @param weightLrMin final learning rate of the cosine schedule
 * @param momentum SGD momentum
 * @param weightDecay SGD weight decay
 * @param gradClip global gradient-norm bound
 * @param evalLimit validation images used for the per-epoch evaluations; 0 = all
 * @param candidates architectures sampled and scored at each epoch's end by methods that select by validation (RS-WS)
 */
public record SearchSettings(SearchSpace space, ArchMethod method, SearchMode mode, int epochs, int batch, int channels,
        int cells, long seed, double archLr, double archWeightDecay, double weightLr, double weightLrMin,
        double momentum, double weightDecay, double gradClip, int evalLimit, int candidates) {

    public SearchSettings {
        if (epochs <= 0 || batch <= 0 || channels <= 0 || cells <= 0) {
            throw new IllegalArgumentException("epochs, batch, channels and cells must be positive");
        }
    }

    /** Cosine annealing from {@link #weightLr} to {@link #weightLrMin} over the epochs, per epoch. */
    public double learningRate(int epoch) {
        return weightLrMin + 0.5 * (weightLr - weightLrMin) * (1 + Math.cos(Math.PI * epoch / epochs));
    }
}
