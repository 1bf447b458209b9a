package org.geonas.core.search;

import ai.djl.ndarray.NDArray;

/**
 * Mean softmax cross-entropy over a batch, from logits and one-hot labels. Written with
 * NDArray operands only (no Java-number operands, which DJL frees before backward).
 */
public final class CrossEntropy {

    private CrossEntropy() {
    }

    /** {@code -mean_b sum_k onehot[b,k] * log_softmax(logits)[b,k]}. */
    public static NDArray loss(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** Number of rows whose largest logit is at the label. */
    public static int correct(NDArray logits, int[] labels) {
        long[] predicted;
        try (NDArray argmax = logits.argMax(1)) {
            predicted = argmax.toLongArray();
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct;
    }
}
