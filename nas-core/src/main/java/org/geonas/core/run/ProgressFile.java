package org.geonas.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchListener;

/**
 * Keeps {@code progress.json} in a run's folder current (epoch, step, loss, entropy), at most
 * every {@link #INTERVAL_NANOS}, so whoever launched the run (a sweep driver) can show where it is.
 */
public final class ProgressFile implements SearchListener {

    /** File name in the run's output folder. */
    public static final String FILE = "progress.json";
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private final int epochs;
    private long lastWrite;

    public ProgressFile(Path dir, int epochs) {
        this.file = dir.resolve(FILE);
        this.epochs = epochs;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double trainLoss, double meanEntropy) {
        long now = System.nanoTime();
        if (now - lastWrite >= INTERVAL_NANOS) {
            lastWrite = now;
            write(epoch, step + 1, stepsPerEpoch, trainLoss, meanEntropy);
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        write(m.epoch() + 1, 0, 0, m.trainLoss(), m.meanEntropy());
    }

    private void write(int epoch, int step, int steps, double loss, double entropy) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("epoch", epoch);
        p.put("epochs", epochs);
        p.put("step", step);
        p.put("steps", steps);
        p.put("train_loss", Double.isFinite(loss) ? loss : null);
        p.put("mean_entropy", entropy);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Json.JSON.writeValue(tmp.toFile(), p);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // progress is informational; a failed write must not stop the run
        }
    }
}
