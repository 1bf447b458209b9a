package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Static factories of the DARTS CNN search ops and their building blocks, as in the DARTS code
 * ({@code operations.py}). Each returns a {@link Block} whose plain forward pass takes one input
 * (batch, channels, height, width) and returns the op's unweighted output; the input channels
 * are taken from the shape at {@code initialize}. Batch norm is non-affine unless asked.
 */
public final class DartsOps {

    private static final Shape UNIT = new Shape(1, 1);
    private static final Shape POOL_KERNEL = new Shape(3, 3);

    private DartsOps() {
    }

    /**
     * {@code sep_conv_kxk}: [ReLU, depthwise kxk conv (stride s), 1x1 conv, BN] then [ReLU,
     * depthwise kxk conv, 1x1 conv, BN], channels unchanged.
     */
    public static Block sepConv(int channels, int kernel, int stride) {
        return newSepConv(channels, kernel, stride);
    }

    /** {@code dil_conv_kxk}: ReLU, depthwise kxk conv with dilation 2 (stride s), 1x1 conv, BN. */
    public static Block dilConv(int channels, int kernel, int stride) {
        return newDilConv(channels, kernel, stride);
    }

    /**
     * FactorizedReduce: ReLU, two 1x1 stride-2 convolutions to {@code outChannels / 2} each, the
     * second on the input shifted by one pixel ({@code x[:, :, 1:, 1:]}), concatenated, then BN.
     */
    public static Block factorizedReduce(int outChannels, boolean affine) {
        return new FactorizedReduce(outChannels, affine);
    }

    /** ReLU, bias-free kxk convolution, BN (DARTS' ReLUConvBN, the cells' preprocessing). */
    public static Block reluConvBn(int outChannels, int kernel, int stride, int padding, boolean affine) {
        return newReluConvBn(outChannels, kernel, stride, padding, affine);
    }

    /** {@code max_pool_3x3}: 3x3 max pool (padding 1, stride s), then non-affine BN. */
    public static Block maxPool(int channels, int stride) {
        return new PoolBn(channels, stride, false, true);
    }

    /**
     * {@code avg_pool_3x3}: 3x3 average pool (padding 1, stride s) whose count excludes the
     * padding, then non-affine BN.
     */
    public static Block avgPool(int channels, int stride) {
        return new PoolBn(channels, stride, true, true);
    }

    /** {@code skip_connect}: identity at stride 1, non-affine FactorizedReduce at stride 2. */
    public static Block skipConnect(int channels, int stride) {
        return newSkip(channels, stride, false);
    }

    /** The search op at column {@code op} of the DARTS weights; {@code none} has no block. */
    static DartsOp create(int op, int channels, int stride) {
        return switch (op) {
            case DartsLayout.MAX_POOL_3X3 -> new PoolBn(channels, stride, false, true);
            case DartsLayout.AVG_POOL_3X3 -> new PoolBn(channels, stride, true, true);
            case DartsLayout.SKIP_CONNECT -> newSkip(channels, stride, false);
            case DartsLayout.SEP_CONV_3X3 -> newSepConv(channels, 3, stride, false);
            case DartsLayout.SEP_CONV_5X5 -> newSepConv(channels, 5, stride, false);
            case DartsLayout.DIL_CONV_3X3 -> newDilConv(channels, 3, stride, false);
            case DartsLayout.DIL_CONV_5X5 -> newDilConv(channels, 5, stride, false);
            default -> throw new IllegalArgumentException("no block for op " + op);
        };
    }

    /**
     * An op of a discrete DARTS cell, as the evaluation network ({@code model.py}) builds it from a
     * genotype: the convolutions' batch norms are affine, and the pools have no batch norm (the
     * search network adds a non-affine one to make the pools' scale comparable; a trained cell
     * does not need it). {@code skip_connect} at stride 2 is an affine FactorizedReduce.
     *
     * @param op an op name of the DARTS space other than {@code none}
     */
    public static Block evalOp(String op, int channels, int stride) {
        return switch (op) {
            case "max_pool_3x3" -> new PoolBn(channels, stride, false, false);
            case "avg_pool_3x3" -> new PoolBn(channels, stride, true, false);
            case "skip_connect" -> newSkip(channels, stride, true);
            case "sep_conv_3x3" -> newSepConv(channels, 3, stride, true);
            case "sep_conv_5x5" -> newSepConv(channels, 5, stride, true);
            case "dil_conv_3x3" -> newDilConv(channels, 3, stride, true);
            case "dil_conv_5x5" -> newDilConv(channels, 5, stride, true);
            default -> throw new IllegalArgumentException("no evaluation op '" + op + "'; known: max_pool_3x3, "
                    + "avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5");
        };
    }

