package org.geonas.core.search;

import static org.geonas.core.search.SearchSettings.ARCH_LR;
import static org.geonas.core.search.SearchSettings.ARCH_WARMUP_EPOCHS;
import static org.geonas.core.search.SearchSettings.ARCH_WEIGHT_DECAY;
import static org.geonas.core.search.SearchSettings.BATCH;
import static org.geonas.core.search.SearchSettings.CANDIDATES;
import static org.geonas.core.search.SearchSettings.CELLS;
import static org.geonas.core.search.SearchSettings.CHANNELS;
import static org.geonas.core.search.SearchSettings.DERIVE_FROM;
import static org.geonas.core.search.SearchSettings.EPOCHS;
import static org.geonas.core.search.SearchSettings.ERM_STEP;
import static org.geonas.core.search.SearchSettings.EVAL_LIMIT;
import static org.geonas.core.search.SearchSettings.GRAD_CLIP;
import static org.geonas.core.search.SearchSettings.INIT;
import static org.geonas.core.search.SearchSettings.METHOD;
import static org.geonas.core.search.SearchSettings.MODE;
import static org.geonas.core.search.SearchSettings.MOMENTUM;
import static org.geonas.core.search.SearchSettings.SEED;
import static org.geonas.core.search.SearchSettings.SPACE;
import static org.geonas.core.search.SearchSettings.WEIGHT_DECAY;

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
import org.geonas.core.data.Batch;
import org.geonas.core.data.BatchStream;
import org.geonas.core.data.ImageSet;
import org.geonas.core.optim.ArchOptimizer;
import org.geonas.core.optim.ArchSample;
import org.geonas.core.optim.StepContext;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.Architecture;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.supernet.Supernet;
import org.geonas.core.supernet.Supernets;

/**
 * Trains a supernet and an architecture optimizer for the configured epochs, evaluating and
 * checkpointing at the end of each. Not thread-safe; DJL allows one gradient collector per JVM.
 */
public final class SearchLoop {

    private static final long TRAIN_STREAM = 0x7261696eL;
    private static final long VALID_STREAM = 0x76616c69L;
    private static final long ARCH_SAMPLE_STREAM = 0x61726368L;
    private static final long WEIGHT_SAMPLE_STREAM = 0x77676874L;
    private static final long CANDIDATE_STREAM = 0x63616e64L;

    private final SettingValues settings;
    /** The space of the architecture weights (the configured one, maybe without none). */
    private final SearchSpace archSpace;
    private final SearchData data;
    private final Device device;
    private final Path checkpointDir;
    private final String fingerprint;
    private final SearchListener listener;

    /**
     * @param checkpointDir where epoch checkpoints go (and are resumed from)
     * @param fingerprint identifies the configuration; a checkpoint with another is not resumed
     */
    public SearchLoop(SettingValues settings, SearchData data, Device device, Path checkpointDir, String fingerprint,
            SearchListener listener) {
        this.settings = settings;
        this.archSpace = SearchSettings.searchSpace(settings);
        this.data = data;
        this.device = device;
        this.checkpointDir = checkpointDir;
        this.fingerprint = fingerprint;
        this.listener = listener;
        if (settings.get(BATCH) > data.train().size()) {
            throw new IllegalArgumentException("batch " + settings.get(BATCH) + " is larger than the " + data.train().size()
                    + " training images; lower --batch or raise --train-limit");
        }
        if (separateArchSteps() && settings.get(BATCH) > archImages().size()) {
            throw new IllegalArgumentException("batch " + settings.get(BATCH) + " is larger than the " + data.valid().size()
                    + " validation images; lower --batch or raise --train-limit");
        }
    }

