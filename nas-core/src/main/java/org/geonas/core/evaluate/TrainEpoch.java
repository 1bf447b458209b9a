package org.geonas.core.evaluate;

/**
 * The figures of one training epoch of the evaluation stage.
 *
 * @param epoch 0-based
 * @param lr the learning rate of the epoch
 * @param dropPathProb the drop-path probability of the epoch
 * @param trainLoss mean training loss (the main head's cross-entropy, without the auxiliary term)
 * @param trainAcc training accuracy (on augmented images, with drop path)
 * @param testLoss mean cross-entropy on the test images
 * @param testAcc accuracy on the test images
 * @param seconds wall time of the epoch, evaluation included
 */
public record TrainEpoch(int epoch, double lr, double dropPathProb, double trainLoss, double trainAcc,
        double testLoss, double testAcc, double seconds) {
}
