package org.geonas.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.core.engine.EngineCheckException;
import org.geonas.core.run.Devices;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.run.Json;
import org.geonas.core.run.RunLayout;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.SearchRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code geonas search}: one weight-sharing search run. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one weight-sharing architecture search and writes result.json and per-epoch checkpoints "
                + "into --out.",
                "Give the run as options, as a YAML spec (--spec), or both (options override the spec)."})
final class SearchCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--spec", paramLabel = "FILE", description = "YAML run spec; keys are the options' names in snake_case "
            + "(data_dir, image_size, ...).")
    Path specFile;

    @Option(names = "--space", description = "Search space: nb201 (default) or darts (the DARTS CNN space).")
    String space;

    @Option(names = "--method", description = "Architecture method: darts (softmax + Adam), gaea (exponentiated "
            + "gradient on the simplex), pcdarts / gaea-pcdarts (1/4 of the channels through the ops, edge normalization), "
            + "gdas / gaea-gdas (one Gumbel-sampled op per edge), rsws (random search with weight sharing).")
    String method;

    @Option(names = "--mode", description = "bilevel (default: architecture steps on a held-out half of the training "
            + "images) or erm (single level, both on the training images).")
    String mode;

    @Option(names = "--dataset", description = "fashion-mnist, cifar10, cifar100 or synthetic.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the dataset files (see README, "
            + "'Data'); not needed for synthetic.")
    String dataDir;

    @Option(names = "--epochs", description = "Epochs of search (required).")
    Integer epochs;

    @Option(names = "--channels", description = "Supernet channels C (default 16).")
    Integer channels;

    @Option(names = "--cells", description = "Cells per stage N for nb201 (default 5); cells in all for darts (default 8).")
    Integer cells;

    @Option(names = "--batch", description = "Images per batch (default 64 for nb201, 256 for darts).")
    Integer batch;

    @Option(names = "--image-size", paramLabel = "S", description = "Resize images to S x S (default: the dataset's size).")
    Integer imageSize;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training images, for quick "
            + "proxies (default 0 = all).")
    Integer trainLimit;

    @Option(names = "--eval-limit", paramLabel = "N", description = "Validation images for each epoch's evaluation "
            + "(default 0 = all).")
    Integer evalLimit;

    @Option(names = "--seed", description = "Seed of initialization, batches and augmentation (default 0).")
    Long seed;

    @Option(names = "--arch-lr", description = "Architecture learning rate (default: 3e-4 darts, pcdarts, gdas; 0.1 gaea, "
            + "gaea-pcdarts; 0.01 gaea-gdas).")
    Double archLr;

    @Option(names = "--arch-weight-decay", description = "Architecture weight decay (default: 1e-3 darts, pcdarts, gdas; "
            + "0 gaea, gaea-pcdarts; 0.01 gaea-gdas).")
    Double archWeightDecay;

    @Option(names = "--candidates", description = "rsws: architectures sampled and scored with the shared weights at "
            + "each epoch's end (default 10).")
    Integer candidates;

    @Option(names = "--weight-lr", description = "Initial SGD learning rate, cosine-annealed (default 0.025).")
    Double weightLr;

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
        System.err.printf(Locale.ROOT, "run %s: %s %s %s on %s, %d epochs -> %s%n", spec.runId(), spec.space(),
                spec.method(), spec.mode(), spec.dataset(), spec.epochs(), out);
        RunResult result;
        try {
            result = run.execute(resume, new ProgressBar(System.err, spec.epochs()));
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

    /** The spec file (if any) with the given options laid over it. */
    RunSpec buildSpec() {
        ObjectNode node = Json.JSON.createObjectNode();
        if (specFile != null) {
            node = Json.JSON.valueToTree(RunSpec.fromYaml(specFile));
        }
        put(node, "space", space);
        put(node, "method", method);
        put(node, "mode", mode);
        put(node, "dataset", dataset);
        put(node, "data_dir", dataDir);
        put(node, "epochs", epochs);
        put(node, "channels", channels);
        put(node, "cells", cells);
        put(node, "batch", batch);
        put(node, "image_size", imageSize);
        put(node, "train_limit", trainLimit);
        put(node, "eval_limit", evalLimit);
        put(node, "seed", seed);
        put(node, "arch_lr", archLr);
        put(node, "arch_weight_decay", archWeightDecay);
        put(node, "weight_lr", weightLr);
        put(node, "candidates", candidates);
        if (method != null && specFile != null) {
            // a method given on the command line brings its own defaults unless set explicitly
            if (archLr == null) {
                node.remove("arch_lr");
            }
            if (archWeightDecay == null) {
                node.remove("arch_weight_decay");
            }
        }
        try {
            return Json.JSON.treeToValue(node, RunSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        }
    }

    private static void put(ObjectNode node, String key, Object value) {
        if (value != null) {
            node.set(key, Json.JSON.valueToTree(value));
        }
    }

    @Override
    public java.util.List<ExitStatus> exits() {
        return java.util.List.of(ExitStatus.SUCCEEDED, ExitStatus.FAILED, ExitStatus.BAD_INPUT, ExitStatus.DIVERGED,
                ExitStatus.ENGINE_CHECK);
    }
}
