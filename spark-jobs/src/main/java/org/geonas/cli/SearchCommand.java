package org.geonas.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.core.engine.EngineCheckException;
import org.geonas.core.run.Devices;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.run.RunLayout;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.SearchRun;
import org.geonas.core.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code geonas search}: one weight-sharing search run. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = SearchCommand.SettingOptions.class,
        description = {"Runs one weight-sharing architecture search and writes result.json and per-epoch checkpoints "
                + "into --out.",
                "Give the run as options, as a YAML spec (--spec), or both (options override the spec)."})
final class SearchCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Option(names = "--spec", paramLabel = "FILE", description = "YAML run spec; keys are the options' names in snake_case "
            + "(data_dir, image_size, ...).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder: result.json and checkpoints/.")
    Path out;

    @Option(names = "--resume", description = "Continue from the last checkpoint in --out.")
    boolean resume;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        java.io.PrintWriter err = command.commandLine().getErr();
        java.io.PrintWriter outWriter = command.commandLine().getOut();
        RunSpec spec;
        SearchRun run;
        try {
            spec = buildSpec();
            run = new SearchRun(spec, out, Devices.parse(device));
            run.validate(resume);
        } catch (RuntimeException e) {
            return GeoNas.badInput(command, e);
        }
        EngineThreads.pin(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        System.err.printf(Locale.ROOT, "run %s: %s %s %s on %s, %d epochs -> %s%n", spec.runId(),
                spec.get(SearchSettings.SPACE).id(), spec.get(SearchSettings.METHOD).id(), spec.get(SearchSettings.MODE).id(),
                spec.get(SearchSettings.DATASET).id(), spec.get(SearchSettings.EPOCHS), out);
        RunResult result;
        try {
            result = run.execute(resume, new ProgressBar(System.err, spec.get(SearchSettings.EPOCHS)));
        } catch (EngineCheckException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitStatus.ENGINE_CHECK.code();
        } catch (RuntimeException e) {
            err.println("\nerror: run failed: " + GeoNas.firstLine(e) + " (recorded in " + new RunLayout(out).result() + ")");
            err.flush();
            return ExitStatus.FAILED.code();
        }
        outWriter.printf(Locale.ROOT, "status=%s final_arch=%s entropy=%.4f seconds=%.1f result=%s%n",
                result.status().id(), result.finalArch(),
                result.epochs().isEmpty() ? Double.NaN : result.epochs().get(result.epochs().size() - 1).meanEntropy(),
                result.searchSeconds(), new RunLayout(out).result());
        outWriter.flush();
        return ExitStatus.of(result).code();
    }

    /** The spec file (if any) with the given setting options laid over it, checked once. */
    RunSpec buildSpec() {
        ObjectNode options = CatalogueOptions.given(command, SearchSettings.CATALOGUE);
        if (specFile == null) {
            return RunSpec.fromTree(options);
        }
        ObjectNode merged = RunSpec.readYaml(specFile);
        merged.setAll(options);
        return RunSpec.fromTree(merged, specFile);
    }

    /**
     * Adds one option per run setting, named, typed and described by its declaration, so the
     * options, their help and their defaults cannot drift from the settings.
     */
    static final class SettingOptions implements picocli.CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return CatalogueOptions.addTo(spec, SearchSettings.CATALOGUE);
        }
    }

    @Override
    public java.util.List<ExitStatus> exits() {
        return java.util.List.of(ExitStatus.SUCCEEDED, ExitStatus.FAILED, ExitStatus.BAD_INPUT, ExitStatus.DIVERGED,
                ExitStatus.ENGINE_CHECK);
    }
}
