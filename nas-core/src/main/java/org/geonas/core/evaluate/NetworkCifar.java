package org.geonas.core.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.geonas.core.space.DartsGenotype;
import org.geonas.core.supernet.Ops;
import org.geonas.core.supernet.WeightInit;

/**
 * The DARTS evaluation network ({@code NetworkCIFAR} of the DARTS code) built from a genotype: a 3x3
 * stem convolution to 3C channels + BN, {@code layers} discrete cells with reduction cells
 * (channels doubled) at {@code layers/3} and {@code 2*layers/3}, an optional auxiliary head on the
 * output of cell {@code 2*layers/3} (training only), global average pooling and a linear classifier.
 *
 * <pre>{@code
 * NetworkCifar net = NetworkCifar.builder().setGenotype(DartsGenotype.DARTS_V2).setClasses(10)
 *         .optChannels(36).optLayers(20).optAuxiliary(true).build();
 * net.initialize(manager, DataType.FLOAT32, new Shape(96, 3, 32, 32));
 * NetworkCifar.Output out = net.forward(ps, images, DropPath.of(0.2, stepSeed, scope), true);
 * }</pre>
 */
public final class NetworkCifar extends AbstractBlock {

    /** The auxiliary head's average pool: 5x5, stride 3, no padding. */
    public static final int AUXILIARY_POOL = AuxiliaryHead.POOL;
    public static final int AUXILIARY_POOL_STRIDE = AuxiliaryHead.POOL_STRIDE;

    /** Stem channels are this multiple of C, as in the DARTS code. */
    private static final int STEM_MULTIPLIER = 3;

    private final DartsGenotype genotype;
    private final int channels;
    private final int layers;
    private final int classes;
    private final Block stem;
    private final List<EvalCell> cells = new ArrayList<>();
    private final AuxiliaryHead auxiliary;
    private final Linear classifier;

    /** The logits, and the auxiliary head's (null unless training with the head). */
    public record Output(NDArray logits, NDArray auxLogits) {
    }

    private NetworkCifar(Builder b) {
        this.genotype = b.genotype;
        this.channels = b.channels;
        this.layers = b.layers;
        this.classes = b.classes;
        stem = addChildBlock("stem", new SequentialBlock()
                .add(Ops.conv(STEM_MULTIPLIER * channels, 3, 1, 1))
                .add(Ops.batchNorm(true)));
        int c = channels;
        boolean reductionPrev = false;
        int outChannels = STEM_MULTIPLIER * channels;
        for (int i = 0; i < layers; i++) {
            boolean reduction = isReduction(i, layers);
            if (reduction) {
                c *= 2;
            }
            EvalCell cell = addChildBlock("cell" + i, new EvalCell(genotype, reduction, reductionPrev, c));
            cells.add(cell);
            reductionPrev = reduction;
            outChannels = cell.outChannels();
        }
        auxiliary = b.auxiliary ? addChildBlock("auxiliary", new AuxiliaryHead(classes)) : null;
        classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
        b.init.apply(this, classifier, outChannels);
        if (auxiliary != null) {
            b.init.apply(auxiliary, auxiliary.classifier(), AuxiliaryHead.classifierFanIn());
        }
    }

    /** The auxiliary head alone, for the engine check's list of ops. */
    public static Block auxiliaryHead(int classes) {
        return new AuxiliaryHead(classes);
    }

    /** Whether the auxiliary head takes a {@code side x side} input (8 to 10). */
    public static boolean auxiliaryHeadFits(int side) {
        return side >= AuxiliaryHead.MIN_SIDE && side <= AuxiliaryHead.MAX_SIDE;
    }

    private static boolean isReduction(int layer, int layers) {
        return layer == layers / 3 || layer == 2 * layers / 3;
    }

    /** The cell after which the auxiliary head reads. */
    private int auxiliaryLayer() {
        return 2 * layers / 3;
    }