    /** Whether a block made by {@link #evalOp} is the identity (drop path leaves identities alone). */
    public static boolean isIdentity(Block op) {
        return op instanceof Identity;
    }

    static DartsOp newSkip(int channels, int stride, boolean affine) {
        requireStride(stride);
        return stride == 1 ? new Identity(channels) : new FactorizedReduce(channels, affine);
    }

    static DartsOp newSepConv(int channels, int kernel, int stride) {
        return newSepConv(channels, kernel, stride, false);
    }

    static DartsOp newSepConv(int channels, int kernel, int stride, boolean affine) {
        requireStride(stride);
        int pad = kernel / 2;
        return new OpChain(channels)
                .add("conv", conv(channels, kernel, stride, pad, 1, channels))
                .add("conv", conv(channels, 1, 1, 0, 1, 1))
                .add("bn", new ScaledBatchNorm(channels, affine))
                .add("relu", new Relu())
                .add("conv", conv(channels, kernel, 1, pad, 1, channels))
                .add("conv", conv(channels, 1, 1, 0, 1, 1))
                .add("bn", new ScaledBatchNorm(channels, affine));
    }

    static DartsOp newDilConv(int channels, int kernel, int stride) {
        return newDilConv(channels, kernel, stride, false);
    }

    static DartsOp newDilConv(int channels, int kernel, int stride, boolean affine) {
        requireStride(stride);
        // dilation 2: padding 2 for 3x3, 4 for 5x5 keeps the size (at stride 1)
        return new OpChain(channels)
                .add("conv", conv(channels, kernel, stride, kernel - 1, 2, channels))
                .add("conv", conv(channels, 1, 1, 0, 1, 1))
                .add("bn", new ScaledBatchNorm(channels, affine));
    }

    static DartsOp newReluConvBn(int outChannels, int kernel, int stride, int padding, boolean affine) {
        return new OpChain(outChannels)
                .add("conv", conv(outChannels, kernel, stride, padding, 1, 1))
                .add("bn", new ScaledBatchNorm(outChannels, affine));
    }

