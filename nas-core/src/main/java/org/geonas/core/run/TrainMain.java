package org.geonas.core.run;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Locale;
import org.geonas.core.evaluate.TrainEpoch;
import org.geonas.core.evaluate.TrainListener;
import org.geonas.core.evaluate.TrainSettings;

/**
 * Entry point of a training (the evaluation stage) in its own JVM, as {@link RunMain} is a
 * search's, with the same arguments and exit statuses: {@code TrainMain --spec FILE --out DIR
 * [--resume] [--device cpu|gpu:N] [--exit-with-parent]}, the spec being a {@link TrainSpec}.
 */
public final class TrainMain {

    private static final String USAGE = "usage: TrainMain --spec FILE --out DIR [--resume] [--device cpu|gpu:N] "
            + "[--exit-with-parent]";

    private TrainMain() {
    }

    public static void main(String[] args) {
        RunMain.Args a = RunMain.Args.parse(args, USAGE);
        System.exit(run(a.spec(), a.out(), a.device(), a.resume()).code());
    }

    static ExitStatus run(Path specFile, Path out, Device device, boolean resume) {
        TrainRun run;
        try {
            run = new TrainRun(TrainSpec.fromYaml(specFile), out, device);
            run.validate(resume);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        try {
            ProgressFile progress = new ProgressFile(new RunLayout(out), run.spec().get(TrainSettings.EPOCHS));
            TrainResult result = run.execute(resume, new TrainListener() {
                @Override
                public void onStep(int epoch, int step, int steps, double trainLoss) {
                    progress.onStep(epoch, step, steps, trainLoss);
                }

                @Override
                public void onNote(String line) {
                    System.out.println(line);
                }

                @Override
                public void onEpoch(TrainEpoch e) {
                    progress.onEpoch(e);
                    System.out.println(describe(e));
                }
            });
            return result.status() == RunStatus.SUCCEEDED ? ExitStatus.SUCCEEDED
                    : result.status() == RunStatus.DIVERGED ? ExitStatus.DIVERGED : ExitStatus.FAILED;
        } catch (org.geonas.core.engine.EngineCheckException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.ENGINE_CHECK;
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }

    /** One epoch's line, as the run log and the {@code train} command print it. */
    public static String describe(TrainEpoch e) {
        return String.format(Locale.ROOT, "epoch %d lr=%.5f drop_path=%.3f train_loss=%.4f train_acc=%.4f "
                + "test_loss=%.4f test_acc=%.4f (%.1f s)", e.epoch(), e.lr(), e.dropPathProb(), e.trainLoss(),
                e.trainAcc(), e.testLoss(), e.testAcc(), e.seconds());
    }
}
