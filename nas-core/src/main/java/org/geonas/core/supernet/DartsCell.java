package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.geonas.core.space.CellType;

/**
 * A DARTS / PC-DARTS search cell ({@code model_search.py}): the two inputs are preprocessed to C
 * channels, node j (2..5) is the sum over i &lt; j of the mixed op on edge {@code j<-i}, and the
 * output is the concatenation of nodes 2..5. In a reduction cell the edges leaving the two
 * input nodes have stride 2.
 *
 * <p>The mixed op of an edge sums {@code w(e,o) * op_o(x)} over the active ops only; the weight
 * is folded into each op's closing non-affine BN. With partial channels K &gt; 1 only the first
 * C/K channels go through the ops, the rest bypass them (2x2 max pool at stride 2), and the
 * edge output is {@code shuffle(concat(mixed, bypass))}. Because concatenation and the shuffle
 * are linear, the node computes {@code shuffle(concat(sum_e b_e mixed_e, sum_e b_e bypass_e))},
 * one concat and one shuffle per node instead of per edge, with the same value. Weight-only ops
 * (see {@link EdgeWeights#withWeightOnly}) add their 0-d weight to their edge's op output.
 */
final class DartsCell extends AbstractBlock {

    private static final Shape TWO = new Shape(2, 2);
    private static final Shape ZERO = new Shape(0, 0);

    private final CellType type;
    private final boolean reduction;
    private final int channels;
    private final int partial;
    private final int opChannels;
    private final DartsOp pre0;
    private final DartsOp pre1;
    private final MixedEdge[] edges = new MixedEdge[DartsLayout.EDGES];
    private final NDIndex headIndex;
    private final NDIndex tailIndex;
    private int lastOps;

    /**
     * @param reduction whether this cell halves the resolution
     * @param reductionPrev whether the previous cell did (its input 0 then has twice the resolution)
     * @param channels C, the channels of each node
     * @param partial K, the channel fraction 1/K that goes through the ops
     */
    DartsCell(boolean reduction, boolean reductionPrev, int channels, int partial) {
        this.type = reduction ? CellType.REDUCE : CellType.NORMAL;
        this.reduction = reduction;
        this.channels = channels;
        this.partial = partial;
        this.opChannels = channels / partial;
        this.headIndex = new NDIndex(":, :{}", opChannels);
        this.tailIndex = new NDIndex(":, {}:", opChannels);
        pre0 = addChildBlock("preprocess0", reductionPrev
                ? new DartsOps.FactorizedReduce(channels, false)
                : DartsOps.newReluConvBn(channels, 1, 1, 0, false));
        pre1 = addChildBlock("preprocess1", DartsOps.newReluConvBn(channels, 1, 1, 0, false));
        for (int e = 0; e < DartsLayout.EDGES; e++) {
            int stride = reduction && DartsLayout.from(e) < DartsLayout.INPUTS ? 2 : 1;
            edges[e] = addChildBlock("edge" + DartsLayout.to(e) + "_" + DartsLayout.from(e),
                    new MixedEdge(opChannels, stride));
        }
    }

    CellType type() {
        return type;
    }

    /** Op computations (weighted op outputs) the last forward pass of this cell ran. */
    int lastOpComputations() {
        return lastOps;
    }

