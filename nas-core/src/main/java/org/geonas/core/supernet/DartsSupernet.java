package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.geonas.core.space.CellType;

/**
 * The DARTS CNN search network ({@code model_search.py}), and PC-DARTS' when partial channels
 * K &gt; 1: a 3x3 stem convolution to 3C channels + affine BN, {@code layers} search cells with
 * reduction cells (channels doubled) at {@code layers/3} and {@code 2*layers/3}, global average
 * pooling and a linear classifier. Each cell type's cells share the op weights and optional edge
 * weights of a {@link SupernetInput}; only the active ops of an {@link EdgeWeights} are computed.
 *
 * <pre>{@code
 * DartsSupernet net = DartsSupernet.builder().setClasses(10).optChannels(16).optLayers(8)
 *         .optPartialChannels(4).build();
 * net.initialize(manager, DataType.FLOAT32, new Shape(64, 3, 32, 32));
 * NDArray logits = net.forward(ps, images, SupernetInput.of(
 *         Map.of(CellType.NORMAL, EdgeWeights.dense(normal14x8, 0), CellType.REDUCE, EdgeWeights.dense(reduce14x8, 0)),
 *         Map.of(CellType.NORMAL, normalEdges14, CellType.REDUCE, reduceEdges14)), true);
 * }</pre>
 */
public final class DartsSupernet extends AbstractBlock implements Supernet {

    /** Stem channels are this multiple of C, as in the DARTS code. */
    private static final int STEM_MULTIPLIER = 3;

    private final int channels;
    private final int layers;
    private final int classes;
    private final int partialChannels;
    private final Block stem;
    private final List<DartsCell> cells = new ArrayList<>();
    private final Block classifier;

    private DartsSupernet(Builder b) {
        this.channels = b.channels;
        this.layers = b.layers;
        this.classes = b.classes;
        this.partialChannels = b.partialChannels;
        stem = addChildBlock("stem", new SequentialBlock()
                .add(Ops.conv(STEM_MULTIPLIER * channels, 3, 1, 1))
                .add(Ops.batchNorm(true)));
        int c = channels;
        boolean reductionPrev = false;
        for (int i = 0; i < layers; i++) {
            boolean reduction = isReduction(i, layers);
            if (reduction) {
                c *= 2;
            }
            cells.add(addChildBlock("cell" + i, new DartsCell(reduction, reductionPrev, c, partialChannels)));
            reductionPrev = reduction;
        }
        Linear linear = Linear.builder().setUnits(classes).build();
        classifier = addChildBlock("classifier", linear);
        // a cell's output concatenates its intermediate nodes, each of c channels
        b.init.apply(this, linear, (long) (DartsLayout.NODES - DartsLayout.INPUTS) * c);
    }

    private static boolean isReduction(int layer, int layers) {
        return layer == layers / 3 || layer == 2 * layers / 3;
    }

    /** A builder with the DARTS defaults (C=16, 8 layers, K=1); {@code setClasses} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, SupernetInput input, boolean training) {
        Map<CellType, EdgeWeights> ops = new EnumMap<>(CellType.class);
        Map<CellType, NDArray[]> scalars = new EnumMap<>(CellType.class);
        for (DartsCell cell : cells) {
            CellType t = cell.type();
            if (!ops.containsKey(t)) {
                ops.put(t, input.ops(t));
                Optional<NDArray> edges = input.edgeWeights(t);
                scalars.put(t, edges.map(DartsSupernet::edgeScalars).orElse(null));
            }
        }
        return forward(ps, x, ops, scalars, training);
    }

    private NDArray forward(ParameterStore ps, NDArray x, Map<CellType, EdgeWeights> ops,
            Map<CellType, NDArray[]> scalars, boolean training) {
        NDArray s0 = stem.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray s1 = s0;
        for (DartsCell cell : cells) {
            NDArray out = cell.forward(ps, s0, s1, ops.get(cell.type()), scalars.get(cell.type()), training);
            NDArray dropped = s0;
            s0 = s1;
            s1 = out;
            if (dropped != s0) {
                dropped.close(); // no later cell reads it; autograd keeps what backward needs
            }
        }
        NDArray pooled = Pool.globalAvgPool2d(s1);
        if (s0 != s1) {
            s0.close();
        }
        s1.close();
        NDArray logits = classifier.forward(ps, new NDList(pooled), training).singletonOrThrow();
        pooled.close();
        return logits;
    }

    /** The 0-d weight of each edge, sliced once per pass and shared by the cells of a type. */
    static NDArray[] edgeScalars(NDArray edgeWeights) {
        Shape s = edgeWeights.getShape();
        if (s.dimension() != 1 || s.get(0) != DartsLayout.EDGES) {
            throw new IllegalArgumentException("DARTS edge weights must have shape (14), got " + s);
        }
        NDArray[] out = new NDArray[DartsLayout.EDGES];
        for (int e = 0; e < out.length; e++) {
            out[e] = edgeWeights.get(e);
        }
        return out;
    }

