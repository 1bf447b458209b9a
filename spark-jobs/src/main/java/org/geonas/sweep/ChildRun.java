package org.geonas.sweep;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.geonas.core.run.RunMain;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;

/**
 * Runs one search in its own JVM (DJL allows one gradient collector per JVM and seeds
 * globally; a native crash or out-of-memory then fails this run only) and supervises it:
 * a JVM that dies abnormally (killed, crashed) is started again and resumes from its last
 * checkpoint, up to {@code maxAttempts}; a run that fails on its own (an exception, bad input)
 * or diverges is recorded as it is. On a non-local output the run works in a local folder whose
 * checkpoints, progress and result are mirrored to the output as they appear.
 */
final class ChildRun {

    /** Exit codes of {@link RunMain} that are final answers rather than accidents. */
    private static final Set<Integer> FINAL_EXIT_CODES = Set.of(0, 1, 2, 3, 4);
    private static final long MIRROR_INTERVAL_MS = 2000;

    private final RunStore store;
    private final RunSpec spec;
    private final int threads;
    private final int maxAttempts;
    private final String memory;
    private final String device;

    ChildRun(RunStore store, RunSpec spec, int threads, int maxAttempts, String memory, String device) {
        this.store = store;
        this.spec = spec;
        this.threads = threads;
        this.maxAttempts = maxAttempts;
        this.memory = memory;
        this.device = device;
    }

    /** Runs to the end and returns the result (also left in the run folder). */
    RunResult execute() {
        String runId = spec.runId();
        boolean local = store.isLocal();
        long start = System.nanoTime();
        try {
            Path work = local ? store.localRunDir(runId) : Files.createTempDirectory("geonas-run-" + runId + "-");
            Files.createDirectories(work);
            if (!local) {
                store.downloadLatestCheckpoint(runId, work.resolve("checkpoints"));
            }
            Files.deleteIfExists(work.resolve(RunResult.FILE)); // an earlier failed attempt's
            Path specFile = work.resolve("spec.json");
            Files.writeString(specFile, spec.toJson(), StandardCharsets.UTF_8);
            int code = -1;
            int attempts = 0;
            while (attempts < maxAttempts) {
                attempts++;
                code = launch(specFile, work, local, attempts);
                if (FINAL_EXIT_CODES.contains(code)) {
                    break;
                }
            }
            Optional<RunResult> own = readResult(work);
            RunResult result = own.orElse(RunResult.failed(spec, "run JVM exited with code " + code + describe(code)
                    + " in each of " + attempts + " attempts; see " + store.runDir(runId) + "/run.log",
                    (System.nanoTime() - start) / 1e9, device));
            if (own.isEmpty() || !local) {
                store.writeText(new org.apache.hadoop.fs.Path(store.runDir(runId), RunResult.FILE), result.toJson());
            }
            if (!local) {
                mirror(work, runId, true);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("run " + runId + ": " + e.getMessage(), e);
        }
    }

    private int launch(Path specFile, Path work, boolean local, int attempt) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(specFile, work));
        pb.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "1073741824");
        pb.environment().putIfAbsent("MALLOC_TRIM_THRESHOLD_", "1073741824");
        pb.redirectErrorStream(true);
        Path log = work.resolve("run.log");
        Files.writeString(log, "--- attempt " + attempt + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = pb.start();
        Thread killOnExit = new Thread(process::destroyForcibly, "geonas-kill-" + spec.runId());
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            while (!process.waitFor(MIRROR_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
                if (!local) {
                    mirror(work, spec.runId(), false);
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            // the task was killed (job cancelled, executor lost): the run must not go on unsupervised
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run " + spec.runId() + " interrupted", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** The JVM command line of the run. */
    private List<String> command(Path specFile, Path work) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms16m", "-Xmx" + memory, "-Xss512k",
                "-XX:ReservedCodeCacheSize=32m", "-XX:-UsePerfData"));
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        cmd.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", Boolean.toString(device.equals("cpu"))));
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Dlog4j2.level=WARN");
        for (String key : List.of("geonas.git.sha", "log4j.configurationFile")) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(RunMain.class.getName());
        cmd.addAll(List.of("--spec", specFile.toString(), "--out", work.toString(), "--resume", "--device", device,
                "--exit-with-parent"));
        return cmd;
    }

    /** This JVM's classpath plus the jar holding nas-core (under spark-submit it is the application jar). */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        try {
            entries.add(Path.of(RunMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            // the classpath alone has to do
        }
        entries.removeIf(String::isBlank);
        return String.join(File.pathSeparator, entries);
    }

    private Optional<RunResult> readResult(Path work) {
        Path file = work.resolve(RunResult.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunResult.read(file));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Uploads the newest checkpoint (if new), progress and log; with {@code all}, also the result. */
    private void mirror(Path work, String runId, boolean all) {
        Path checkpoints = work.resolve("checkpoints");
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> folders = Files.list(checkpoints)) {
                Optional<Path> newest = folders.filter(p -> p.getFileName().toString().matches("epoch-\\d+"))
                        .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
                if (newest.isPresent() && !newest.get().getFileName().toString().equals(uploadedCheckpoint)) {
                    store.uploadCheckpoint(runId, newest.get());
                    uploadedCheckpoint = newest.get().getFileName().toString();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String name : all ? List.of("progress.json", "run.log") : List.of("progress.json")) {
            Path f = work.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    store.writeText(new org.apache.hadoop.fs.Path(store.runDir(runId), name), Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private String uploadedCheckpoint;

    private static String describe(int code) {
        return code > 128 ? " (signal " + (code - 128) + (code == 137 ? ", killed" : "") + ")" : "";
    }
}