    /** Runs the remaining epochs; with {@code resume}, continues after the newest checkpoint. */
    public SearchOutcome run(boolean resume) {
        SearchSpace space = settings.get(SPACE);
        Engine.getInstance().setRandomSeed(settings.get(SEED).intValue());
        // libtorch's grad mode is per thread and on by default; DJL turns it off only on the thread
        // that loaded the engine, and the in-place initialization and updates of the parameters need
        // it off (a gradient collector turns it on while it records)
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try (NDManager root = NDManager.newBaseManager(device)) {
            Supernet net = Supernets.create(space, new Supernets.Config(settings.get(CHANNELS), settings.get(CELLS),
                    data.numClasses(), settings.get(METHOD).partialChannels(), settings.get(INIT)));
            ImageSet train = data.train();
            net.initialize(root, DataType.FLOAT32,
                    new Shape(settings.get(BATCH), train.channels(), train.height(), train.width()));
            List<Parameter> trainable = net.getParameters().values().stream()
                    .filter(Parameter::requiresGradient).toList();
            SgdMomentum sgd = new SgdMomentum(trainable, root, settings.get(MOMENTUM), settings.get(WEIGHT_DECAY),
                    settings.get(GRAD_CLIP));
            ArchOptimizer arch = settings.get(METHOD).create(archSpace, settings.get(ARCH_LR),
                    settings.get(ARCH_WEIGHT_DECAY), settings.get(SEED));
            List<EpochMetrics> history = new ArrayList<>();
            int resumedFrom = resume ? restore(root, net, sgd, arch, history) : -1;
            // the parameter store caches arrays, so it is made after a restore replaced them
            SupernetStepper stepper = new SupernetStepper(net, new ParameterStore(root, false), sgd, space,
                    settings.get(SearchSettings.GDAS_UNSAMPLED_OPS));
            for (int epoch = resumedFrom + 1; epoch < settings.get(EPOCHS); epoch++) {
                long start = System.nanoTime();
                EpochTraining training = trainEpoch(root, stepper, arch, epoch);
                if (training.diverged()) {
                    listener.onNote("diverged: " + training.divergence());
                    return outcome(training.divergence(), epoch, history, arch, net, resumedFrom);
                }
                EpochMetrics metrics = evaluate(root, stepper, arch, epoch, training, start);
                history.add(metrics);
                listener.onEpoch(metrics);
                checkpoint(net, sgd, arch, epoch, history);
            }
            return outcome(null, -1, history, arch, net, resumedFrom);
        }
    }

    private SearchOutcome outcome(String divergence, int epoch, List<EpochMetrics> history, ArchOptimizer arch,
            Supernet net, int resumedFrom) {
        ArchWeights w = arch.weights();
        String derived = !w.isFinite() ? null : history.isEmpty() ? archSpace.derive(arch.derivationWeights()).encode()
                : resultEpoch(history).derivedArch();
        return new SearchOutcome(divergence != null, epoch, divergence, List.copyOf(history), w, derived,
                net.trainableParameterCount(), resumedFrom);
    }

    /** The epoch whose architecture is the result, as derive_from says. */
    private EpochMetrics resultEpoch(List<EpochMetrics> history) {
        EpochMetrics last = history.get(history.size() - 1);
        if (settings.get(DERIVE_FROM) == DeriveFrom.LAST_EPOCH) {
            return last;
        }
        boolean discrete = settings.get(METHOD).runsSampledArchitectures();
        EpochMetrics best = last;
        for (EpochMetrics m : history) {
            double acc = discrete ? m.discreteValidAcc() : m.validAcc();
            double bestAcc = discrete ? best.discreteValidAcc() : best.validAcc();
            if (acc > bestAcc || acc == bestAcc && m.epoch() < best.epoch()) {
                best = m; // the first epoch of the best accuracy, as the reference's strict comparison keeps
            }
        }
        if (best != last) {
            listener.onNote("result: the architecture of epoch " + best.epoch() + " (best validation accuracy "
                    + String.format(java.util.Locale.ROOT, "%.4f", discrete ? best.discreteValidAcc() : best.validAcc())
                    + ")");
        }
        return best;
    }

    /**
     * Whether the architecture steps on batches of their own: always in bilevel mode, and in ERM
     * mode with erm_step separate.
     */
    private boolean separateArchSteps() {
        return settings.get(MODE) == SearchMode.BILEVEL || settings.get(ERM_STEP) == ErmStep.SEPARATE;
    }

    /** The images of the architecture steps: held out in bilevel mode, the training images in ERM mode. */
    private ImageSet archImages() {
        return settings.get(MODE) == SearchMode.BILEVEL ? data.valid() : data.train();
    }

    /** Loss and accuracy sums of the weight steps of an epoch; what diverged first, if anything did. */
    private record EpochTraining(String divergence, double lossSum, long correct, long seen) {
        boolean diverged() {
            return divergence != null;
        }
    }

