package org.geonas.cli;

import ai.djl.Device;
import java.util.concurrent.Callable;
import org.geonas.core.engine.EngineCheckException;
import org.geonas.core.engine.EngineGuard;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.search.StepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geonas bench}: times the search step of shared/bench/torch_nb201_reference.py, or with
 * {@code --genotype} the evaluation network's training step.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times one first-order search step (architecture step + weight step, random data) on the "
                + "NAS-Bench-201 supernet, as the PyTorch reference script does.",
                "With --genotype, times one training step of the DARTS evaluation network of that genotype instead "
                        + "(--channels C, --cells layers; the reference's network: --genotype DARTS_V2 --channels 36 "
                        + "--cells 20 --batch 96), as nas-core/src/test/python/darts_eval_network.py bench does.",
                "Prints a per-phase profile (search step only), then 'images_per_s=... step_ms=... peak_rss_mb=...' last."})
final class BenchCommand implements Callable<Integer>, DocumentedExits {

    @Option(names = "--space", defaultValue = "nb201", description = "Search space: nb201 or darts (default ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--channels", defaultValue = "16", description = "Supernet channels C (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--cells", defaultValue = "5", description = "Cells: per stage for nb201, in all for darts (default ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--batch", defaultValue = "64", description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--image-size", defaultValue = "32", description = "Image height and width (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "libtorch intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--method", defaultValue = "darts",
            description = "Architecture method whose step is timed: darts, gaea, pcdarts, gaea-pcdarts, gdas, gaea-gdas, "
                    + "rsws (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--genotype", paramLabel = "NAME|TEXT",
            description = "Time the evaluation network's training step of this genotype (DARTS_V1, DARTS_V2, "
                    + "PC_DARTS_cifar, GAEA_EDARTS4 or a Genotype(...) text) instead of a search step; 32x32 images, "
                    + "auxiliary head (weight 0.4), drop path 0.2.")
    String genotype;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Also profile one extra step with libtorch's profiler and write a Chrome trace (JSON) to FILE, "
                    + "and print the ops that take the most time.")
    java.nio.file.Path trace;

    @Override
    public Integer call() {
        EngineThreads.pin(threads);
        if (genotype != null) {
            return benchTraining();
        }
        StepBenchmark.Config config = new StepBenchmark.Config(space, channels, cells, batch, imageSize, steps, warmup,
                method, trace);
        try {
            System.out.println(EngineGuard.guard(StepBenchmark.shape(config), batch, Device.cpu()).summary());
        } catch (EngineCheckException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.ENGINE_CHECK.code();
        }
        StepBenchmark.Figures figures = StepBenchmark.run(config);
        System.out.print(figures.profile());
        if (trace != null) {
            System.out.print(TraceSummary.topOps(trace, 15));
        }
        System.out.println(figures);
        return ExitStatus.SUCCEEDED.code();
    }

    private int benchTraining() {
        org.geonas.core.evaluate.TrainStepBenchmark.Config config;
        org.geonas.core.engine.SupernetShape shape;
        try {
            config = new org.geonas.core.evaluate.TrainStepBenchmark.Config(
                    org.geonas.core.space.DartsGenotype.named(genotype), channels, cells, batch, steps, warmup, 0.2);
            shape = new org.geonas.core.engine.SupernetShape("darts", channels, cells, 1, 10, 3, 32);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.BAD_INPUT.code();
        }
        try {
            System.out.println(EngineGuard.guard(shape, batch, Device.cpu()).summary());
        } catch (EngineCheckException e) {
            System.err.println("error: " + e.getMessage());
            return ExitStatus.ENGINE_CHECK.code();
        }
        System.out.println(org.geonas.core.evaluate.TrainStepBenchmark.run(config));
        return ExitStatus.SUCCEEDED.code();
    }

    @Override
    public java.util.List<ExitStatus> exits() {
        return java.util.List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT, ExitStatus.ENGINE_CHECK);
    }
}
