package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.Nb201Space;

/**
 * The NAS-Bench-201 search cell: node j is the sum over i &lt; j of the mixed op on edge
 * {@code j<-i}, the mixed op being the weighted sum of none, skip, ReLU-Conv1x1-BN,
 * ReLU-Conv3x3-BN and a 3x3 average pool (padding not counted), BN without affine parameters.
 *
 * <p>Same function, fewer kernels: every edge leaving node i applies ReLU to the same tensor,
 * so the convolutions of all k edges leaving node i are one convolution with k*C filters
 * (and one BN over those k*C channels, which is per-channel and so equal to k separate BNs);
 * the average pool of node i is computed once. Edge p's conv output is channel block p. When
 * only some edges need an op (a sampled or discrete architecture), only their filter blocks
 * run. The none op contributes zero and is never computed. Weight-only ops (see {@link
 * EdgeWeights#withWeightOnly}) add their 0-d weight to the edge's output.
 */
public final class Nb201SearchCell extends AbstractBlock {

    private static final int NONE = 0;
    private static final int SKIP = 1;
    private static final int CONV1 = 2;
    private static final int CONV3 = 3;
    private static final int POOL = 4;
    private static final Shape UNIT = new Shape(1, 1);
    private static final Shape POOL_KERNEL = new Shape(3, 3);

    private final int channels;
    private final int partial;
    private final int opChannels;
    private final List<Source> sources = new ArrayList<>();

    /** The parameters of the ops leaving one node; slot p serves edge {@code edges[p]}. */
    private static final class Source {
        final int[] edges;
        final int[] targets;
        final Parameter[] conv1 = new Parameter[5];
        final Parameter[] conv3 = new Parameter[5];

        Source(int[] edges, int[] targets) {
            this.edges = edges;
            this.targets = targets;
        }
    }

    /** @param channels C, the channels of every node */
    public Nb201SearchCell(int channels) {
        this(channels, 1);
    }

    /**
     * @param channels C, the channels of every node
     * @param partial K of PC-DARTS: only the first C/K channels of an edge's input go through its
     *     mixed op, the rest bypass it, then the channels are shuffled in K groups (1 = off)
     */
    public Nb201SearchCell(int channels, int partial) {
        if (partial < 1 || channels % partial != 0) {
            throw new IllegalArgumentException("partial channels K=" + partial + " must divide the " + channels
                    + " channels of a cell");
        }
        this.channels = channels;
        this.partial = partial;
        this.opChannels = channels / partial;
        List<Edge> edges = Nb201Space.INSTANCE.edges(CellType.NORMAL);
        for (int from = 0; from < Nb201Space.NODES - 1; from++) {
            List<Integer> ids = new ArrayList<>();
            for (int e = 0; e < edges.size(); e++) {
                if (edges.get(e).from() == from) {
                    ids.add(e);
                }
            }
            int[] edgeIds = ids.stream().mapToInt(Integer::intValue).toArray();
            int[] targets = ids.stream().mapToInt(e -> edges.get(e).to()).toArray();
            Source source = new Source(edgeIds, targets);
            int filters = edgeIds.length * opChannels;
            addConvBn(source.conv1, "n" + from + "_conv1x1", new Shape(filters, opChannels, 1, 1), filters);
            addConvBn(source.conv3, "n" + from + "_conv3x3", new Shape(filters, opChannels, 3, 3), filters);
            sources.add(source);
        }
    }

