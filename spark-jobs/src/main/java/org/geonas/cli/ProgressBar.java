package org.geonas.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchListener;

/**
 * A one-line console progress bar: epoch, steps, running loss (and entropy for a search); a summary
 * line per epoch. Serves searches and trainings.
 */
final class ProgressBar implements SearchListener, org.geonas.core.evaluate.TrainListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final int epochs;
    private long lastDraw;

    ProgressBar(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double trainLoss, double meanEntropy) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && step + 1 < stepsPerEpoch) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * (step + 1) / stepsPerEpoch);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f entropy %.4f", epoch + 1, epochs,
                "#".repeat(filled), ".".repeat(WIDTH - filled), step + 1, stepsPerEpoch, trainLoss, meanEntropy);
        out.flush();
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double trainLoss) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && step + 1 < stepsPerEpoch) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * (step + 1) / stepsPerEpoch);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f", epoch + 1, epochs,
                "#".repeat(filled), ".".repeat(WIDTH - filled), step + 1, stepsPerEpoch, trainLoss);
        out.flush();
    }

    @Override
    public void onEpoch(org.geonas.core.evaluate.TrainEpoch e) {
        out.println("\r" + org.geonas.core.run.TrainMain.describe(e));
        out.flush();
    }

    @Override
    public void onNote(String line) {
        out.println("\r" + line);
        out.flush();
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        out.printf(Locale.ROOT, "\repoch %d/%d train_loss %.4f train_acc %.4f valid_acc %.4f discrete_acc %.4f "
                + "entropy %.4f %.1fs %s%n", m.epoch() + 1, epochs, m.trainLoss(), m.trainAcc(), m.validAcc(),
                m.discreteValidAcc(), m.meanEntropy(), m.seconds(), m.derivedArch());
        out.flush();
    }
}
