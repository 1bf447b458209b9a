package org.geonas.core.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.geonas.core.optim.ArchMethod;
import org.geonas.core.optim.ArchOptimizer;
import org.geonas.core.space.SearchSpace;

/**
 * Times the search step that {@code shared/bench/torch_nb201_reference.py} times: an
 * architecture step on one random batch, then a weight step (clip 5, SGD momentum 0.9, weight
 * decay 3e-4) on another, on the NAS-Bench-201 supernet.
 */
public final class StepBenchmark {

    /** What to time. */
    public record Config(String space, int channels, int cells, int batch, int imageSize, int steps, int warmup,
            String method, Path trace) {
        public Config {
            if (channels <= 0 || cells <= 0 || batch <= 0 || imageSize < 8 || steps <= 0 || warmup < 0) {
                throw new IllegalArgumentException("benchmark needs positive channels, cells, batch, steps, image size >= 8");
            }
        }
    }

    /** The figures printed on the last line. */
    public record Figures(double imagesPerSecond, double stepMillis, double peakRssMb,
            java.util.Map<SupernetStepper.Phase, Double> phaseMillis) {

        /** The per-phase profile of an average step. */
        public String profile() {
            StringBuilder sb = new StringBuilder();
            phaseMillis.forEach((phase, ms) -> sb.append(String.format(java.util.Locale.ROOT, "%-16s %8.1f ms  %5.1f%%%n",
                    phase.name().toLowerCase(java.util.Locale.ROOT), ms, 100 * ms / stepMillis)));
            return sb.toString();
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "images_per_s=%.1f step_ms=%.1f peak_rss_mb=%.1f",
                    imagesPerSecond, stepMillis, peakRssMb);
        }
    }

    private StepBenchmark() {
    }

    /** The supernet the benchmark times, as the engine check needs it (10 classes, RGB images). */
    public static org.geonas.core.engine.SupernetShape shape(Config config) {
        return new org.geonas.core.engine.SupernetShape(config.space(), config.channels(), config.cells(),
                ArchMethod.fromId(config.method()).partialChannels(), 10, 3, config.imageSize());
    }

    public static Figures run(Config config) {
        SearchSpace space = org.geonas.core.space.SearchSpaces.byId(config.space());
        ArchMethod method = ArchMethod.fromId(config.method());
        ArchOptimizer arch = method.create(space, method.defaultLr(), method.defaultWeightDecay(), 0);
        Engine.getInstance().setRandomSeed(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            org.geonas.core.supernet.Supernet net = org.geonas.core.supernet.Supernets.create(space,
                    new org.geonas.core.supernet.Supernets.Config(config.channels(), config.cells(), 10,
                            method.partialChannels()));
            Shape inputShape = new Shape(config.batch(), 3, config.imageSize(), config.imageSize());
            net.initialize(manager, DataType.FLOAT32, inputShape);
            List<Parameter> trainable = net.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
            SgdMomentum sgd = new SgdMomentum(trainable, manager, 0.9, 3e-4, 5.0);
            SupernetStepper stepper = new SupernetStepper(net, new ParameterStore(manager, false), sgd, space);
            NDArray[] xs = {manager.randomNormal(inputShape), manager.randomNormal(inputShape)};
            int[][] labels = new int[2][config.batch()];
            java.util.SplittableRandom random = new java.util.SplittableRandom(0);
            NDArray[] oneHots = new NDArray[2];
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < config.batch(); i++) {
                    labels[b][i] = random.nextInt(10);
                }
                oneHots[b] = manager.create(labels[b]).oneHot(10);
            }
            long n = 0;
            for (int i = 0; i < config.warmup(); i++) {
                step(manager, stepper, arch, xs, oneHots, labels, n++);
            }
            stepper.resetPhaseNanos();
            long start = System.nanoTime();
            for (int i = 0; i < config.steps(); i++) {
                step(manager, stepper, arch, xs, oneHots, labels, n++);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / config.steps();
            if (config.trace() != null) {
                // one more step under libtorch's profiler, outside the timed ones
                ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
                step(manager, stepper, arch, xs, oneHots, labels, n);
                ai.djl.pytorch.jni.JniUtils.stopProfile(config.trace().toAbsolutePath().toString());
            }
            java.util.Map<SupernetStepper.Phase, Double> phases = new java.util.EnumMap<>(SupernetStepper.Phase.class);
            long[] nanos = stepper.phaseNanos();
            for (SupernetStepper.Phase phase : SupernetStepper.Phase.values()) {
                phases.put(phase, nanos[phase.ordinal()] / 1e6 / config.steps());
            }
            return new Figures(2.0 * config.batch() / seconds, seconds * 1000, peakRssMb(), phases);
        }
    }

    private static void step(NDManager manager, SupernetStepper stepper, ArchOptimizer arch, NDArray[] xs,
            NDArray[] oneHots, int[][] labels, long step) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray xv = xs[1].duplicate();
            xv.attach(scope);
            org.geonas.core.optim.ArchSample s = arch.sample(new org.geonas.core.optim.StepContext(2 * step, 0, 1));
            arch.step(s, stepper.archStep(xv, oneHots[1], labels[1], s).gradient());
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray xt = xs[0].duplicate();
            xt.attach(scope);
            stepper.weightStep(xt, oneHots[0], labels[0], arch.sample(new org.geonas.core.optim.StepContext(2 * step + 1, 0, 1)),
                    0.025);
        }
    }

    /** The process's peak resident set (VmHWM), native memory included; NaN where /proc is absent. */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