    /**
     * One pass: inputs are the outputs of the cell before the previous one and of the previous
     * one; {@code edgeScalars} holds the 0-d weight of each edge, or is null for none.
     * Temporaries live in a sub-manager closed before returning; only the output survives.
     */
    NDArray forward(ParameterStore ps, NDArray s0, NDArray s1, EdgeWeights w, NDArray[] edgeScalars,
            boolean training) {
        Shape ws = w.array().getShape();
        if (ws.dimension() != 2 || ws.get(0) != DartsLayout.EDGES || ws.get(1) != DartsLayout.OPS.length) {
            throw new IllegalArgumentException("DARTS op weights must be 14 x 8, got " + ws);
        }
        NDManager parent = s1.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDArray p0 = pre0.apply(ps, s0, null, null, training);
            p0.attach(scope);
            NDArray p1 = pre1.apply(ps, s1, null, null, training);
            p1.attach(scope);
            NDArray[] states = nodes(ps, p0, p1, w, edgeScalars, training);
            NDList concat = new NDList();
            for (int j = DartsLayout.INPUTS; j < DartsLayout.NODES; j++) {
                concat.add(states[j]);
            }
            NDArray out = NDArrays.concat(concat, 1);
            out.attach(parent);
            return out;
        }
    }

    /** The six node states given the preprocessed inputs (exposed for tests). */
    NDArray[] nodes(ParameterStore ps, NDArray p0, NDArray p1, EdgeWeights w, NDArray[] edgeScalars,
            boolean training) {
        lastOps = 0;
        NDArray[] states = new NDArray[DartsLayout.NODES];
        Source[] sources = new Source[DartsLayout.NODES];
        states[0] = p0;
        states[1] = p1;
        sources[0] = new Source(p0);
        sources[1] = new Source(p1);
        Shape in = p1.getShape();
        int shrink = reduction ? 2 : 1;
        Shape nodeShape = new Shape(in.get(0), channels, in.get(2) / shrink, in.get(3) / shrink);
        try {
            for (int j = DartsLayout.INPUTS; j < DartsLayout.NODES; j++) {
                Sum mixed = new Sum();
                Sum bypass = new Sum();
                NDArray weightOnly = null; // 0-d: the weight-only ops of the edges into j, edge-weighted
                for (int i = 0; i < j; i++) {
                    int e = DartsLayout.edge(j, i);
                    MixedEdge edge = edges[e];
                    Source src = sources[i];
                    NDArray scalar = edgeScalars == null ? null : edgeScalars[e];
                    // without edge weights the op terms go straight into the node's running sum
                    Sum target = scalar == null ? mixed : new Sum();
                    for (int o = 1; o < DartsLayout.OPS.length; o++) {
                        if (!w.isActive(e, o)) {
                            continue;
                        }
                        DartsOp op = edge.ops[o];
                        NDArray activated = op.startsWithRelu() ? src.activated() : null;
                        target.addOwned(op.weighted(ps, src.head(), activated, w, e, o, training));
                        lastOps++;
                    }
                    NDArray own = w.weightOnlySum(e);
                    if (own != null) {
                        NDArray term = scalar == null ? own : own.mul(scalar);
                        weightOnly = weightOnly == null ? term : weightOnly.add(term);
                    }
                    if (scalar != null && target.value != null) {
                        NDArray edgeOut = target.value;
                        mixed.addOwned(edgeOut.mul(scalar));
                        edgeOut.close();
                    }
                    if (partial > 1) {
                        NDArray b = src.bypass(edge.stride);
                        if (scalar == null) {
                            bypass.addShared(b);
                        } else {
                            bypass.addOwned(b.mul(scalar));
                        }
                    }
                }
                states[j] = finish(mixed, bypass, weightOnly, nodeShape, p1);
                sources[j] = new Source(states[j]);
            }
        } finally {
            for (Source s : sources) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return states;
    }

    /** The node from its op terms, bypassed channels and 0-d weight-only term (or null). */
    private NDArray finish(Sum mixed, Sum bypass, NDArray weightOnly, Shape nodeShape, NDArray like) {
        if (partial == 1) {
            // every op term is a fresh tensor, so the sum is one this pass owns
            NDArray sum = mixed.value != null ? mixed.value : zeros(like, nodeShape); // zeros: no op active
            return weightOnly == null ? sum : sum.addi(weightOnly);
        }
        NDArray head = mixed.value != null ? mixed.value
                : zeros(like, new Shape(nodeShape.get(0), opChannels, nodeShape.get(2), nodeShape.get(3)));
        if (weightOnly != null) {
            head.addi(weightOnly); // into the op channels, before the shuffle, as an op's output would be
        }
        NDArray cat = NDArrays.concat(new NDList(head, bypass.value), 1);
        head.close();
        if (bypass.owned) {
            bypass.value.close();
        }
        NDArray out = shuffle(cat);
        cat.close();
        return out;
    }

    /** PC-DARTS' channel_shuffle with K groups: (B, K, C/K, H, W) -> swap 1,2 -> (B, C, H, W). */
    private NDArray shuffle(NDArray x) {
        Shape s = x.getShape();
        NDArray grouped = x.reshape(s.get(0), partial, s.get(1) / partial, s.get(2), s.get(3));
        NDArray swapped = grouped.swapAxes(1, 2);
        grouped.close();
        NDArray out = swapped.reshape(s);
        swapped.close();
        return out;
    }

    private static NDArray zeros(NDArray like, Shape shape) {
        return like.getManager().zeros(shape, like.getDataType(), like.getDevice());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray[] scalars = inputs.size() > 3 ? DartsSupernet.edgeScalars(inputs.get(3)) : null;
        EdgeWeights w = EdgeWeights.dense(inputs.get(2), DartsLayout.NONE);
        return new NDList(forward(ps, inputs.get(0), inputs.get(1), w, scalars, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s1 = inputShapes[1];
        int shrink = reduction ? 2 : 1;
        return new Shape[] {new Shape(s1.get(0), (long) (DartsLayout.NODES - DartsLayout.INPUTS) * channels,
                s1.get(2) / shrink, s1.get(3) / shrink)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s0 = inputShapes[0];
        Shape s1 = inputShapes[1];
        pre0.initialize(manager, dataType, s0);
        pre1.initialize(manager, dataType, s1);
        Shape p0 = pre0.outputShape(s0);
        Shape p1 = pre1.outputShape(s1);
        if (p0.get(2) != p1.get(2) || p0.get(3) != p1.get(3)) {
            throw new IllegalArgumentException("cell inputs disagree in size after preprocessing: " + p0 + ", " + p1);
        }
        if (reduction && (p1.get(2) % 2 != 0 || p1.get(3) % 2 != 0)) {
            throw new IllegalArgumentException("a reduction cell needs even height and width, got " + p1);
        }
        int shrink = reduction ? 2 : 1;
        for (int e = 0; e < DartsLayout.EDGES; e++) {
            boolean fromInput = DartsLayout.from(e) < DartsLayout.INPUTS;
            long h = fromInput ? p1.get(2) : p1.get(2) / shrink;
            long wd = fromInput ? p1.get(3) : p1.get(3) / shrink;
            edges[e].initialize(manager, dataType, new Shape(p1.get(0), opChannels, h, wd));
        }
    }

    /** The ops of one edge (slot {@code none} empty); a container driven by the cell. */
    static final class MixedEdge extends AbstractBlock {

        final int stride;
        final DartsOp[] ops = new DartsOp[DartsLayout.OPS.length];

        MixedEdge(int channels, int stride) {
            this.stride = stride;
            for (int o = 1; o < DartsLayout.OPS.length; o++) {
                ops[o] = addChildBlock(DartsLayout.OPS[o], DartsOps.create(o, channels, stride));
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            throw new UnsupportedOperationException("a mixed edge is driven by its DartsCell");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return ops[DartsLayout.SEP_CONV_3X3].getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            for (int o = 1; o < ops.length; o++) {
                ops[o].initialize(manager, dataType, inputShapes);
            }
        }
    }

    /**
     * What a node's outgoing edges share: the op input (the first C/K channels), its ReLU (the
     * first stage of every conv op and of FactorizedReduce) and the bypass, each made at most
     * once and closed when the cell is done.
     */
    private final class Source {
        private final NDArray x;
        private NDArray head;
        private NDArray activated;
        private NDArray tail;
        private NDArray pooledTail;

        Source(NDArray x) {
            this.x = x;
        }

        NDArray head() {
            if (partial == 1) {
                return x;
            }
            if (head == null) {
                head = x.get(headIndex);
            }
            return head;
        }

        NDArray activated() {
            if (activated == null) {
                activated = Activation.relu(head());
            }
            return activated;
        }

        NDArray bypass(int stride) {
            if (tail == null) {
                tail = x.get(tailIndex);
            }
            if (stride == 1) {
                return tail;
            }
            if (pooledTail == null) {
                pooledTail = Pool.maxPool2d(tail, TWO, TWO, ZERO, false);
            }
            return pooledTail;
        }

        void close() {
            for (NDArray a : new NDArray[] {head, activated, tail, pooledTail}) {
                if (a != null) {
                    a.close();
                }
            }
        }
    }

    /**
     * A running sum with as few new tensors as possible: a fresh ("owned") term becomes the
     * accumulator and later terms are added in place (no autograd node saves an accumulator);
     * a shared term (a view of a source) is never written to. Added owned terms are closed.
     */
    private static final class Sum {
        NDArray value;
        boolean owned;

        void addOwned(NDArray term) {
            if (value == null) {
                value = term;
                owned = true;
            } else if (owned) {
                value.addi(term);
                term.close();
            } else {
                value = term.addi(value);
                owned = true;
            }
        }

        void addShared(NDArray term) {
            if (value == null) {
                value = term;
                owned = false;
            } else if (owned) {
                value.addi(term);
            } else {
                value = value.add(term);
                owned = true;
            }
        }
    }
}