    /** Registers weight, BN gamma (fixed 1), beta (fixed 0), running mean and variance. */
    private void addConvBn(Parameter[] into, String name, Shape weightShape, int filters) {
        Shape c = new Shape(filters);
        into[0] = addParameter(Parameter.builder().setName(name + "_weight").setType(Parameter.Type.WEIGHT)
                .optShape(weightShape).build());
        into[1] = addParameter(Parameter.builder().setName(name + "_gamma").setType(Parameter.Type.GAMMA)
                .optShape(c).optRequiresGrad(false).build());
        into[2] = addParameter(Parameter.builder().setName(name + "_beta").setType(Parameter.Type.BETA)
                .optShape(c).optRequiresGrad(false).build());
        into[3] = addParameter(Parameter.builder().setName(name + "_runningMean")
                .setType(Parameter.Type.RUNNING_MEAN).optShape(c).optRequiresGrad(false).build());
        into[4] = addParameter(Parameter.builder().setName(name + "_runningVar")
                .setType(Parameter.Type.RUNNING_VAR).optShape(c).optRequiresGrad(false).build());
    }

    /**
     * The weight shape of every convolution a pass may run, for the engine check: per node and
     * kernel size, the fused kernel of all edges leaving the node and one edge's block of it
     * (what runs when only some edges need the op). Padding is (kernel - 1) / 2, stride 1; the
     * input is the node's first C/K channels.
     */
    public List<Shape> convolutionWeights() {
        List<Shape> shapes = new ArrayList<>();
        for (Source source : sources) {
            for (Parameter[] params : List.of(source.conv1, source.conv3)) {
                Shape fused = params[0].getShape();
                shapes.add(fused);
                shapes.add(new Shape(opChannels, fused.get(1), fused.get(2), fused.get(3)));
            }
        }
        return shapes;
    }

    /** C/K: the channels of a node that go through the mixed ops. */
    public int opChannels() {
        return opChannels;
    }

    /** One pass of the cell, every edge's output at full weight. */
    public NDArray forward(ParameterStore ps, NDArray x, EdgeWeights w, boolean training) {
        return forward(ps, x, w, null, training);
    }

    /**
     * One pass of the cell.
     *
     * @param edgeWeights a weight per edge scaling its whole output (PC-DARTS' edge normalization), or null
     */
    public NDArray forward(ParameterStore ps, NDArray x, EdgeWeights w, NDArray edgeWeights, boolean training) {
        // with partial channels or edge weights an edge's output is finished on its own before it
        // joins its node; otherwise its terms go straight into the node's sum
        boolean perEdge = partial > 1 || edgeWeights != null;
        NodeSums nodeSums = new NodeSums(Nb201Space.NODES);
        NodeSums sums = perEdge ? new NodeSums(Nb201Space.INSTANCE.edges(CellType.NORMAL).size()) : nodeSums;
        NDArray[] nodes = new NDArray[Nb201Space.NODES];
        nodes[0] = x;
        for (int i = 0; i < sources.size(); i++) {
            Source source = sources.get(i);
            NDArray in = nodes[i];
            NDArray opIn = in;
            NDArray bypass = null;
            if (partial > 1) {
                NDList parts = in.split(new long[] {opChannels}, 1);
                opIn = parts.get(0);
                bypass = parts.get(1);
            }
            NDArray relu = needsAny(source, w, CONV1) || needsAny(source, w, CONV3) ? Activation.relu(opIn) : null;
            NDArray[] c1 = convBn(ps, relu, source, source.conv1, w, CONV1, 0, training);
            NDArray[] c3 = convBn(ps, relu, source, source.conv3, w, CONV3, 1, training);
            NDArray pooled = needsAny(source, w, POOL)
                    ? Pool.avgPool2d(opIn, POOL_KERNEL, UNIT, UNIT, false, true) : null;
            Shape s = opIn.getShape();
            for (int p = 0; p < source.edges.length; p++) {
                int e = source.edges[p];
                int target = source.targets[p];
                int slot = perEdge ? e : target;
                if (w.isActive(e, SKIP)) {
                    sums.addOwned(slot, opIn.mul(w.scalar(e, SKIP)));
                }
                if (w.isActive(e, POOL)) {
                    sums.addOwned(slot, pooled.mul(w.poolFactor(e, POOL, (int) s.get(2), (int) s.get(3))));
                }
                sums.addShared(slot, c1[p]);
                sums.addShared(slot, c3[p]);
                sums.addScalar(slot, w.weightOnlySum(e));
                if (perEdge) {
                    nodeSums.addShared(target, finishEdge(sums, e, opIn, bypass, edgeWeights));
                }
            }
            nodes[i + 1] = nodeSums.take(i + 1, in);
        }
        return nodes[Nb201Space.NODES - 1];
    }

