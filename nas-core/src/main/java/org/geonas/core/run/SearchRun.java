package org.geonas.core.run;

import static org.geonas.core.search.SearchSettings.BATCH;
import static org.geonas.core.search.SearchSettings.DATASET;
import static org.geonas.core.search.SearchSettings.EVAL_LIMIT;
import static org.geonas.core.search.SearchSettings.IMAGE_SIZE;
import static org.geonas.core.search.SearchSettings.MODE;
import static org.geonas.core.search.SearchSettings.SEARCH_SPLIT;
import static org.geonas.core.search.SearchSettings.TRAIN_LIMIT;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.geonas.core.data.ChannelStats;
import org.geonas.core.data.DatasetKind;
import org.geonas.core.data.ImageSet;
import org.geonas.core.data.Nb201Splits;
import org.geonas.core.engine.EngineCheckException;
import org.geonas.core.engine.EngineGuard;
import org.geonas.core.engine.EngineReport;
import org.geonas.core.search.Checkpoint;
import org.geonas.core.search.SearchData;
import org.geonas.core.search.SearchListener;
import org.geonas.core.search.SearchLoop;
import org.geonas.core.search.SearchMode;
import org.geonas.core.search.SearchOutcome;
import org.geonas.core.search.SearchSplit;

/**
 * Executes one {@link RunSpec}: checks the data files and the output folder (cheap, first),
 * guards the engine ({@link EngineGuard}: the ops of this run's supernet checked against float64
 * before anything trains), loads and prepares the images, runs the search loop with a checkpoint
 * per epoch under {@code <out>/checkpoints}, and writes {@code <out>/result.json} (the names are
 * {@link RunLayout}'s). A failure during training is recorded in the result (status failed)
 * rather than lost.
 */
public final class SearchRun {

    private final RunSpec spec;
    private final Path out;
    private final RunLayout layout;
    private final Device device;

    public SearchRun(RunSpec spec, Path out, Device device) {
        this.spec = spec;
        this.out = out;
        this.layout = new RunLayout(out);
        this.device = device;
    }

    /** The spec this run executes. */
    public RunSpec spec() {
        return spec;
    }

    /**
     * Checks everything that can be checked without training: the data files' presence, sizes
     * and headers, and that the output folder is not an earlier run's unless resuming.
     *
     * @throws IllegalArgumentException or {@link org.geonas.core.data.DataFileException} with a one-line message
     */
    public void validate(boolean resume) {
        spec.get(DATASET).checkFiles(spec.dataPath());
        if (!resume && Checkpoint.exists(layout.checkpoints())) {
            throw new IllegalArgumentException(out + " holds checkpoints of an earlier run; pass --resume to continue it "
                    + "or choose an empty output folder");
        }
    }

    /** Validates, trains and writes the result; returns it. Input errors are thrown before training. */
    public RunResult execute(boolean resume, SearchListener listener) {
        validate(resume);
        checkEngine(listener);
        SearchData data = loadData();
        long start = System.nanoTime();
        SearchLoop loop = new SearchLoop(spec.settings(), data, device, layout.checkpoints(), spec.runId(),
                listener);
        RunResult result;
        try {
            SearchOutcome outcome = loop.run(resume);
            result = new RunResult(spec.runId(), spec, outcome.diverged() ? RunStatus.DIVERGED : RunStatus.SUCCEEDED,
                    outcome.diverged() ? "diverged in " + outcome.divergence() : null,
                    outcome.diverged() ? outcome.divergedEpoch() : null, outcome.finalArch(),
                    outcome.finalWeights().isFinite() ? outcome.finalWeights().toMap() : null, outcome.history(),
                    seconds(start), device.toString(), outcome.parameters(), Provenance.current());
        } catch (RuntimeException | OutOfMemoryError e) {
            result = new RunResult(spec.runId(), spec, RunStatus.FAILED, oneLine(e), null, null, null,
                    java.util.List.of(), seconds(start), device.toString(), 0, Provenance.current());
            result.write(out);
            throw e;
        }
        result.write(out);
        return result;
    }

    /**
     * The engine check, before the data loads or anything trains: a failure is recorded in the
     * result and thrown.
     */
    private void checkEngine(SearchListener listener) {
        long start = System.nanoTime();
        try {
            EngineReport report = EngineGuard.guard(spec.supernetShape(), spec.get(BATCH), device);
            listener.onNote(report.summary());
        } catch (EngineCheckException e) {
            // the caller prints the one line; the result keeps it
            new RunResult(spec.runId(), spec, RunStatus.FAILED, oneLine(e), null, null, null, java.util.List.of(),
                    seconds(start), device.toString(), 0, Provenance.current()).write(out);
            throw e;
        }
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /**
     * Training images resized and normalized with their own channel statistics. Bilevel splits
     * them 50/50 (weights / architecture), or as NAS-Bench-201 does with search_split nb201
     * ({@link #nb201Data}); ERM trains on all of them and evaluates on the test split (as many
     * images as half the training images, or eval_limit).
     */
    SearchData loadData() {
        DatasetKind kind = spec.get(DATASET);
        if (spec.get(MODE) == SearchMode.BILEVEL && spec.get(SEARCH_SPLIT) == SearchSplit.NB201) {
            return nb201Data(kind.load(spec.dataPath(), true), () -> kind.load(spec.dataPath(), false),
                    Nb201Splits.forDataset(kind), spec.get(TRAIN_LIMIT), spec.get(IMAGE_SIZE));
        }
        ImageSet train = kind.load(spec.dataPath(), true).limit(spec.get(TRAIN_LIMIT)).resized(spec.get(IMAGE_SIZE));
        ChannelStats stats = train.channelStats();
        train = train.normalized(stats);
        if (spec.get(MODE) == SearchMode.BILEVEL) {
            int half = train.size() / 2;
            return new SearchData(train.slice(0, half), train.slice(half, train.size()));
        }
        int validCount = spec.get(EVAL_LIMIT) > 0 ? spec.get(EVAL_LIMIT) : Math.max(spec.get(BATCH), train.size() / 2);
        ImageSet valid = kind.load(spec.dataPath(), false).limit(validCount).resized(spec.get(IMAGE_SIZE)).normalized(stats);
        return new SearchData(train, valid);
    }

    /**
     * A NAS-Bench-201 split's images: the weights' from the training set, the architecture's from the
     * training or the test set (loaded only then), both resized and normalized with the weights' images'
     * channel statistics. With {@code trainLimit} N > 0 each takes the first N of its images.
     */
    static SearchData nb201Data(ImageSet train, Supplier<ImageSet> test, Nb201Splits.SearchIndices split,
            int trainLimit, int imageSize) {
        ImageSet weights = split.weights() == null ? train.limit(trainLimit)
                : train.select(first(split.weights(), trainLimit));
        ImageSet arch = (split.archOnTestSet() ? test.get() : train).select(first(split.arch(), trainLimit));
        weights = weights.resized(imageSize);
        ChannelStats stats = weights.channelStats();
        return new SearchData(weights.normalized(stats), arch.resized(imageSize).normalized(stats));
    }

    private static int[] first(int[] indices, int limit) {
        return limit > 0 && limit < indices.length ? Arrays.copyOf(indices, limit) : indices;
    }
}
