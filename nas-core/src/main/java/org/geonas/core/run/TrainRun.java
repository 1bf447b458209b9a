package org.geonas.core.run;

import static org.geonas.core.evaluate.TrainSettings.BATCH;
import static org.geonas.core.evaluate.TrainSettings.CHANNELS;
import static org.geonas.core.evaluate.TrainSettings.DATASET;
import static org.geonas.core.evaluate.TrainSettings.IMAGE_SIZE;
import static org.geonas.core.evaluate.TrainSettings.LAYERS;
import static org.geonas.core.evaluate.TrainSettings.TEST_LIMIT;
import static org.geonas.core.evaluate.TrainSettings.TRAIN_LIMIT;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.geonas.core.data.ChannelStats;
import org.geonas.core.data.DatasetKind;
import org.geonas.core.data.ImageSet;
import org.geonas.core.engine.EngineCheckException;
import org.geonas.core.engine.EngineGuard;
import org.geonas.core.engine.EngineReport;
import org.geonas.core.engine.SupernetShape;
import org.geonas.core.evaluate.TrainData;
import org.geonas.core.evaluate.TrainListener;
import org.geonas.core.evaluate.TrainLoop;
import org.geonas.core.evaluate.TrainOutcome;
import org.geonas.core.search.Checkpoint;

/**
 * Executes one {@link TrainSpec}, as {@link SearchRun} does a search: checks the data files and the
 * output folder first, guards the engine, loads the images (training images normalized with their
 * own channel statistics, test images with the same), trains with a checkpoint per epoch under
 * {@code <out>/checkpoints} and writes {@code <out>/result.json} ({@link TrainResult}). A failure
 * while training is recorded in the result rather than lost.
 */
public final class TrainRun {

    private final TrainSpec spec;
    private final Path out;
    private final RunLayout layout;
    private final Device device;

    public TrainRun(TrainSpec spec, Path out, Device device) {
        this.spec = spec;
        this.out = out;
        this.layout = new RunLayout(out);
        this.device = device;
    }

    public TrainSpec spec() {
        return spec;
    }

    /**
     * Checks what can be checked without training: the data files, and that the output folder is
     * not an earlier training's unless resuming.
     */
    public void validate(boolean resume) {
        spec.get(DATASET).checkFiles(spec.dataPath());
        if (!resume && Checkpoint.exists(layout.checkpoints())) {
            throw new IllegalArgumentException(out + " holds checkpoints of an earlier training; pass --resume to "
                    + "continue it or choose an empty output folder");
        }
    }

    /** Validates, trains and writes the result; returns it. Input errors are thrown before training. */
    public TrainResult execute(boolean resume, TrainListener listener) {
        validate(resume);
        checkEngine(listener);
        TrainData data = loadData();
        long start = System.nanoTime();
        TrainResult result;
        try {
            TrainOutcome outcome = new TrainLoop(spec.settings(), data, device, layout.checkpoints(), spec.trainId(),
                    listener).run(resume);
            result = TrainResult.of(spec, outcome.diverged() ? RunStatus.DIVERGED : RunStatus.SUCCEEDED,
                    outcome.diverged() ? "diverged in " + outcome.divergence() : null,
                    outcome.diverged() ? outcome.divergedEpoch() : null, outcome.history(), outcome.params(),
                    outcome.paramsWithAuxiliary(), SearchRun.seconds(start), device.toString());
        } catch (RuntimeException | OutOfMemoryError e) {
            TrainResult.of(spec, RunStatus.FAILED, SearchRun.oneLine(e), null, List.of(), 0, 0, SearchRun.seconds(start),
                    device.toString()).write(out);
            throw e;
        }
        result.write(out);
        return result;
    }

    /**
     * The engine check before anything loads: the DARTS search network of the same C and depth runs
     * every convolution, pool and batch norm of the evaluation network's cells at their sizes.
     */
    private void checkEngine(TrainListener listener) {
        long start = System.nanoTime();
        try {
            EngineReport report = EngineGuard.guard(engineShape(spec), spec.get(BATCH), device);
            listener.onNote(report.summary());
        } catch (EngineCheckException e) {
            TrainResult.of(spec, RunStatus.FAILED, SearchRun.oneLine(e), null, List.of(), 0, 0, SearchRun.seconds(start),
                    device.toString()).write(out);
            throw e;
        }
    }

    /** The network shape the engine check verifies for a training. */
    public static SupernetShape engineShape(TrainSpec spec) {
        DatasetKind kind = spec.get(DATASET);
        return new SupernetShape("darts", spec.get(CHANNELS), spec.get(LAYERS), 1, kind.numClasses(), kind.channels(),
                spec.get(IMAGE_SIZE));
    }

    /** The training images resized and normalized with their statistics; the test images with the same. */
    TrainData loadData() {
        DatasetKind kind = spec.get(DATASET);
        int size = spec.get(IMAGE_SIZE);
        ImageSet train = kind.load(spec.dataPath(), true).limit(spec.get(TRAIN_LIMIT)).resized(size);
        ChannelStats stats = train.channelStats();
        ImageSet test = kind.load(spec.dataPath(), false).limit(spec.get(TEST_LIMIT)).resized(size).normalized(stats);
        return new TrainData(train.normalized(stats), test);
    }
}