    private static void requireStride(int stride) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        }
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding, int dilation, int groups) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .optGroups(groups)
                .optBias(false)
                .build();
    }

    /** Runs a block and returns its single output. */
    private static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Batch normalization over channels whose scale may be given per call: a non-affine BN's
     * scale is 1, so passing the op weight as the scale yields {@code w * BN(x)} in one kernel.
     */
    static final class ScaledBatchNorm extends DartsOp {

        private final boolean affine;
        private final Parameter gamma;
        private final Parameter beta;
        private final Parameter runningMean;
        private final Parameter runningVar;

        ScaledBatchNorm(int channels, boolean affine) {
            super(channels);
            this.affine = affine;
            Shape c = new Shape(channels);
            gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                    .optShape(c).optRequiresGrad(affine).build());
            beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                    .optShape(c).optRequiresGrad(affine).build());
            runningMean = addParameter(Parameter.builder().setName("runningMean")
                    .setType(Parameter.Type.RUNNING_MEAN).optShape(c).optRequiresGrad(false).build());
            runningVar = addParameter(Parameter.builder().setName("runningVar")
                    .setType(Parameter.Type.RUNNING_VAR).optShape(c).optRequiresGrad(false).build());
        }

        @Override
        boolean startsWithRelu() {
            return false;
        }

        @Override
        NDArray apply(ParameterStore ps, NDArray x, NDArray activated, NDArray scale, boolean training) {
            if (scale != null && affine) {
                throw new IllegalStateException("an affine batch norm has its own scale");
            }
            var device = x.getDevice();
            NDArray g = scale != null ? scale : ps.getValue(gamma, device, training);
            NDArray b = ps.getValue(beta, device, training);
            NDArray mean = ps.getValue(runningMean, device, training);
            NDArray var = ps.getValue(runningVar, device, training);
            // axis -1 is libtorch's channel-first batch norm; DJL momentum 0.9 = PyTorch's 0.1
            return x.getNDArrayInternal().batchNorm(x, mean, var, g, b, -1, 0.9f, 1e-5f, training)
                    .singletonOrThrow();
        }

        @Override
        Shape outputShape(Shape input) {
            return input;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // parameters only, shapes fixed at construction
        }
    }

    /** A ReLU stage inside a chain. */
    static final class Relu extends DartsOp {

        Relu() {
            super(-1);
        }

        @Override
        boolean startsWithRelu() {
            return true;
        }

        @Override
        NDArray apply(ParameterStore ps, NDArray x, NDArray activated, NDArray scale, boolean training) {
            return Activation.relu(x);
        }

        @Override
        Shape outputShape(Shape input) {
            return input;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // no parameters
        }
    }

    /** ReLU followed by a sequence of blocks ending in a batch norm that takes the op weight. */
    static final class OpChain extends DartsOp {

        private final List<Block> stages = new ArrayList<>();

        OpChain(int outChannels) {
            super(outChannels);
        }

        OpChain add(String name, Block stage) {
            stages.add(addChildBlock(name, stage));
            return this;
        }

        @Override
        boolean startsWithRelu() {
            return true;
        }

        @Override
        NDArray apply(ParameterStore ps, NDArray x, NDArray activated, NDArray scale, boolean training) {
            NDArray h = activated != null ? activated : Activation.relu(x);
            boolean owned = activated == null;
            for (int i = 0; i < stages.size(); i++) {
                Block stage = stages.get(i);
                NDArray next = stage instanceof DartsOp op
                        ? op.apply(ps, h, null, i == stages.size() - 1 ? scale : null, training)
                        : run(stage, ps, h, training);
                if (owned) {
                    h.close(); // autograd keeps its own reference where backward needs it
                }
                h = next;
                owned = true;
            }
            return h;
        }

        @Override
        Shape outputShape(Shape input) {
            Shape s = input;
            for (Block stage : stages) {
                s = stage.getOutputShapes(new Shape[] {s})[0];
            }
            return s;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape s = inputShapes[0];
            for (Block stage : stages) {
                stage.initialize(manager, dataType, s);
                s = stage.getOutputShapes(new Shape[] {s})[0];
            }
        }
    }

    /** DARTS' FactorizedReduce; halves height and width. */
    static final class FactorizedReduce extends DartsOp {

        private static final NDIndex SHIFTED = new NDIndex(":, :, 1:, 1:");

        private final Conv2d conv1;
        private final Conv2d conv2;
        private final ScaledBatchNorm bn;

        FactorizedReduce(int outChannels, boolean affine) {
            super(outChannels);
            if (outChannels % 2 != 0 || outChannels <= 0) {
                throw new IllegalArgumentException("FactorizedReduce needs an even channel count, got " + outChannels);
            }
            conv1 = addChildBlock("conv1", conv(outChannels / 2, 1, 2, 0, 1, 1));
            conv2 = addChildBlock("conv2", conv(outChannels / 2, 1, 2, 0, 1, 1));
            bn = addChildBlock("bn", new ScaledBatchNorm(outChannels, affine));
        }

        @Override
        boolean startsWithRelu() {
            return true;
        }

        @Override
        NDArray apply(ParameterStore ps, NDArray x, NDArray activated, NDArray scale, boolean training) {
            NDArray r = activated != null ? activated : Activation.relu(x);
            NDArray a = run(conv1, ps, r, training);
            NDArray shifted = r.get(SHIFTED);
            NDArray b = run(conv2, ps, shifted, training);
            shifted.close();
            if (activated == null) {
                r.close();
            }
            NDArray both = NDArrays.concat(new NDList(a, b), 1);
            a.close();
            b.close();
            NDArray out = bn.apply(ps, both, null, scale, training);
            both.close();
            return out;
        }

        @Override
        Shape outputShape(Shape input) {
            return new Shape(input.get(0), outChannels(), (input.get(2) + 1) / 2, (input.get(3) + 1) / 2);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            if (in.get(2) % 2 != 0 || in.get(3) % 2 != 0) {
                // the two halves would disagree in size (as in the DARTS code)
                throw new IllegalArgumentException("FactorizedReduce needs even height and width, got " + in);
            }
            conv1.initialize(manager, dataType, in);
            conv2.initialize(manager, dataType, new Shape(in.get(0), in.get(1), in.get(2) - 1, in.get(3) - 1));
            bn.initialize(manager, dataType, outputShape(in));
        }
    }

    /** A 3x3 pool (padding 1) followed by a non-affine batch norm, or alone (no batch norm to scale). */
    static final class PoolBn extends DartsOp {

        private final int stride;
        private final boolean average;
        private final ScaledBatchNorm bn;

        PoolBn(int channels, int stride, boolean average, boolean withBatchNorm) {
            super(channels);
            requireStride(stride);
            this.stride = stride;
            this.average = average;
            bn = withBatchNorm ? addChildBlock("bn", new ScaledBatchNorm(channels, false)) : null;
        }

        @Override
        boolean startsWithRelu() {
            return false;
        }

        @Override
        NDArray apply(ParameterStore ps, NDArray x, NDArray activated, NDArray scale, boolean training) {
            Shape s = new Shape(stride, stride);
            NDArray pooled;
            if (average) {
                // DJL ignores countIncludePad=false: pool counting the padding, then rescale by
                // 9 / (real pixels under each window)
                NDArray sum = Pool.avgPool2d(x, POOL_KERNEL, s, UNIT, false, true);
                NDArray factor = countFactors(x, sum.getShape());
                pooled = sum.mul(factor);
                sum.close();
                factor.close();
            } else {
                pooled = Pool.maxPool2d(x, POOL_KERNEL, s, UNIT, false);
            }
            if (bn == null) {
                if (scale != null) {
                    throw new IllegalStateException("a pool without batch norm has no scale");
                }
                return pooled;
            }
            NDArray out = bn.apply(ps, pooled, null, scale, training);
            pooled.close();
            return out;
        }

        /** The (1, 1, h', w') map {@code 9 / count} for this pool's windows over x. */
        private NDArray countFactors(NDArray x, Shape pooledShape) {
            NDArray map = PoolDivisors.create(x.getManager(), (int) x.getShape().get(2), (int) x.getShape().get(3),
                    stride, x.getDataType());
            if (map.getShape().get(2) != pooledShape.get(2) || map.getShape().get(3) != pooledShape.get(3)) {
                throw new IllegalStateException("pool count map " + map.getShape() + " does not fit " + pooledShape);
            }
            return map.toDevice(x.getDevice(), false);
        }

        @Override
        Shape outputShape(Shape input) {
            return new Shape(input.get(0), input.get(1), (input.get(2) - 1) / stride + 1,
                    (input.get(3) - 1) / stride + 1);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            if (bn != null) {
                bn.initialize(manager, dataType, outputShape(inputShapes[0]));
            }
        }
    }

    /** The stride-1 skip connection; weighted by a plain multiply with the 0-d op weight. */
    static final class Identity extends DartsOp {

        Identity(int channels) {
            super(channels);
        }

        @Override
        boolean startsWithRelu() {
            return false;
        }

        @Override
        NDArray apply(ParameterStore ps, NDArray x, NDArray activated, NDArray scale, boolean training) {
            if (scale != null) {
                throw new IllegalStateException("identity has no batch norm to scale");
            }
            return x;
        }

        @Override
        NDArray weighted(ParameterStore ps, NDArray x, NDArray activated, EdgeWeights w, int edge, int op,
                boolean training) {
            return x.mul(w.scalar(edge, op));
        }

        @Override
        Shape outputShape(Shape input) {
            return input;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // no parameters
        }
    }
}
