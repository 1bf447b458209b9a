package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * NAS-Bench-201's residual reduction block between stages: ReLU-Conv3x3(stride 2)-BN,
 * ReLU-Conv3x3-BN, plus a shortcut of 2x2 average pooling and a 1x1 convolution.
 */
public final class ResidualReduction extends AbstractBlock {

    private final Block main;
    private final Block shortcutConv;

    /** @param outChannels channels after the block (twice the input's) */
    public ResidualReduction(int outChannels) {
        main = addChildBlock("main", new SequentialBlock()
                .add(Ops.reluConvBn(outChannels, 3, 2, 1, true))
                .add(Ops.reluConvBn(outChannels, 3, 1, 1, true)));
        shortcutConv = addChildBlock("shortcut", Ops.conv(outChannels, 1, 1, 0));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = main.forward(ps, inputs, training).singletonOrThrow();
        NDArray pooled = Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
        NDArray b = shortcutConv.forward(ps, new NDList(pooled), training).singletonOrThrow();
        return new NDList(a.add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return main.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        Shape in = inputShapes[0];
        shortcutConv.initialize(manager, dataType, new Shape(in.get(0), in.get(1), in.get(2) / 2, in.get(3) / 2));
    }
}
