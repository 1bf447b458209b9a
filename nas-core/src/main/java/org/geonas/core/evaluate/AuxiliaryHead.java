package org.geonas.core.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.geonas.core.supernet.Ops;

/**
 * The auxiliary classifier of the DARTS evaluation network ({@code AuxiliaryHeadCIFAR}), on the
 * output of the cell at 2/3 of the depth, which must be 8x8 to 10x10 (32x32 to 40x40 images):
 * ReLU, 5x5 average pool with stride 3 (to 2x2), 1x1 convolution to 128 channels, BN, ReLU, 2x2
 * convolution to 768 channels (to 1x1), BN, ReLU, and a linear layer.
 */
final class AuxiliaryHead extends AbstractBlock {

    /** Smallest and largest input side the head's shapes work for (a 2x2 map after the pool). */
    static final int MIN_SIDE = 8;
    static final int MAX_SIDE = 10;
    static final int POOL = 5;
    static final int POOL_STRIDE = 3;
    private static final int HIDDEN = 128;
    private static final int FEATURES = 768;

    private final Block features;
    private final Linear classifier;

    AuxiliaryHead(int classes) {
        features = addChildBlock("features", new SequentialBlock()
                .add(Activation::relu)
                .add(x -> new NDList(Pool.avgPool2d(x.singletonOrThrow(), new Shape(POOL, POOL), new Shape(POOL_STRIDE, POOL_STRIDE),
                        new Shape(0, 0), false, true)))
                .add(Ops.conv(HIDDEN, 1, 1, 0))
                .add(Ops.batchNorm(true))
                .add(Activation::relu)
                .add(Ops.conv(FEATURES, 2, 1, 0))
                .add(Ops.batchNorm(true))
                .add(Activation::relu));
        classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
    }

    Linear classifier() {
        return classifier;
    }

    static long classifierFanIn() {
        return FEATURES;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray f = features.forward(ps, inputs, training).singletonOrThrow();
        NDArray flat = f.reshape(f.getShape().get(0), FEATURES);
        return classifier.forward(ps, new NDList(flat), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), FEATURES)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        if (x.get(2) < MIN_SIDE || x.get(2) > MAX_SIDE || x.get(3) < MIN_SIDE || x.get(3) > MAX_SIDE) {
            throw new IllegalArgumentException("the auxiliary head needs an 8x8 to 10x10 input (32x32 to 40x40 images), "
                    + "got " + x.get(2) + "x" + x.get(3));
        }
        features.initialize(manager, dataType, x);
        classifier.initialize(manager, dataType, new Shape(x.get(0), FEATURES));
    }
}
