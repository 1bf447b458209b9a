package org.geonas.core.run;

import ai.djl.Device;
import java.nio.file.Path;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchListener;

/**
 * Entry point of a run in its own JVM (how sweeps execute runs): {@code RunMain --spec FILE
 * --out DIR [--resume] [--device cpu|gpu:N]}. Prints the engine check's verdict and one line per
 * epoch; exit 0 succeeded, 1 failed, 2 bad input, 3 diverged, 4 the engine check failed.
 */
public final class RunMain {

    private RunMain() {
    }

    public static void main(String[] args) {
        String spec = null;
        String out = null;
        String device = "cpu";
        boolean resume = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec" -> spec = args[++i];
                case "--out" -> out = args[++i];
                case "--device" -> device = args[++i];
                case "--resume" -> resume = true;
                case "--exit-with-parent" -> exitWithParent();
                default -> {
                    System.err.println("unknown argument " + args[i] + "; usage: RunMain --spec FILE --out DIR [--resume] [--device cpu|gpu:N]");
                    System.exit(2);
                }
            }
        }
        if (spec == null || out == null) {
            System.err.println("usage: RunMain --spec FILE --out DIR [--resume] [--device cpu|gpu:N]");
            System.exit(2);
        }
        System.exit(run(Path.of(spec), Path.of(out), Devices.parse(device), resume));
    }

    /**
     * Ends this JVM when the process that started it goes away, so that a run whose supervisor
     * died (an executor lost, a driver killed) never goes on writing unsupervised.
     */
    private static void exitWithParent() {
        java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        ProcessHandle p = parent.get();
        p.onExit().thenRun(() -> {
            System.err.println("error: the supervising process " + p.pid() + " ended; stopping this run");
            Runtime.getRuntime().halt(137);
        });
    }

    static int run(Path specFile, Path out, Device device, boolean resume) {
        SearchRun run;
        try {
            run = new SearchRun(RunSpec.fromYaml(specFile), out, device);
            run.validate(resume);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            ProgressFile progress = new ProgressFile(out, run.spec().get(org.geonas.core.search.SearchSettings.EPOCHS));
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
            return result.status() == RunStatus.DIVERGED ? 3 : 0;
        } catch (org.geonas.core.engine.EngineCheckException e) {
            System.err.println("error: " + e.getMessage());
            return 4;
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
