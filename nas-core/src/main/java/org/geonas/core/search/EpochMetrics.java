package org.geonas.core.search;

import java.util.Map;

/**
 * What one epoch of search measured.
 *
 * @param epoch 0-based epoch
 * @param lr learning rate of the network weights in this epoch
 * @param trainLoss mean loss of the weight steps
 * @param trainAcc accuracy of the weight steps
 * @param validLoss mean loss of the mixture on the validation images
 * @param validAcc accuracy of the mixture on the validation images
 * @param mixtureValidAcc the same accuracy, beside {@code discreteValidAcc}: the pruning gap
 * @param discreteValidAcc accuracy of the derived architecture (one-hot weights, shared network weights)
 * @param meanEntropy mean entropy of the edges' weights at the end of the epoch
 * @param derivedArch the derived architecture at the end of the epoch
 * @param seconds wall time of the epoch, evaluation included
 * @param archWeights the architecture weights at the end of the epoch: cell type to edges x ops
 */
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainAcc, double validLoss,
        double validAcc, double mixtureValidAcc, double discreteValidAcc, double meanEntropy, String derivedArch,
        double seconds, Map<String, double[][]> archWeights) {
}
