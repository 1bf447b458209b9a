package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** A weight-sharing network whose cells mix candidate ops with weights given at each pass. */
public interface Supernet extends Block {

    /** Logits for a batch of images. */
    NDArray forward(ParameterStore ps, NDArray x, SupernetInput input, boolean training);

    /** Number of trainable parameter values. */
    default long trainableParameterCount() {
        long n = 0;
        for (var p : getParameters().values()) {
            if (p.requiresGradient()) {
                n += p.getArray().getShape().size();
            }
        }
        return n;
    }
}