    private EpochTraining trainEpoch(NDManager root, SupernetStepper stepper, ArchOptimizer arch, int epoch) {
        double lr = SearchSettings.learningRate(settings, epoch);
        long seed = settings.get(SEED);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (BatchStream trainBatches = new BatchStream(data.train(), settings.get(BATCH),
                mix(seed, epoch, TRAIN_STREAM), true, true, true);
                CyclingStream archBatches = new CyclingStream(archImages(), settings.get(BATCH),
                        mix(seed, epoch, VALID_STREAM))) {
            int steps = trainBatches.batchesPerEpoch();
            boolean archSteps = arch.learns() && epoch >= settings.get(ARCH_WARMUP_EPOCHS);
            for (int step = 0; step < steps; step++) {
                Batch trainBatch = trainBatches.next();
                SupernetStepper.PassStats stats;
                try (NDManager scope = root.newSubManager()) {
                    Tensors t = Tensors.of(scope, trainBatch, data.numClasses());
                    if (separateArchSteps() && archSteps) {
                        Batch validBatch = archBatches.next();
                        try (NDManager archScope = root.newSubManager()) {
                            Tensors v = Tensors.of(archScope, validBatch, data.numClasses());
                            ArchSample s = arch.sample(context(epoch, step, ARCH_SAMPLE_STREAM));
                            SupernetStepper.ArchStepResult archStep = stepper.archStep(v.x(), v.oneHot(), v.labels(), s);
                            String bad = nonFinite(archStep.stats().loss(), "loss of the architecture step",
                                    archStep.gradient().firstNonFinite(), "architecture gradient ");
                            if (bad != null) {
                                return diverged(epoch, step, bad, lossSum, correct, seen);
                            }
                            arch.step(s, archStep.gradient());
                        }
                        stats = stepper.weightStep(t.x(), t.oneHot(), t.labels(),
                                arch.sample(context(epoch, step, WEIGHT_SAMPLE_STREAM)), lr);
                    } else if (!archSteps) {
                        stats = stepper.weightStep(t.x(), t.oneHot(), t.labels(),
                                arch.sample(context(epoch, step, WEIGHT_SAMPLE_STREAM)), lr);
                    } else {
                        ArchSample s = arch.sample(context(epoch, step, ARCH_SAMPLE_STREAM));
                        SupernetStepper.JointStepResult joint = stepper.jointStep(t.x(), t.oneHot(), t.labels(), s, lr);
                        stats = joint.stats();
                        String bad = joint.gradient().firstNonFinite();
                        if (bad != null && Double.isFinite(stats.loss())) {
                            return diverged(epoch, step, "architecture gradient " + bad, lossSum, correct, seen);
                        }
                        if (Double.isFinite(stats.loss())) {
                            arch.step(s, joint.gradient());
                        }
                    }
                }
                ArchWeights w = arch.weights();
                String gradient = stepper.lastNonFiniteGradient();
                String bad = gradient != null ? "gradient of " + gradient + " is not finite"
                        : nonFinite(stats.loss(), "loss of the weight step", w.firstNonFinite(), "architecture weight ");
                if (bad != null) {
                    return diverged(epoch, step, bad, lossSum, correct, seen);
                }
                lossSum += stats.loss() * stats.size();
                correct += stats.correct();
                seen += stats.size();
                listener.onStep(epoch, step, steps, lossSum / seen, w.meanEntropy());
            }
        }
        return new EpochTraining(null, lossSum, correct, seen);
    }

    /** Names a non-finite loss first, else the first non-finite entry of a tensor, else null. */
    private static String nonFinite(double loss, String lossName, String entry, String entryName) {
        if (!Double.isFinite(loss)) {
            return lossName + " = " + loss;
        }
        return entry == null ? null : entryName + entry;
    }

    private static EpochTraining diverged(int epoch, int step, String what, double lossSum, long correct, long seen) {
        return new EpochTraining("epoch " + epoch + " step " + step + ": " + what, lossSum, correct, seen);
    }

    private StepContext context(int epoch, int step, long stream) {
        return new StepContext(mix(settings.get(SEED) ^ stream, epoch, step), epoch, settings.get(EPOCHS),
                settings.get(ARCH_WARMUP_EPOCHS));
    }

