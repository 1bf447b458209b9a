package org.geonas.core.supernet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Static factories of the small blocks the networks are made of. */
public final class Ops {

    private Ops() {
    }

    /** A bias-free square convolution. */
    public static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
    }

    /** Batch normalization over channels, with or without the learned scale and shift. */
    public static BatchNorm batchNorm(boolean affine) {
        return BatchNorm.builder().optCenter(affine).optScale(affine).build();
    }

    /** ReLU, then a bias-free convolution, then batch normalization (NAS-Bench-201's ReLUConvBN). */
    public static SequentialBlock reluConvBn(int filters, int kernel, int stride, int padding, boolean affine) {
        return new SequentialBlock()
                .add(Activation.reluBlock())
                .add(conv(filters, kernel, stride, padding))
                .add(batchNorm(affine));
    }
}
