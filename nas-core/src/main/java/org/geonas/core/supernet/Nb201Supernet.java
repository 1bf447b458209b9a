package org.geonas.core.supernet;

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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The NAS-Bench-201 search network: 3x3 stem conv + BN, three stages of N search cells with C,
 * 2C and 4C channels, residual reductions between stages, BN + ReLU, global average pooling and
 * a linear classifier. All cells share one set of architecture weights, an input of
 * {@link #forward(ParameterStore, NDArray, EdgeWeights, boolean)}.
 */
public final class Nb201Supernet extends AbstractBlock implements Supernet {

    private final Block stem;
    private final List<Block> layers = new ArrayList<>();
    private final Block last;
    private final Block classifier;
    private final int channels;
    private final int cells;
    private final int classes;

    private Nb201Supernet(Builder b) {
        this.channels = b.channels;
        this.cells = b.cells;
        this.classes = b.classes;
        stem = addChildBlock("stem", new SequentialBlock().add(Ops.conv(channels, 3, 1, 1)).add(Ops.batchNorm(true)));
        int c = channels;
        for (int stage = 0; stage < 3; stage++) {
            if (stage > 0) {
                c *= 2;
                layers.add(addChildBlock("reduce" + stage, new ResidualReduction(c)));
            }
            for (int i = 0; i < cells; i++) {
                layers.add(addChildBlock("cell" + stage + "_" + i, new Nb201SearchCell(c, b.partialChannels)));
            }
        }
        last = addChildBlock("last", new SequentialBlock().add(Ops.batchNorm(true)).add(Activation.reluBlock()));
        Linear linear = Linear.builder().setUnits(classes).build();
        classifier = addChildBlock("classifier", linear);
        b.init.apply(this, linear, c);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, SupernetInput input, boolean training) {
        return forward(ps, x, input.ops(org.geonas.core.space.CellType.NORMAL),
                input.edgeWeights(org.geonas.core.space.CellType.NORMAL).orElse(null), training);
    }

    /** Logits for a batch, the architecture weights shared by every cell. */
    public NDArray forward(ParameterStore ps, NDArray x, EdgeWeights w, boolean training) {
        return forward(ps, x, w, null, training);
    }

    private NDArray forward(ParameterStore ps, NDArray x, EdgeWeights w, NDArray edgeWeights, boolean training) {
        NDArray h = stem.forward(ps, new NDList(x), training).singletonOrThrow();
        for (Block layer : layers) {
            h = layer instanceof Nb201SearchCell cell
                    ? cell.forward(ps, h, w, edgeWeights, training)
                    : layer.forward(ps, new NDList(h), training).singletonOrThrow();
        }
        h = last.forward(ps, new NDList(h), training).singletonOrThrow();
        NDArray pooled = ai.djl.nn.pooling.Pool.globalAvgPool2d(h);
        return classifier.forward(ps, new NDList(pooled), training).singletonOrThrow();
    }

    /** Inputs: the image batch and the {@code edges x ops} weights; all ops but none computed. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.get(0), EdgeWeights.dense(inputs.get(1), 0), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        stem.initialize(manager, dataType, x);
        Shape h = stem.getOutputShapes(new Shape[] {x})[0];
        for (Block layer : layers) {
            layer.initialize(manager, dataType, h);
            h = layer.getOutputShapes(new Shape[] {h})[0];
        }
        last.initialize(manager, dataType, h);
        classifier.initialize(manager, dataType, new Shape(h.get(0), h.get(1)));
    }

    public int channels() {
        return channels;
    }

    public int cells() {
        return cells;
    }

    /** Builder: {@code setX} required, {@code optX} optional; {@link #build()} validates. */
    public static final class Builder {
        private int channels = 16;
        private int cells = 5;
        private int classes = -1;
        private int partialChannels = 1;
        private WeightInit init = WeightInit.HE_NORMAL;

        /** How conv and linear parameters start (default He-normal). */
        public Builder optInit(WeightInit init) {
            this.init = java.util.Objects.requireNonNull(init, "init");
            return this;
        }

        /** K of PC-DARTS' partial channel connections (default 1: all channels). */
        public Builder optPartialChannels(int k) {
            this.partialChannels = k;
            return this;
        }

        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder optCells(int cells) {
            this.cells = cells;
            return this;
        }

        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        public Nb201Supernet build() {
            if (channels <= 0 || cells <= 0) {
                throw new IllegalArgumentException("channels and cells must be positive, got " + channels + ", " + cells);
            }
            if (partialChannels < 1 || channels % partialChannels != 0) {
                throw new IllegalArgumentException("partial channels K=" + partialChannels + " must divide channels "
                        + channels);
            }
            if (classes <= 1) {
                throw new IllegalArgumentException("setClasses(n) with n >= 2 is required");
            }
            return new Nb201Supernet(this);
        }
    }
}
