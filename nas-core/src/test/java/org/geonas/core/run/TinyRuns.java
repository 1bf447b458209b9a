package org.geonas.core.run;

import ai.djl.Device;
import java.nio.file.Path;
import org.geonas.core.search.SearchListener;

/** Tiny run specs for tests: synthetic data, C=4, N=1, 8x8 images. */
final class TinyRuns {

    private TinyRuns() {
    }

    /** A spec from key-value pairs in written form: {@code spec("method", "gaea", "epochs", 2, ...)}. */
    static RunSpec spec(Object... keysAndValues) {
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return RunSpec.fromMap(settings);
    }

    static RunSpec synthetic(String method, String mode, int epochs, int trainLimit, long seed) {
        return spec("space", "nb201", "method", method, "mode", mode, "dataset", "synthetic", "epochs", epochs, "channels", 4, "cells", 1, "batch", 16, "image_size", 8, "train_limit", trainLimit, "seed", seed, "eval_limit", 64);
    }

    /** A tiny DARTS-space run: C=8 (so C/K stays even for K=4), 3 cells (normal, reduce, reduce), 16x16 images. */
    static RunSpec dartsSpace(String method, String mode, int epochs, int trainLimit, long seed) {
        return spec("space", "darts", "method", method, "mode", mode, "dataset", "synthetic", "epochs", epochs, "channels", 8, "cells", 3, "batch", 8, "image_size", 16, "train_limit", trainLimit, "seed", seed, "eval_limit", 32, "candidates", 3);
    }

    /**
     * A run in a JVM of its own ({@link RunMain}) with this test JVM's settings, its output in
     * {@code child.log} beside {@code out}; {@code threads} overrides libtorch's thread count if positive.
     */
    static Process childRun(Path specFile, Path out, int threads) throws java.io.IOException {
        return childRunCommand(specFile, out, threads).start();
    }

    /** The process of {@link #childRun}, not started, so a test can change its environment. */
    static ProcessBuilder childRunCommand(Path specFile, Path out, int threads) {
        return childCommand(RunMain.class, specFile, out, threads);
    }

    /** A run JVM of the given main class ({@link RunMain} or {@link TrainMain}), not started. */
    static ProcessBuilder childCommand(Class<?> main, Path specFile, Path out, int threads) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String key : java.util.List.of("ai.djl.offline", "ai.djl.pytorch.num_threads",
                "ai.djl.pytorch.num_interop_threads")) {
            String value = key.equals("ai.djl.pytorch.num_threads") && threads > 0 ? Integer.toString(threads)
                    : System.getProperty(key);
            if (value != null) {
                cmd.add("-D" + key + "=" + value);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(java.util.List.of("--spec", specFile.toString(), "--out", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling(
                out.getFileName() + ".log").toFile());
    }

    static RunResult run(RunSpec spec, Path out, boolean resume) {
        return new SearchRun(spec, out, Device.cpu()).execute(resume, SearchListener.NONE);
    }
}
