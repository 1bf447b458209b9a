package org.geonas.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchListener;

/**
 * Keeps {@link RunLayout#PROGRESS} in a run's folder current ({@link RunProgress}), at most every
 * {@link #INTERVAL_NANOS}, so whoever launched the run (a sweep driver) can show where it is.
 */
public final class ProgressFile implements SearchListener, org.geonas.core.evaluate.TrainListener {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final RunLayout layout;
    private final int epochs;
    private long lastWrite;

    public ProgressFile(RunLayout layout, int epochs) {
        this.layout = layout;
        this.epochs = epochs;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double trainLoss, double meanEntropy) {
        long now = System.nanoTime();
        if (now - lastWrite >= INTERVAL_NANOS) {
            lastWrite = now;
            write(RunProgress.atStep(epoch, epochs, step + 1, stepsPerEpoch, trainLoss, meanEntropy));
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        write(RunProgress.atStep(m.epoch() + 1, epochs, 0, 0, m.trainLoss(), m.meanEntropy()));
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double trainLoss) {
        onStep(epoch, step, stepsPerEpoch, trainLoss, Double.NaN);
    }

    @Override
    public void onEpoch(org.geonas.core.evaluate.TrainEpoch e) {
        write(RunProgress.atStep(e.epoch() + 1, epochs, 0, 0, e.trainLoss(), Double.NaN));
    }

    @Override
    public void onNote(String line) {
        // notes are the console's
    }

    private void write(RunProgress progress) {
        try {
            Files.createDirectories(layout.dir());
            Files.writeString(layout.progressTmp(), progress.toJson(), StandardCharsets.UTF_8);
            Files.move(layout.progressTmp(), layout.progress(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // progress is informational; a failed write must not stop the run
        }
    }
}
