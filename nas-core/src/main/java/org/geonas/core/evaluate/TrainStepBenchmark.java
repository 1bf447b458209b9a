package org.geonas.core.evaluate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.geonas.core.search.SgdMomentum;
import org.geonas.core.search.StepBenchmark;
import org.geonas.core.space.DartsGenotype;

/**
 * Times the evaluation network's training step (forward with the auxiliary head and drop path,
 * backward, clipped SGD) on random 32x32 images, as {@code
 * nas-core/src/test/python/darts_eval_network.py bench} does in PyTorch, for {@code geonas bench
 * --genotype}.
 */
public final class TrainStepBenchmark {

    /** What to time: the reference's evaluation network is DARTS_V2 at C=36, 20 layers, batch 96. */
    public record Config(DartsGenotype genotype, int channels, int layers, int batch, int steps, int warmup,
            double dropPathProb) {
        public Config {
            if (channels <= 0 || layers < 3 || batch < 2 || steps <= 0 || warmup < 0) {
                throw new IllegalArgumentException("benchmark needs positive channels, at least 3 layers, a batch of at "
                        + "least 2 and positive steps");
            }
        }
    }

    /** The figures printed on the last line. */
    public record Figures(double imagesPerSecond, double stepMillis, double peakRssMb, long params) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "images_per_s=%.1f step_ms=%.1f peak_rss_mb=%.1f params=%d",
                    imagesPerSecond, stepMillis, peakRssMb, params);
        }
    }

    private static final int CLASSES = 10;
    private static final int SIDE = 32;

    private TrainStepBenchmark() {
    }

    public static Figures run(Config config) {
        Engine.getInstance().setRandomSeed(0);
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager()) {
            NetworkCifar net = NetworkCifar.builder().setGenotype(config.genotype()).setClasses(CLASSES)
                    .optChannels(config.channels()).optLayers(config.layers()).build();
            Shape shape = new Shape(config.batch(), 3, SIDE, SIDE);
            net.initialize(manager, DataType.FLOAT32, shape);
            List<Parameter> trainable = net.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
            SgdMomentum sgd = new SgdMomentum(trainable, manager, 0.9, 3e-4, 5.0);
            TrainStep step = new TrainStep(net, new ParameterStore(manager, false), sgd, 0.4);
            NDArray x = manager.randomNormal(shape);
            int[] labels = new SplittableRandom(0).ints(config.batch(), 0, CLASSES).toArray();
            NDArray oneHot = manager.create(labels).oneHot(CLASSES);
            for (int i = 0; i < config.warmup(); i++) {
                step(manager, step, x, oneHot, labels, config, i);
            }
            long start = System.nanoTime();
            for (int i = 0; i < config.steps(); i++) {
                step(manager, step, x, oneHot, labels, config, config.warmup() + i);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / config.steps();
            return new Figures(config.batch() / seconds, seconds * 1000, StepBenchmark.peakRssMb(),
                    net.parameterCount(false));
        }
    }

    private static void step(NDManager manager, TrainStep step, NDArray x, NDArray oneHot, int[] labels, Config config,
            int i) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(scope);
            DropPath dropPath = config.dropPathProb() > 0 ? DropPath.of(config.dropPathProb(), i, scope) : DropPath.none();
            step.step(xs, oneHot, labels, dropPath, 0.025);
        }
    }
}