    /**
     * Inputs: images, normal-cell and reduce-cell op weights (14 x 8 each, all ops but none
     * computed), and optionally normal-cell and reduce-cell edge weights (14 each).
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Map<CellType, EdgeWeights> ops = new EnumMap<>(CellType.class);
        ops.put(CellType.NORMAL, EdgeWeights.dense(inputs.get(1), DartsLayout.NONE));
        ops.put(CellType.REDUCE, EdgeWeights.dense(inputs.get(2), DartsLayout.NONE));
        Map<CellType, NDArray[]> scalars = new EnumMap<>(CellType.class);
        if (inputs.size() > 4) {
            scalars.put(CellType.NORMAL, edgeScalars(inputs.get(3)));
            scalars.put(CellType.REDUCE, edgeScalars(inputs.get(4)));
        }
        return new NDList(forward(ps, inputs.get(0), ops, scalars, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        if (x.dimension() != 4) {
            throw new IllegalArgumentException("input must be (batch, channels, height, width), got " + x);
        }
        stem.initialize(manager, dataType, x);
        Shape s0 = stem.getOutputShapes(new Shape[] {x})[0];
        Shape s1 = s0;
        for (DartsCell cell : cells) {
            cell.initialize(manager, dataType, s0, s1);
            Shape out = cell.getOutputShapes(new Shape[] {s0, s1})[0];
            s0 = s1;
            s1 = out;
        }
        classifier.initialize(manager, dataType, new Shape(s1.get(0), s1.get(1)));
    }

    /** C, the channels of each node of the first cells. */
    public int channels() {
        return channels;
    }

    /** Number of cells. */
    public int layers() {
        return layers;
    }

    /** Number of classes of the classifier. */
    public int classes() {
        return classes;
    }

    /** K: 1/K of each edge's channels go through its mixed op (1 = DARTS, 4 = PC-DARTS' default). */
    public int partialChannels() {
        return partialChannels;
    }

    /** The type of each cell, in order. */
    public List<CellType> cellTypes() {
        List<CellType> types = new ArrayList<>();
        for (DartsCell cell : cells) {
            types.add(cell.type());
        }
        return Collections.unmodifiableList(types);
    }

    /** Op computations the last forward pass ran in all cells of a type (for tests). */
    int lastOpComputations(CellType type) {
        int n = 0;
        for (DartsCell cell : cells) {
            n += cell.type() == type ? cell.lastOpComputations() : 0;
        }
        return n;
    }

    /** The cell at a position (for tests). */
    DartsCell cell(int index) {
        return cells.get(index);
    }

    /** Builder: {@code setX} required, {@code optX} optional; {@link #build()} validates. */
    public static final class Builder {
        private int channels = 16;
        private int layers = 8;
        private int classes = -1;
        private int partialChannels = 1;
        private WeightInit init = WeightInit.HE_NORMAL;

        /** How conv and linear parameters start (default He-normal). */
        public Builder optInit(WeightInit init) {
            this.init = java.util.Objects.requireNonNull(init, "init");
            return this;
        }

        private Builder() {
        }

        /** The number of classes (at least 2); required. */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** C, the channels of each node of the first cells (default 16). */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** Number of cells (default 8); cells layers/3 and 2*layers/3 are reduction cells. */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** K, the PC-DARTS channel fraction 1/K (default 1: all channels, plain DARTS). */
        public Builder optPartialChannels(int partialChannels) {
            this.partialChannels = partialChannels;
            return this;
        }

        /** Validates and builds. */
        public DartsSupernet build() {
            if (classes < 2) {
                throw new IllegalArgumentException("setClasses(n) with n >= 2 is required, got " + classes);
            }
            if (layers < 1) {
                throw new IllegalArgumentException("layers must be positive, got " + layers);
            }
            if (partialChannels < 1) {
                throw new IllegalArgumentException("partial channels K must be positive, got " + partialChannels);
            }
            if (channels <= 0 || channels % partialChannels != 0 || (channels / partialChannels) % 2 != 0) {
                // FactorizedReduce (skip_connect at stride 2) halves C/K channels into two convs
                throw new IllegalArgumentException("channels must be a positive multiple of 2K, got C=" + channels
                        + ", K=" + partialChannels);
            }
            return new DartsSupernet(this);
        }
    }
}
