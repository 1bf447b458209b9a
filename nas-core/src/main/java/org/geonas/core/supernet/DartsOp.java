package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A candidate op of the DARTS space (or one of its building blocks) that the mixed op can drive
 * more cheaply than through {@link ai.djl.nn.Block#forward}: it can take {@code relu(x)}
 * precomputed (shared by every op and edge leaving the same node) and it can fold the op's
 * architecture weight into the scale of its closing non-affine batch norm, so that the weighted
 * output costs no extra multiply and no extra saved tensor. Intermediate handles are closed as
 * soon as the next stage has consumed them (autograd keeps what backward needs).
 */
abstract class DartsOp extends AbstractBlock {

    private final int outChannels;

    DartsOp(int outChannels) {
        this.outChannels = outChannels;
    }

    /** Channels of the output. */
    final int outChannels() {
        return outChannels;
    }

    /** Whether the op begins with a ReLU of its input (and so accepts it precomputed). */
    abstract boolean startsWithRelu();

    /**
     * The op's output.
     *
     * @param x the input
     * @param activated {@code relu(x)} if the caller has it, else null (computed here if needed)
     * @param scale a per-channel scale for the closing non-affine batch norm, or null for none
     */
    abstract NDArray apply(ParameterStore ps, NDArray x, NDArray activated, NDArray scale, boolean training);

    /** {@code w(edge, op) * op(x)}, the term this op adds to its edge's mixed op. */
    NDArray weighted(ParameterStore ps, NDArray x, NDArray activated, EdgeWeights w, int edge, int op,
            boolean training) {
        return apply(ps, x, activated, w.channelWeights(new int[] {edge}, op, outChannels), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), null, null, training));
    }

    /** The output shape for an input shape (batch, channels, height, width). */
    abstract Shape outputShape(Shape input);

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(inputShapes[0])};
    }
}
