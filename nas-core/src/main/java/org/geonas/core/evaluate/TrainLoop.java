package org.geonas.core.evaluate;

import static org.geonas.core.evaluate.TrainSettings.AUXILIARY_WEIGHT;
import static org.geonas.core.evaluate.TrainSettings.BATCH;
import static org.geonas.core.evaluate.TrainSettings.CROP_PADDING;
import static org.geonas.core.evaluate.TrainSettings.CUTOUT;
import static org.geonas.core.evaluate.TrainSettings.EPOCHS;
import static org.geonas.core.evaluate.TrainSettings.GRAD_CLIP;
import static org.geonas.core.evaluate.TrainSettings.MOMENTUM;
import static org.geonas.core.evaluate.TrainSettings.SEED;
import static org.geonas.core.evaluate.TrainSettings.WEIGHT_DECAY;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.geonas.core.config.SettingValues;
import org.geonas.core.data.Augmenter;
import org.geonas.core.data.Batch;
import org.geonas.core.data.BatchStream;
import org.geonas.core.data.ImageSet;
import org.geonas.core.search.Checkpoint;
import org.geonas.core.search.SearchLoop;
import org.geonas.core.search.SgdMomentum;

/**
 * Trains the evaluation network of a genotype for the configured epochs, as the DARTS code's
 * {@code train.py} (and the GAEA reference's {@code train_aws.py}): per epoch the cosine learning
 * rate and a drop-path probability growing linearly from 0, every training image cropped, flipped
 * and cut out, then an evaluation on the test images, then a checkpoint. Every random draw (batch
 * order, augmentation, drop-path masks) comes from the run seed, the epoch and the step, so a
 * resumed run ends bit-identical to an uninterrupted one. Not thread-safe (one gradient collector
 * per JVM).
 */
public final class TrainLoop {

    private static final long TRAIN_STREAM = 0x74726e65L;
    private static final long DROP_PATH_STREAM = 0x64726f70L;

    private final SettingValues settings;
    private final TrainData data;
    private final Device device;
    private final Path checkpointDir;
    private final String fingerprint;
    private final TrainListener listener;

    /**
     * @param checkpointDir where epoch checkpoints go (and are resumed from)
     * @param fingerprint identifies the configuration; a checkpoint with another is not resumed
     */
    public TrainLoop(SettingValues settings, TrainData data, Device device, Path checkpointDir, String fingerprint,
            TrainListener listener) {
        this.settings = settings;
        this.data = data;
        this.device = device;
        this.checkpointDir = checkpointDir;
        this.fingerprint = fingerprint;
        this.listener = listener;
        if (settings.get(BATCH) > data.train().size()) {
            throw new IllegalArgumentException("batch " + settings.get(BATCH) + " is larger than the "
                    + data.train().size() + " training images; lower batch or raise train_limit");
        }
    }

    /** Runs the remaining epochs; with {@code resume}, continues after the newest checkpoint. */
    public TrainOutcome run(boolean resume) {
        Engine.getInstance().setRandomSeed((int) (long) settings.get(SEED));
        // the in-place initialization and updates need libtorch's grad mode off on this thread
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try (NDManager root = NDManager.newBaseManager(device)) {
            NetworkCifar net = TrainSettings.network(settings, data.numClasses());
            ImageSet train = data.train();
            net.initialize(root, DataType.FLOAT32,
                    new Shape(settings.get(BATCH), train.channels(), train.height(), train.width()));
            List<Parameter> trainable = net.getParameters().values().stream()
                    .filter(Parameter::requiresGradient).toList();
            SgdMomentum sgd = new SgdMomentum(trainable, root, settings.get(MOMENTUM), settings.get(WEIGHT_DECAY),
                    settings.get(GRAD_CLIP));
            List<TrainEpoch> history = new ArrayList<>();
            int resumedFrom = resume ? restore(root, net, sgd, history) : -1;
            if (resumedFrom >= 0) {
                listener.onNote("resumed after epoch " + resumedFrom);
            }
            // the parameter store caches arrays, so it is made after a restore replaced them
            TrainStep step = new TrainStep(net, new ParameterStore(root, false), sgd, settings.get(AUXILIARY_WEIGHT));
            for (int epoch = resumedFrom + 1; epoch < settings.get(EPOCHS); epoch++) {
                long start = System.nanoTime();
                EpochTraining training = trainEpoch(root, step, epoch);
                if (training.divergence() != null) {
                    listener.onNote("diverged: " + training.divergence());
                    return outcome(net, training.divergence(), epoch, history, resumedFrom);
                }
                TrainStep.Stats test = evaluate(root, step);
                TrainEpoch figures = new TrainEpoch(epoch, TrainSettings.learningRate(settings, epoch),
                        TrainSettings.dropPathProbability(settings, epoch), training.lossSum() / training.seen(),
                        (double) training.correct() / training.seen(), test.loss(),
                        (double) test.correct() / test.size(), (System.nanoTime() - start) / 1e9);
                history.add(figures);
                listener.onEpoch(figures);
                Checkpoint.write(checkpointDir, epoch,
                        new TrainCheckpoint(fingerprint, epoch, settings.get(SEED), List.copyOf(history)),
                        Checkpoint.payload(net, sgd));
            }
            return outcome(net, null, -1, history, resumedFrom);
        }
    }

