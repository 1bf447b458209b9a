package org.geonas.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Computes each op case in float32 (the path training takes, through oneDNN where libtorch
 * uses it) and in float64 (libtorch's native kernels; oneDNN has no float64 convolution), on
 * random data with a random upstream gradient, and compares the output and every gradient.
 * Each case runs {@code reps} times on fresh data, since a racy kernel can be right once and
 * wrong the next time.
 */
public final class EngineCheck {

    /**
     * Largest accepted error, relative to the largest float64 magnitude of each tensor. Correct
     * float32 kernels stay below 1e-5 at the supernets' sizes (measured: about 1e-6); the wrong
     * kernels were off by 0.1 to 1 or non-finite.
     */
    public static final double TOLERANCE = 1e-4;

    /**
     * Largest accepted error on a GPU: libtorch lets cuDNN run float32 convolutions in TF32
     * (10-bit mantissa) on Ampere and later, about 1e-3 relative by design; the defects this
     * check exists for are off by 0.1 or more.
     */
    public static final double GPU_TOLERANCE = 1e-2;

    /** The accepted error on a device. */
    public static double tolerance(Device device) {
        return Device.Type.CPU.equals(device.getDeviceType()) ? TOLERANCE : GPU_TOLERANCE;
    }

    private EngineCheck() {
    }

    /** Checks every case on the device, {@code reps} times each. */
    public static List<OpVerdict> run(List<OpCase> cases, int reps, long seed, Device device) {
        List<OpVerdict> verdicts = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (int c = 0; c < cases.size(); c++) {
                verdicts.add(check(manager, cases.get(c), reps, new SplittableRandom(seed * 1_000_003L + c),
                        tolerance(device)));
            }
        }
        return verdicts;
    }

    /** Removes cases that repeat an op at a shape already listed. */
    public static List<OpCase> distinct(List<OpCase> cases) {
        Map<String, OpCase> byKey = new LinkedHashMap<>();
        for (OpCase c : cases) {
            byKey.putIfAbsent(c.describe(), c);
        }
        return List.copyOf(byKey.values());
    }

    private static OpVerdict check(NDManager manager, OpCase c, int reps, SplittableRandom random, double tolerance) {
        double forward = 0;
        double inputGrad = c.differentiable().get(0) ? 0 : Double.NaN;
        double paramGrad = Double.NaN;
        for (int r = 0; r < reps; r++) {
            List<double[]> data = new ArrayList<>();
            for (int i = 0; i < c.inputs().size(); i++) {
                data.add(gaussian(random, c.inputs().get(i), i == 0 ? 1.0 : fanInScale(c.inputs().get(i))));
            }
            long upstreamSeed = random.nextLong();
            List<double[]> single = evaluate(manager, c, data, upstreamSeed, DataType.FLOAT32);
            List<double[]> exact = evaluate(manager, c, data, upstreamSeed, DataType.FLOAT64);
            forward = worst(forward, relativeError(single.get(0), exact.get(0)));
            for (int i = 1; i < exact.size(); i++) {
                double e = relativeError(single.get(i), exact.get(i));
                if (i == 1 && c.differentiable().get(0)) {
                    inputGrad = worst(inputGrad, e);
                } else {
                    paramGrad = Double.isNaN(paramGrad) ? e : worst(paramGrad, e);
                }
            }
        }
        boolean passed = forward <= tolerance && (Double.isNaN(inputGrad) || inputGrad <= tolerance)
                && (Double.isNaN(paramGrad) || paramGrad <= tolerance);
        String description = c.describe();
        return new OpVerdict(c.op(), description.substring(c.op().length() + 1), forward, inputGrad, paramGrad, passed);
    }

    /** The larger error, a NaN (non-finite result) counting as infinite. */
    private static double worst(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(a, b);
    }

    /**
     * The output and the gradients of the differentiable inputs, as float64 values, of one
     * evaluation in the given type. All arrays live in a scope closed at the end (after backward).
     */
    private static List<double[]> evaluate(NDManager manager, OpCase c, List<double[]> data, long upstreamSeed,
            DataType type) {
        try (NDManager scope = manager.newSubManager()) {
            NDList inputs = new NDList();
            for (int i = 0; i < data.size(); i++) {
                NDArray wrapped = scope.create(data.get(i), c.inputs().get(i));
                NDArray x = wrapped.toType(type, true); // a copy in libtorch's memory, safe to save for backward
                if (c.differentiable().get(i)) {
                    x.setRequiresGradient(true);
                }
                inputs.add(x);
            }
            List<double[]> out = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = c.function().apply(inputs);
                NDArray upstream = scope.create(gaussian(new SplittableRandom(upstreamSeed), y.getShape(), 1.0),
                        y.getShape()).toType(type, true);
                collector.backward(y.mul(upstream).sum());
                out.add(y.toType(DataType.FLOAT64, true).toDoubleArray());
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (c.differentiable().get(i)) {
                    try (NDArray g = inputs.get(i).getGradient()) {
                        out.add(g.toType(DataType.FLOAT64, true).toDoubleArray());
                    }
                }
            }
            return out;
        }
    }

    /** max |a - b| / max |b|; infinite if a has a non-finite value or the lengths differ. */
    static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private static double fanInScale(Shape s) {
        long fanIn = s.dimension() <= 1 ? 1 : s.size() / s.get(0);
        return 1.0 / Math.sqrt(fanIn);
    }

    private static double[] gaussian(SplittableRandom random, Shape shape, double scale) {
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            // Box-Muller from two uniforms: SplittableRandom has no nextGaussian on Java 17
            double u = 1.0 - random.nextDouble();
            v[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return v;
    }
}
