package org.geonas.core.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.geonas.core.space.CellType;
import org.geonas.core.space.DartsGenotype;
import org.geonas.core.space.DartsSpace;
import org.geonas.core.supernet.DartsOps;

/**
 * One discrete cell of the evaluation network ({@code model.py}'s {@code Cell}): both inputs
 * preprocessed to C channels (a FactorizedReduce for the first when the cell before reduced),
 * then each intermediate node is the sum of its genotype's two ops, each on its own input node
 * (stride 2 for the cell inputs of a reduction cell), and the cell's output concatenates the
 * intermediate nodes: 4C channels. Drop path acts on every op output but the identities.
 */
final class EvalCell extends AbstractBlock {

    private final boolean reduction;
    private final int channels;
    private final Block pre0;
    private final Block pre1;
    private final List<Block> ops = new ArrayList<>();
    private final int[] inputs;

    EvalCell(DartsGenotype genotype, boolean reduction, boolean reductionPrev, int channels) {
        this.reduction = reduction;
        this.channels = channels;
        pre0 = addChildBlock("preprocess0", reductionPrev ? DartsOps.factorizedReduce(channels, true)
                : DartsOps.reluConvBn(channels, 1, 1, 0, true));
        pre1 = addChildBlock("preprocess1", DartsOps.reluConvBn(channels, 1, 1, 0, true));
        List<DartsGenotype.Pair> pairs = genotype.cell(reduction ? CellType.REDUCE : CellType.NORMAL);
        inputs = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            DartsGenotype.Pair p = pairs.get(i);
            int stride = reduction && p.from() < DartsSpace.INPUTS ? 2 : 1;
            ops.add(addChildBlock("op" + i, DartsOps.evalOp(p.op(), channels, stride)));
            inputs[i] = p.from();
        }
    }

    boolean reduction() {
        return reduction;
    }

    /** Channels of the cell output: one C-channel tensor per intermediate node. */
    int outChannels() {
        return channels * DartsSpace.CONCAT.size();
    }

    /**
     * The cell's output. Every intermediate handle is closed as soon as it is consumed (autograd
     * keeps its own references to what backward needs), so that a training step holds no more
     * memory than the engine's graph does.
     */
    NDArray forward(ParameterStore ps, NDArray s0, NDArray s1, DropPath dropPath, boolean training) {
        List<NDArray> states = new ArrayList<>();
        states.add(run(pre0, ps, s0, training));
        states.add(run(pre1, ps, s1, training));
        for (int node = DartsSpace.INPUTS; node < DartsSpace.NODES; node++) {
            int first = DartsSpace.KEPT_PER_NODE * (node - DartsSpace.INPUTS);
            NDArray a = opOutput(ps, first, states.get(inputs[first]), dropPath, training);
            NDArray b = opOutput(ps, first + 1, states.get(inputs[first + 1]), dropPath, training);
            states.add(a.add(b));
            closeUnlessState(a, states);
            closeUnlessState(b, states);
        }
        NDList concat = new NDList();
        for (int node : DartsSpace.CONCAT) {
            concat.add(states.get(node));
        }
        NDArray out = NDArrays.concat(concat, 1);
        states.forEach(NDArray::close);
        return out;
    }

    /** Closes an op output unless it is one of the node states itself (an identity's). */
    private static void closeUnlessState(NDArray a, List<NDArray> states) {
        for (NDArray s : states) {
            if (s == a) {
                return;
            }
        }
        a.close();
    }

    private NDArray opOutput(ParameterStore ps, int i, NDArray x, DropPath dropPath, boolean training) {
        Block op = ops.get(i);
        NDArray h = run(op, ps, x, training);
        if (training && dropPath.active() && !DartsOps.isIdentity(op)) {
            NDArray mask = dropPath.nextMask(h.getShape().get(0), h.getDataType());
            NDArray dropped = h.mul(mask);
            h.close();
            h = dropped;
        }
        return h;
    }

    private static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.get(0), inputs.get(1), DropPath.none(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s1 = inputShapes[1];
        long h = reduction ? s1.get(2) / 2 : s1.get(2);
        long w = reduction ? s1.get(3) / 2 : s1.get(3);
        return new Shape[] {new Shape(s1.get(0), outChannels(), h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        pre0.initialize(manager, dataType, inputShapes[0]);
        pre1.initialize(manager, dataType, inputShapes[1]);
        Shape p0 = pre0.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        Shape p1 = pre1.getOutputShapes(new Shape[] {inputShapes[1]})[0];
        if (!p0.equals(p1)) {
            throw new IllegalArgumentException("cell inputs disagree in size after preprocessing: " + p0 + ", " + p1);
        }
        Shape[] states = new Shape[DartsSpace.NODES];
        states[0] = p0;
        states[1] = p1;
        for (int node = DartsSpace.INPUTS; node < DartsSpace.NODES; node++) {
            int first = DartsSpace.KEPT_PER_NODE * (node - DartsSpace.INPUTS);
            Shape out = null;
            for (int i = first; i < first + DartsSpace.KEPT_PER_NODE; i++) {
                Block op = ops.get(i);
                op.initialize(manager, dataType, states[inputs[i]]);
                Shape s = op.getOutputShapes(new Shape[] {states[inputs[i]]})[0];
                if (out != null && !out.equals(s)) {
                    throw new IllegalStateException("node " + node + "'s ops disagree in shape: " + out + ", " + s);
                }
                out = s;
            }
            states[node] = out;
        }
    }
}