    /** A builder: {@code setGenotype} and {@code setClasses} required; C=36, 20 layers, auxiliary head by default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A forward pass.
     *
     * @param dropPath the step's drop-path masks ({@link DropPath#none()} for none); used only when training
     */
    public Output forward(ParameterStore ps, NDArray x, DropPath dropPath, boolean training) {
        NDArray s0 = stem.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray s1 = s0;
        NDArray aux = null;
        for (int i = 0; i < cells.size(); i++) {
            NDArray out = cells.get(i).forward(ps, s0, s1, dropPath, training);
            NDArray dropped = s0;
            s0 = s1;
            s1 = out;
            if (dropped != s0) {
                dropped.close(); // no later cell reads it; autograd keeps what backward needs
            }
            if (i == auxiliaryLayer() && auxiliary != null && training) {
                aux = auxiliary.forward(ps, new NDList(s1), training).singletonOrThrow();
            }
        }
        NDArray pooled = Pool.globalAvgPool2d(s1);
        if (s0 != s1) {
            s0.close();
        }
        s1.close();
        NDArray logits = classifier.forward(ps, new NDList(pooled), training).singletonOrThrow();
        pooled.close();
        return new Output(logits, aux);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Output out = forward(ps, inputs.get(0), DropPath.none(), training);
        return out.auxLogits() == null ? new NDList(out.logits()) : new NDList(out.logits(), out.auxLogits());
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
        if (x.get(2) % 4 != 0 || x.get(3) % 4 != 0) {
            // two reduction cells, and FactorizedReduce halves an even size only (as in the DARTS code)
            throw new IllegalArgumentException("image height and width must be multiples of 4 for the two reduction "
                    + "cells, got " + x.get(2) + "x" + x.get(3));
        }
        stem.initialize(manager, dataType, x);
        Shape s0 = stem.getOutputShapes(new Shape[] {x})[0];
        Shape s1 = s0;
        for (int i = 0; i < cells.size(); i++) {
            EvalCell cell = cells.get(i);
            cell.initialize(manager, dataType, s0, s1);
            Shape out = cell.getOutputShapes(new Shape[] {s0, s1})[0];
            s0 = s1;
            s1 = out;
            if (i == auxiliaryLayer() && auxiliary != null) {
                auxiliary.initialize(manager, dataType, s1);
            }
        }
        classifier.initialize(manager, dataType, new Shape(s1.get(0), s1.get(1)));
    }

    /** Trainable parameters: with the auxiliary head, or without it as the literature counts them. */
    public long parameterCount(boolean withAuxiliary) {
        long n = 0;
        for (var e : getParameters()) {
            Parameter p = e.getValue();
            if (p.requiresGradient() && (withAuxiliary || !e.getKey().startsWith(auxiliaryPrefix()))) {
                n += p.getArray().getShape().size();
            }
        }
        return n;
    }

    private String auxiliaryPrefix() {
        return getChildren().keys().stream().filter(k -> k.endsWith("auxiliary")).findFirst().orElse("\u0000") + "_";
    }

    /** Whether the network has the auxiliary head. */
    public boolean hasAuxiliary() {
        return auxiliary != null;
    }

    public DartsGenotype genotype() {
        return genotype;
    }

    public int channels() {
        return channels;
    }

    public int layers() {
        return layers;
    }

    public int classes() {
        return classes;
    }

    /** Builder: {@code setX} required, {@code optX} optional; {@link #build()} validates. */
    public static final class Builder {
        private DartsGenotype genotype;
        private int classes = -1;
        private int channels = 36;
        private int layers = 20;
        private boolean auxiliary = true;
        private WeightInit init = WeightInit.PYTORCH;

        private Builder() {
        }

        /** The genotype whose cells the network stacks; required. */
        public Builder setGenotype(DartsGenotype genotype) {
            this.genotype = Objects.requireNonNull(genotype, "genotype");
            return this;
        }

        /** The number of classes (at least 2); required. */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** C, the channels of each node of the first cells (default 36). */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** Number of cells (default 20); cells layers/3 and 2*layers/3 reduce. */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Whether the auxiliary head is built (default true). */
        public Builder optAuxiliary(boolean auxiliary) {
            this.auxiliary = auxiliary;
            return this;
        }

        /** How conv and linear parameters start (default PyTorch's, as the reference trains with). */
        public Builder optInit(WeightInit init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** Validates and builds. */
        public NetworkCifar build() {
            if (genotype == null) {
                throw new IllegalArgumentException("setGenotype(...) is required");
            }
            if (classes < 2) {
                throw new IllegalArgumentException("setClasses(n) with n >= 2 is required, got " + classes);
            }
            if (layers < 3) {
                throw new IllegalArgumentException("layers must be at least 3 (two reduction cells and a normal one), got "
                        + layers);
            }
            if (channels <= 0 || channels % 2 != 0) {
                // FactorizedReduce splits C into two halves
                throw new IllegalArgumentException("channels must be a positive even number, got " + channels);
            }
            return new NetworkCifar(this);
        }
    }
}
