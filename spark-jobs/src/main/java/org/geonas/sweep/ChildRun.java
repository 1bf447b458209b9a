package org.geonas.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.run.RunKind;
import org.geonas.core.run.RunLauncher;
import org.geonas.core.run.RunLayout;
import org.geonas.core.run.StageResult;

/**
 * Runs one search or training in its own JVM (DJL allows one gradient collector per JVM and seeds
 * globally; a native crash or out-of-memory then fails this run only) and supervises it:
 * a JVM that dies abnormally (killed, crashed) is started again and resumes from its last
 * checkpoint, up to {@code maxAttempts}; a run that fails on its own (an exception, bad input)
 * or diverges is recorded as it is (the JVM's {@link ExitStatus} tells an answer from an
 * accident). On a non-local output the run works in a local folder whose checkpoints, progress
 * and result are mirrored to the output as they appear. Searches and trainings differ only in
 * their {@link RunKind}: the main class, and how their spec and result are read.
 */
final class ChildRun {

    private static final long MIRROR_INTERVAL_MS = 2000;
    /** Starts each attempt's part of {@link RunLayout#LOG}, so a restart can be seen there. */
    static final String ATTEMPT_MARK = "--- attempt ";

    private final RunStore store;
    private final RunKind kind;
    private final String id;
    private final String specJson;
    private final int threads;
    private final int maxAttempts;
    private final String memory;
    private final String device;

    ChildRun(RunStore store, RunKind kind, String specJson, int threads, int maxAttempts, String memory,
            String device) {
        this.store = store;
        this.kind = kind;
        this.id = kind.id(specJson);
        this.specJson = specJson;
        this.threads = threads;
        this.maxAttempts = maxAttempts;
        this.memory = memory;
        this.device = device;
    }

    /** Runs to the end and returns the result (also left in the run folder). */
    StageResult execute() {
        boolean local = store.isLocal();
        long start = System.nanoTime();
        try {
            Path work = local ? store.localRunDir(kind, id) : Files.createTempDirectory("geonas-" + kind.noun() + "-"
                    + id + "-");
            RunLayout layout = new RunLayout(work);
            Files.createDirectories(work);
            if (!local) {
                store.downloadLatestCheckpoint(kind, id, layout.checkpoints());
            }
            Files.deleteIfExists(layout.result()); // an earlier failed attempt's
            Files.writeString(layout.spec(), specJson, StandardCharsets.UTF_8);
            RunLauncher launcher = new RunLauncher(kind, layout, device, threads, memory);
            int code = -1;
            int attempts = 0;
            while (attempts < maxAttempts) {
                attempts++;
                code = launch(launcher, local, attempts);
                if (ExitStatus.isFinal(code)) {
                    break;
                }
            }
            Optional<StageResult> own = readResult(layout);
            StageResult result = own.orElse(kind.failed(specJson, kind.noun() + " JVM exited with code " + code
                    + ExitStatus.describe(code) + " in each of " + attempts + " attempts; see "
                    + store.runDir(kind, id) + "/" + RunLayout.LOG, (System.nanoTime() - start) / 1e9, device));
            if (own.isEmpty() || !local) {
                store.writeText(store.runFile(kind, id, RunLayout.RESULT), result.toJson());
            }
            if (!local) {
                mirror(layout, true);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(kind.noun() + " " + id + ": " + e.getMessage(), e);
        }
    }

    private int launch(RunLauncher launcher, boolean local, int attempt) throws IOException {
        ProcessBuilder pb = launcher.processBuilder();
        Files.writeString(launcher.layout().log(), ATTEMPT_MARK + attempt + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = pb.start();
        Thread killOnExit = new Thread(process::destroyForcibly, "geonas-kill-" + id);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            while (!process.waitFor(MIRROR_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
                if (!local) {
                    mirror(launcher.layout(), false);
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            // the task was killed (job cancelled, executor lost): the run must not go on unsupervised
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(kind.noun() + " " + id + " interrupted", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private Optional<StageResult> readResult(RunLayout layout) {
        Path file = layout.result();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(kind.parseResult(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Uploads the newest checkpoint (if new), progress and log; with {@code all}, also the result. */
    private void mirror(RunLayout layout, boolean all) {
        Path checkpoints = layout.checkpoints();
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> folders = Files.list(checkpoints)) {
                Optional<Path> newest = folders.filter(p -> RunLayout.isCheckpointName(p.getFileName().toString()))
                        .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
                if (newest.isPresent() && !newest.get().getFileName().toString().equals(uploadedCheckpoint)) {
                    store.uploadCheckpoint(kind, id, newest.get());
                    uploadedCheckpoint = newest.get().getFileName().toString();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String name : all ? List.of(RunLayout.PROGRESS, RunLayout.LOG) : List.of(RunLayout.PROGRESS)) {
            Path f = layout.dir().resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    store.writeText(store.runFile(kind, id, name), Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private String uploadedCheckpoint;
}