    /** An edge's mixed output, with the bypassed channels shuffled back in and its edge weight applied. */
    private NDArray finishEdge(NodeSums sums, int edge, NDArray opIn, NDArray bypass, NDArray edgeWeights) {
        NDArray out;
        if (partial > 1) {
            NDArray mixed = sums.take(edge, opIn);
            out = shuffle(mixed.concat(bypass, 1));
        } else {
            out = sums.take(edge, opIn);
        }
        return edgeWeights == null ? out : out.mul(edgeWeights.get(edge));
    }

    /** PC-DARTS' channel shuffle with K groups: (B, K, C/K, H, W) -> transpose groups and channels. */
    private NDArray shuffle(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), partial, channels / partial, s.get(2), s.get(3)).transpose(0, 2, 1, 3, 4)
                .reshape(s);
    }

    private static boolean needsAny(Source source, EdgeWeights w, int op) {
        for (int e : source.edges) {
            if (w.isActive(e, op)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Weighted conv + BN per slot (null where the op is not active): one fused convolution when
     * every slot needs it, else one per needed slot on its block of filters. The edge weight is
     * the BN scale, so the output is already weighted.
     */
    private NDArray[] convBn(ParameterStore ps, NDArray relu, Source source, Parameter[] params, EdgeWeights w,
            int op, int padding, boolean training) {
        int k = source.edges.length;
        NDArray[] out = new NDArray[k];
        int needed = 0;
        for (int p = 0; p < k; p++) {
            needed += w.isActive(source.edges[p], op) ? 1 : 0;
        }
        if (needed == 0) {
            return out;
        }
        NDArray weight = ps.getValue(params[0], relu.getDevice(), training);
        NDArray mean = ps.getValue(params[3], relu.getDevice(), training);
        NDArray var = ps.getValue(params[4], relu.getDevice(), training);
        Shape pad = new Shape(padding, padding);
        if (needed == k) {
            NDArray gamma = w.channelWeights(source.edges, op, opChannels);
            NDArray all = convBn(relu, weight, mean, var, gamma, w.zeros(k * opChannels), pad, training);
            // one split (its backward is one concatenation) rather than k slices (each of whose
            // backward fills a zero tensor of the whole output)
            NDList blocks = k == 1 ? new NDList(all) : all.split(k, 1);
            for (int p = 0; p < k; p++) {
                out[p] = blocks.get(p);
            }
            return out;
        }
        for (int p = 0; p < k; p++) {
            if (w.isActive(source.edges[p], op)) {
                NDIndex slot = new NDIndex("{}:{}", p * opChannels, (p + 1) * opChannels);
                NDArray gamma = w.channelWeights(new int[] {source.edges[p]}, op, opChannels);
                out[p] = convBn(relu, weight.get(slot), mean.get(slot), var.get(slot), gamma, w.zeros(opChannels), pad,
                        training);
            }
        }
        return out;
    }

    private static NDArray convBn(NDArray relu, NDArray weight, NDArray mean, NDArray var, NDArray gamma,
            NDArray beta, Shape pad, boolean training) {
        NDArray conv = relu.getNDArrayInternal().convolution(relu, weight, null, UNIT, pad, UNIT, 1).singletonOrThrow();
        // axis -1 takes libtorch's channel-first batch norm directly (axis 1 would add transposes)
        return conv.getNDArrayInternal()
                .batchNorm(conv, mean, var, gamma, beta, -1, 0.9f, 1e-5f, training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        EdgeWeights w = EdgeWeights.dense(inputs.get(1), NONE);
        return new NDList(forward(ps, x, w, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        // parameters only, shapes fixed at construction
    }
}
