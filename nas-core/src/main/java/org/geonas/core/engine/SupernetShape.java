package org.geonas.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.geonas.core.space.SearchSpaces;
import org.geonas.core.supernet.Nb201SearchCell;
import org.geonas.core.supernet.Supernet;
import org.geonas.core.supernet.Supernets;

/**
 * The shape of a supernet a process will train: enough to build it and list the ops it runs
 * at the sizes it runs them.
 *
 * @param space search space id
 * @param channels C
 * @param cells cells per stage (nb201) or in all (darts)
 * @param partialChannels K of partial channel connections (1: all channels)
 * @param classes classifier outputs
 * @param imageChannels channels of the input images
 * @param imageSize height and width of the input images
 */
public record SupernetShape(String space, int channels, int cells, int partialChannels, int classes,
        int imageChannels, int imageSize) {

    public SupernetShape {
        SearchSpaces.byId(space);
        if (channels <= 0 || cells <= 0 || partialChannels <= 0 || classes < 2 || imageChannels <= 0 || imageSize <= 0) {
            throw new IllegalArgumentException("a supernet shape needs positive sizes, got " + channels + " channels, "
                    + cells + " cells, K=" + partialChannels + ", " + classes + " classes, " + imageChannels + "x"
                    + imageSize + "x" + imageSize + " images");
        }
    }

    /** e.g. {@code nb201 C=16 N=5 K=1 10 classes 3x32x32}. */
    public String describe() {
        return space + " C=" + channels + " N=" + cells + " K=" + partialChannels + " " + classes + " classes "
                + imageChannels + "x" + imageSize + "x" + imageSize;
    }

    /** The convolutions alone: the only ops libtorch runs through oneDNN on the CPU. */
    public List<OpCase> convolutionCases(int batch, Device device) {
        return opCases(batch, device).stream().filter(c -> c.op().startsWith(OpCase.CONV)).toList();
    }

    /**
     * Every op the supernet runs in a training step, at the sizes it runs it with {@code batch}
     * images: each convolution as built (walked from the initialized network, so nothing is
     * restated here), batch norm and ReLU at every activation size, the pools the cells and
     * reductions use, and the classifier with its log-softmax.
     */
    public List<OpCase> opCases(int batch, Device device) {
        Supernet net = Supernets.create(SearchSpaces.byId(space),
                new Supernets.Config(channels, cells, classes, partialChannels));
        List<OpCase> cases = new ArrayList<>();
        Set<Shape> activations = new LinkedHashSet<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            net.initialize(manager, DataType.FLOAT32, new Shape(batch, imageChannels, imageSize, imageSize));
            collect(net, new Shape(batch, imageChannels, imageSize, imageSize), cases, activations);
            if (space.equals("darts")) {
                auxiliaryHeadCases(manager, batch, cases, activations);
            }
        }
        long features = cases.stream().filter(c -> c.op().equals("linear")).mapToLong(c -> c.inputs().get(0).get(1))
                .findFirst().orElse(-1);
        for (Shape a : activations) {
            if (a.get(1) == features) {
                cases.add(OpCase.globalAvgPool(a)); // the classifier's input, pooled
            }
            cases.add(OpCase.relu(a));
            cases.add(OpCase.batchNorm(a));
            if (a.get(2) >= 2 && a.get(3) >= 2) {
                for (int stride = 1; stride <= 2; stride++) {
                    cases.add(OpCase.avgPool(a, 3, stride, 1));
                    cases.add(OpCase.maxPool(a, 3, stride, 1));
                }
                cases.add(OpCase.avgPool(a, 2, 2, 0));
                cases.add(OpCase.maxPool(a, 2, 2, 0));
            }
        }
        return EngineCheck.distinct(cases);
    }

    /**
     * The ops of the auxiliary head of the DARTS evaluation network (trained by {@code geonas train}
     * from a genotype of this space), where its input, the 16C-channel output of the cell at 2/3 of
     * the depth, fits it: walked from the head itself, so nothing is restated here.
     */
    private void auxiliaryHeadCases(NDManager manager, int batch, List<OpCase> cases, Set<Shape> activations) {
        int side = imageSize / 4;
        if (cells < 3 || imageSize % 4 != 0 || !org.geonas.core.evaluate.NetworkCifar.auxiliaryHeadFits(side)) {
            return;
        }
        Shape input = new Shape(batch, 16L * channels, side, side);
        Block head = org.geonas.core.evaluate.NetworkCifar.auxiliaryHead(classes);
        head.initialize(manager, DataType.FLOAT32, input);
        cases.add(OpCase.relu(input));
        cases.add(OpCase.avgPool(input, org.geonas.core.evaluate.NetworkCifar.AUXILIARY_POOL,
                org.geonas.core.evaluate.NetworkCifar.AUXILIARY_POOL_STRIDE, 0));
        collect(head, input, cases, activations);
    }

    /** Walks the blocks; a convolution of the images themselves needs no input gradient (nothing is upstream). */
    private static void collect(Block block, Shape images, List<OpCase> cases, Set<Shape> activations) {
        if (block instanceof Convolution conv) {
            Shape x = block.getInputShapes()[0];
            cases.add(OpCase.conv(x, conv.getFilters(), (int) conv.getKernelShape().get(0), (int) conv.getStride().get(0),
                    (int) conv.getPadding().get(0), (int) conv.getDilation().get(0), conv.getGroups(), !x.equals(images)));
            if (!x.equals(images)) {
                activations.add(x); // the images go into the stem's convolution and nothing else
            }
            activations.add(block.getOutputShapes(new Shape[] {x})[0]);
        } else if (block instanceof Nb201SearchCell cell) {
            // its kernels are parameters of the cell, run as fused convolutions, not child blocks
            Shape node = block.getInputShapes()[0];
            Shape x = new Shape(node.get(0), cell.opChannels(), node.get(2), node.get(3));
            activations.add(node);
            activations.add(x);
            for (Shape w : cell.convolutionWeights()) {
                int kernel = (int) w.get(2);
                cases.add(OpCase.conv(x, (int) w.get(0), kernel, 1, (kernel - 1) / 2, 1, 1, true));
                activations.add(new Shape(x.get(0), w.get(0), x.get(2), x.get(3)));
            }
        } else if (block instanceof Linear linear) {
            Shape x = block.getInputShapes()[0];
            int units = (int) linear.getOutputShapes(new Shape[] {x})[0].get(1);
            cases.add(OpCase.linear(x, units));
            cases.add(OpCase.logSoftmax(new Shape(x.get(0), units)));
        }
        for (Block child : block.getChildren().values()) {
            collect(child, images, cases, activations);
        }
    }
}