    private EpochMetrics evaluate(NDManager root, SupernetStepper stepper, ArchOptimizer arch, int epoch,
            EpochTraining training, long startNanos) {
        ArchWeights w = arch.weights();
        ImageSet valid = settings.get(EVAL_LIMIT) > 0 ? data.valid().limit(settings.get(EVAL_LIMIT)) : data.valid();
        SupernetStepper.PassStats mixture = evaluatePasses(root, stepper, valid, arch.mixture());
        Architecture derived = archSpace.derive(arch.derivationWeights());
        SupernetStepper.PassStats discrete = evaluatePasses(root, stepper, valid, discrete(derived));
        if (settings.get(METHOD).selectsByValidation()) {
            // random search: the best of sampled architectures by shared-weight validation accuracy
            for (int c = 0; c < settings.get(CANDIDATES); c++) {
                ArchSample candidate = arch.sample(context(epoch, c, CANDIDATE_STREAM));
                SupernetStepper.PassStats score = evaluatePasses(root, stepper, valid, candidate);
                if (c == 0 || score.correct() > discrete.correct()) {
                    discrete = score;
                    derived = archSpace.derive(candidate.values());
                }
            }
        }
        double validAcc = (double) mixture.correct() / mixture.size();
        return new EpochMetrics(epoch, SearchSettings.learningRate(settings, epoch), training.lossSum() / training.seen(),
                (double) training.correct() / training.seen(), mixture.loss(), validAcc, validAcc,
                (double) discrete.correct() / discrete.size(), w.meanEntropy(), derived.encode(),
                (System.nanoTime() - startNanos) / 1e9, w.toMap());
    }

    private SupernetStepper.PassStats evaluatePasses(NDManager root, SupernetStepper stepper, ImageSet images,
            ArchSample sample) {
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        try (BatchStream batches = new BatchStream(images, settings.get(BATCH), 0, false, false, false)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                if (batch.size() < 2) {
                    continue; // batch statistics of a single image are meaningless
                }
                try (NDManager scope = root.newSubManager()) {
                    Tensors t = Tensors.of(scope, batch, data.numClasses());
                    SupernetStepper.PassStats s = stepper.evaluate(t.x(), t.oneHot(), t.labels(), sample);
                    lossSum += s.loss() * s.size();
                    correct += s.correct();
                    seen += s.size();
                }
            }
        }
        return new SupernetStepper.PassStats(lossSum / Math.max(seen, 1), correct, Math.max(seen, 1));
    }

    /** The one-hot sample of a discrete architecture: only its ops run. */
    private ArchSample discrete(Architecture derived) {
        java.util.Map<CellType, int[]> chosen = new java.util.EnumMap<>(CellType.class);
        for (CellType type : settings.get(SPACE).cellTypes()) {
            chosen.put(type, derived.opIndices(type));
        }
        return ArchSample.oneHot(settings.get(SPACE), chosen, null, Double.NaN);
    }

    private int restore(NDManager root, Supernet net, SgdMomentum sgd, ArchOptimizer arch,
            List<EpochMetrics> history) {
        Optional<Path> latest = Checkpoint.latest(checkpointDir);
        if (latest.isEmpty()) {
            return -1;
        }
        Path folder = latest.get();
        Checkpoint cp = Checkpoint.read(folder);
        if (!cp.fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException(folder + " was written by a different run configuration; "
                    + "resume with the same spec or use an empty output folder");
        }
        Checkpoint.restore(folder, root, net, sgd);
        arch.restore(cp.archState());
        history.addAll(cp.history());
        return cp.epoch();
    }


    private void checkpoint(Supernet net, SgdMomentum sgd, ArchOptimizer arch, int epoch,
            List<EpochMetrics> history) {
        new Checkpoint(fingerprint, epoch, settings.get(SEED), arch.state(), List.copyOf(history))
                .write(checkpointDir, Checkpoint.payload(net, sgd));
    }

    /** A seed for one epoch's stream, a SplitMix64-style mix of the run seed, epoch and stream. */
    public static long mix(long seed, int epoch, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A batch as engine arrays. */
    private record Tensors(NDArray x, NDArray oneHot, int[] labels) {
        static Tensors of(NDManager scope, Batch batch, int classes) {
            NDArray x = scope.create(batch.images(), new Shape(batch.shape()));
            NDArray oneHot;
            try (NDArray labels = scope.create(batch.labels())) {
                oneHot = labels.oneHot(classes);
            }
            return new Tensors(x, oneHot, batch.labels());
        }
    }

    /** Validation batches for the architecture steps, starting a new shuffled pass when one runs out. */
    private static final class CyclingStream implements AutoCloseable {
        private final ImageSet images;
        private final int batch;
        private long seed;
        private BatchStream current;

        CyclingStream(ImageSet images, int batch, long seed) {
            this.images = images;
            this.batch = batch;
            this.seed = seed;
        }

        Batch next() {
            if (current == null || !current.hasNext()) {
                if (current != null) {
                    current.close();
                    seed = mix(seed, 1, VALID_STREAM);
                }
                current = new BatchStream(images, batch, seed, true, true, true);
            }
            return current.next();
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
        }
    }
}