    private static TrainOutcome outcome(NetworkCifar net, String divergence, int epoch, List<TrainEpoch> history,
            int resumedFrom) {
        return new TrainOutcome(divergence, epoch, List.copyOf(history), net.parameterCount(false),
                net.parameterCount(true), resumedFrom);
    }

    private record EpochTraining(String divergence, double lossSum, long correct, long seen) {
    }

    private EpochTraining trainEpoch(NDManager root, TrainStep step, int epoch) {
        double lr = TrainSettings.learningRate(settings, epoch);
        double dropProb = TrainSettings.dropPathProbability(settings, epoch);
        long seed = settings.get(SEED);
        Augmenter augmenter = new Augmenter(settings.get(CROP_PADDING), settings.get(CUTOUT));
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (BatchStream batches = new BatchStream(data.train(), settings.get(BATCH),
                SearchLoop.mix(seed, epoch, TRAIN_STREAM), true, augmenter, false)) {
            int steps = batches.batchesPerEpoch();
            for (int s = 0; s < steps; s++) {
                Batch batch = batches.next();
                if (batch.size() < 2) {
                    continue; // training batch norm needs two images
                }
                TrainStep.Stats stats;
                try (NDManager scope = root.newSubManager()) {
                    NDArray x = scope.create(batch.images(), new Shape(batch.shape()));
                    NDArray oneHot;
                    try (NDArray labels = scope.create(batch.labels())) {
                        oneHot = labels.oneHot(data.numClasses());
                    }
                    DropPath dropPath = dropProb > 0
                            ? DropPath.of(dropProb, SearchLoop.mix(seed ^ DROP_PATH_STREAM, epoch, s), scope)
                            : DropPath.none();
                    stats = step.step(x, oneHot, batch.labels(), dropPath, lr);
                }
                if (!Double.isFinite(stats.loss())) {
                    String gradient = step.lastNonFiniteGradient();
                    return new EpochTraining("epoch " + epoch + " step " + s + ": " + (gradient != null
                            ? "gradient of " + gradient + " is not finite" : "training loss is not finite"),
                            lossSum, correct, seen);
                }
                lossSum += stats.loss() * stats.size();
                correct += stats.correct();
                seen += stats.size();
                listener.onStep(epoch, s, steps, lossSum / seen);
            }
        }
        return new EpochTraining(null, lossSum, correct, seen);
    }

    private TrainStep.Stats evaluate(NDManager root, TrainStep step) {
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        try (BatchStream batches = new BatchStream(data.test(), settings.get(BATCH), 0, false, null, false)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                try (NDManager scope = root.newSubManager()) {
                    NDArray x = scope.create(batch.images(), new Shape(batch.shape()));
                    NDArray oneHot;
                    try (NDArray labels = scope.create(batch.labels())) {
                        oneHot = labels.oneHot(data.numClasses());
                    }
                    TrainStep.Stats s = step.evaluate(x, oneHot, batch.labels());
                    lossSum += s.loss() * s.size();
                    correct += s.correct();
                    seen += s.size();
                }
            }
        }
        return new TrainStep.Stats(lossSum / Math.max(seen, 1), correct, Math.max(seen, 1));
    }

    private int restore(NDManager root, NetworkCifar net, SgdMomentum sgd, List<TrainEpoch> history) {
        Optional<Path> latest = Checkpoint.latest(checkpointDir);
        if (latest.isEmpty()) {
            return -1;
        }
        Path folder = latest.get();
        TrainCheckpoint cp = Checkpoint.readState(folder, TrainCheckpoint.class);
        if (!cp.fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException(folder + " was written by a different training configuration; "
                    + "resume with the same spec or use an empty output folder");
        }
        Checkpoint.restore(folder, root, net, sgd);
        history.addAll(cp.history());
        return cp.epoch();
    }
}
