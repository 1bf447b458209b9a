package org.geonas.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One op at one shape, as a function of its inputs, so it can be computed in float32 and in
 * float64 and compared: the output and the gradient of every differentiable input.
 *
 * @param op the op and its hyper-parameters, e.g. {@code conv2d k3 s1 p1 d1 g1}
 * @param inputs shapes of the inputs, the data first
 * @param differentiable which inputs get a gradient
 * @param function the op itself (works for any floating type)
 */
public record OpCase(String op, List<Shape> inputs, List<Boolean> differentiable, Function function) {

    /** The name of a 2-d convolution op, the start of its {@link #op}. */
    public static final String CONV = "conv2d";

    /** The op as a function of its inputs. */
    @FunctionalInterface
    public interface Function {
        NDArray apply(NDList inputs);
    }

    public OpCase {
        inputs = List.copyOf(inputs);
        differentiable = List.copyOf(differentiable);
        if (inputs.size() != differentiable.size()) {
            throw new IllegalArgumentException("one differentiable flag per input");
        }
    }

    /** The op and the input shapes, e.g. {@code conv2d k3 s1 p1 d1 g1 x(2,4,8,8) w(4,4,3,3)}. */
    public String describe() {
        return op + " " + inputs.stream().map(OpCase::dims).collect(Collectors.joining(" "));
    }

    private static String dims(Shape s) {
        return "(" + Arrays.stream(s.getShape()).mapToObj(Long::toString).collect(Collectors.joining(",")) + ")";
    }

    /**
     * A bias-free 2-d convolution: the gradient of the weight, and of the input (backward-data)
     * unless {@code inputGradient} is false (a convolution of the images: nothing upstream needs it,
     * so training never computes it).
     */
    public static OpCase conv(Shape x, int filters, int kernel, int stride, int padding, int dilation, int groups,
            boolean inputGradient) {
        Shape w = new Shape(filters, x.get(1) / groups, kernel, kernel);
        Shape st = new Shape(stride, stride);
        Shape pad = new Shape(padding, padding);
        Shape dil = new Shape(dilation, dilation);
        return new OpCase(CONV + " k" + kernel + " s" + stride + " p" + padding + " d" + dilation + " g" + groups,
                List.of(x, w), List.of(inputGradient, true),
                in -> Conv2d.conv2d(in.get(0), in.get(1), null, st, pad, dil, groups).singletonOrThrow());
    }

    /** Batch normalization with batch statistics (training mode), learned scale and shift. */
    public static OpCase batchNorm(Shape x) {
        Shape c = new Shape(x.get(1));
        return new OpCase("batch_norm train", List.of(x, c, c, c, c), List.of(true, true, true, false, false),
                in -> in.get(0).getNDArrayInternal().batchNorm(in.get(0), in.get(3), varianceOf(in.get(4)), in.get(1),
                        in.get(2), 1, 0.9f, 1e-5f, true).singletonOrThrow());
    }

    /** Random data is no variance: its absolute value is. */
    private static NDArray varianceOf(NDArray running) {
        return running.abs();
    }

    public static OpCase relu(Shape x) {
        return new OpCase("relu", List.of(x), List.of(true), in -> Activation.relu(in.get(0)));
    }

    /** Average pooling that counts the padding (the supernets rescale it themselves). */
    public static OpCase avgPool(Shape x, int kernel, int stride, int padding) {
        return new OpCase("avg_pool k" + kernel + " s" + stride + " p" + padding, List.of(x), List.of(true),
                in -> Pool.avgPool2d(in.get(0), new Shape(kernel, kernel), new Shape(stride, stride),
                        new Shape(padding, padding), false, true));
    }

    public static OpCase maxPool(Shape x, int kernel, int stride, int padding) {
        return new OpCase("max_pool k" + kernel + " s" + stride + " p" + padding, List.of(x), List.of(true),
                in -> Pool.maxPool2d(in.get(0), new Shape(kernel, kernel), new Shape(stride, stride),
                        new Shape(padding, padding), false));
    }

    public static OpCase globalAvgPool(Shape x) {
        return new OpCase("global_avg_pool", List.of(x), List.of(true), in -> Pool.globalAvgPool2d(in.get(0)));
    }

    /** The classifier: a linear layer with bias. */
    public static OpCase linear(Shape x, int units) {
        return new OpCase("linear", List.of(x, new Shape(units, x.get(1)), new Shape(units)), List.of(true, true, true),
                in -> Linear.linear(in.get(0), in.get(1), in.get(2)).singletonOrThrow());
    }

    /** The loss's log-softmax over classes. */
    public static OpCase logSoftmax(Shape x) {
        return new OpCase("log_softmax", List.of(x), List.of(true), in -> in.get(0).logSoftmax(1));
    }
}
