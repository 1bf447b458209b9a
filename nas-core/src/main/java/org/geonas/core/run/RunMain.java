package org.geonas.core.run;

import ai.djl.Device;
import java.nio.file.Path;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchListener;

/**
 * Entry point of a run in its own JVM (how sweeps execute runs; {@link RunLauncher} starts it):
 * {@code RunMain --spec FILE --out DIR [--resume] [--device cpu|gpu:N] [--exit-with-parent]}.
 * Prints the engine check's verdict and one line per epoch, and exits with an {@link ExitStatus}:
 * succeeded, failed, bad input, diverged or the engine check failed.
 */
public final class RunMain {

    static final String SPEC = "--spec";
    static final String OUT = "--out";
    static final String DEVICE = "--device";
    static final String RESUME = "--resume";
    static final String EXIT_WITH_PARENT = "--exit-with-parent";
    private static final String USAGE = "usage: RunMain --spec FILE --out DIR [--resume] [--device cpu|gpu:N] "
            + "[--exit-with-parent]";

    private RunMain() {
    }

    public static void main(String[] args) {
        Args a = Args.parse(args, USAGE);
        System.exit(run(a.spec(), a.out(), a.device(), a.resume()).code());
    }

    /** The arguments of a run JVM, shared by {@link RunMain} and {@link TrainMain}. */
    record Args(Path spec, Path out, Device device, boolean resume) {

        /** Parses them, or exits with {@link ExitStatus#BAD_INPUT} after printing {@code usage}. */
        static Args parse(String[] args, String usage) {
            String spec = null;
            String out = null;
            String device = "cpu";
            boolean resume = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case SPEC -> spec = args[++i];
                    case OUT -> out = args[++i];
                    case DEVICE -> device = args[++i];
                    case RESUME -> resume = true;
                    case EXIT_WITH_PARENT -> exitWithParent();
                    default -> {
                        System.err.println("unknown argument " + args[i] + "; " + usage);
                        System.exit(ExitStatus.BAD_INPUT.code());
                    }
                }
            }
            if (spec == null || out == null) {
                System.err.println(usage);
                System.exit(ExitStatus.BAD_INPUT.code());
            }
            return new Args(Path.of(spec), Path.of(out), Devices.parse(device), resume);
        }
    }

    /**
     * Ends this JVM when the process that started it goes away, so that a run whose supervisor
     * died (an executor lost, a driver killed) never goes on writing unsupervised. It ends as if
     * killed ({@link ExitStatus#KILLED}), not with an answer: the run is unfinished.
     */
    private static void exitWithParent() {
        java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        ProcessHandle p = parent.get();
        p.onExit().thenRun(() -> {
            System.err.println("error: the supervising process " + p.pid() + " ended; stopping this run");
            Runtime.getRuntime().halt(ExitStatus.KILLED.code());
        });
    }

    static ExitStatus run(Path specFile, Path out, Device device, boolean resume) {
        SearchRun run;
        try {
            run = new SearchRun(RunSpec.fromYaml(specFile), out, device);
            run.validate(resume);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        try {
            ProgressFile progress = new ProgressFile(new RunLayout(out), run.spec().get(org.geonas.core.search.SearchSettings.EPOCHS));
            RunResult result = run.execute(resume, new SearchListener() {
                @Override
                public void onStep(int epoch, int step, int steps, double loss, double entropy) {
                    progress.onStep(epoch, step, steps, loss, entropy);
                }

                @Override
                public void onNote(String line) {
                    System.out.println(line);
                }

                @Override
                public void onEpoch(EpochMetrics m) {
                    progress.onEpoch(m);
                    System.out.printf(java.util.Locale.ROOT, "epoch %d train_loss=%.4f valid_acc=%.4f entropy=%.4f%n",
                            m.epoch(), m.trainLoss(), m.validAcc(), m.meanEntropy());
                }
            });
            return ExitStatus.of(result);
        } catch (org.geonas.core.engine.EngineCheckException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.ENGINE_CHECK;
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }
}
