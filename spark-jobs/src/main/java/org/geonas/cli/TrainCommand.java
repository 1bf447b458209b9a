package org.geonas.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.core.engine.EngineCheckException;
import org.geonas.core.evaluate.TrainSettings;
import org.geonas.core.run.Devices;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.run.RunLayout;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.TrainResult;
import org.geonas.core.run.TrainRun;
import org.geonas.core.run.TrainSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code geonas train}: a DARTS genotype trained from scratch in the evaluation network. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainCommand.SettingOptions.class,
        description = {"Trains a DARTS genotype from scratch in the DARTS evaluation network (NetworkCIFAR: stem, "
                + "cells, auxiliary head, drop path, cutout) and writes result.json and per-epoch checkpoints into --out.",
                "Give the training as options, as a YAML spec (--spec), or both (options override the spec). The "
                        + "defaults are the GAEA reference's evaluation settings (C=36, 20 layers, batch 96, 600 epochs)."})
final class TrainCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Option(names = "--spec", paramLabel = "FILE", description = "YAML train spec; keys are the options' names in "
            + "snake_case (data_dir, drop_path_prob, ...).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder: result.json and "
            + "checkpoints/.")
    Path out;

    @Option(names = "--resume", description = "Continue from the last checkpoint in --out.")
    boolean resume;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        TrainSpec spec;
        TrainRun run;
        try {
            spec = buildSpec();
            run = new TrainRun(spec, out, Devices.parse(device));
            run.validate(resume);
        } catch (RuntimeException e) {
            return GeoNas.badInput(command, e);
        }
        EngineThreads.pin(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        System.err.printf(Locale.ROOT, "train %s: %s, C=%d, %d layers, %d epochs on %s -> %s%n", spec.trainId(),
                spec.get(TrainSettings.GENOTYPE).name().orElse("genotype"), spec.get(TrainSettings.CHANNELS),
                spec.get(TrainSettings.LAYERS), spec.get(TrainSettings.EPOCHS), spec.get(TrainSettings.DATASET).id(), out);
        java.io.PrintWriter err = command.commandLine().getErr();
        TrainResult result;
        try {
            result = run.execute(resume, new ProgressBar(System.err, spec.get(TrainSettings.EPOCHS)));
        } catch (EngineCheckException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitStatus.ENGINE_CHECK.code();
        } catch (RuntimeException e) {
            err.println("\nerror: training failed: " + GeoNas.firstLine(e) + " (recorded in "
                    + new RunLayout(out).result() + ")");
            err.flush();
            return ExitStatus.FAILED.code();
        }
        java.io.PrintWriter outWriter = command.commandLine().getOut();
        outWriter.printf(Locale.ROOT, "status=%s test_error=%s params=%d (%.2fM) seconds=%.1f result=%s%n",
                result.status().id(), result.finalTestError() == null ? "none"
                        : String.format(Locale.ROOT, "%.2f%%", 100 * result.finalTestError()),
                result.params(), result.params() / 1e6, result.trainSeconds(), new RunLayout(out).result());
        outWriter.flush();
        return result.status() == RunStatus.SUCCEEDED ? ExitStatus.SUCCEEDED.code()
                : result.status() == RunStatus.DIVERGED ? ExitStatus.DIVERGED.code() : ExitStatus.FAILED.code();
    }

    /** The spec file (if any) with the given setting options laid over it, checked once. */
    TrainSpec buildSpec() {
        ObjectNode options = CatalogueOptions.given(command, TrainSettings.CATALOGUE);
        if (specFile == null) {
            return TrainSpec.fromTree(options);
        }
        ObjectNode merged = RunSpec.readYaml(specFile);
        merged.setAll(options);
        return TrainSpec.fromTree(merged, specFile);
    }

    /** One option per train setting ({@link CatalogueOptions}). */
    static final class SettingOptions implements picocli.CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return CatalogueOptions.addTo(spec, TrainSettings.CATALOGUE);
        }
    }

    @Override
    public List<ExitStatus> exits() {
        return List.of(ExitStatus.SUCCEEDED, ExitStatus.FAILED, ExitStatus.BAD_INPUT, ExitStatus.DIVERGED,
                ExitStatus.ENGINE_CHECK);
    }
}
