package org.geonas.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.util.SerializableConfiguration;
import org.geonas.core.run.RunKind;
import org.geonas.core.run.RunLayout;
import org.geonas.core.run.StageResult;

/**
 * The run folders of a sweep output on any Hadoop FileSystem: {@code <output>/runs/<run_id>/}
 * holds a search run's files and {@code <output>/evaluations/<train_id>/} a training's, both under
 * {@link RunLayout}'s names ({@code result.json}, {@code progress.json}, {@code checkpoints/}, ...);
 * the tables live in {@code <output>/tables/}. Serializable, so executors reach the same store.
 */
public final class RunStore implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String output;
    private final SerializableConfiguration conf;

    /** Qualifies {@code output} here (on the driver), so executors with another working folder see the same place. */
    public RunStore(String output, Configuration conf) {
        this.conf = new SerializableConfiguration(conf);
        try {
            Path p = new Path(output);
            this.output = p.getFileSystem(conf).makeQualified(p).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + output + ": " + e.getMessage(), e);
        }
    }

    public FileSystem fs() {
        try {
            return new Path(output).getFileSystem(conf.value());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + output + ": " + e.getMessage(), e);
        }
    }

    /** The fully qualified output root. */
    public Path root() {
        return fs().makeQualified(new Path(output));
    }

    /** Whether the output is on the local file system, where runs can write their folders directly. */
    public boolean isLocal() {
        return "file".equals(root().toUri().getScheme());
    }

    /** The folder under the output that holds the folders of one kind of run. */
    public static String folder(RunKind kind) {
        return switch (kind) {
            case SEARCH -> "runs";
            case TRAINING -> "evaluations";
        };
    }

    /** The folder of one run (a search's run id or a training's train id). */
    public Path runDir(RunKind kind, String id) {
        return new Path(root(), folder(kind) + "/" + id);
    }

    /** A file of a run's folder, named by {@link RunLayout}. */
    public Path runFile(RunKind kind, String id, String name) {
        return new Path(runDir(kind, id), name);
    }

    public Path tablesDir() {
        return new Path(root(), "tables");
    }

    /** The run folder as a local path (only for a local output). */
    public java.nio.file.Path localRunDir(RunKind kind, String id) {
        return java.nio.file.Path.of(runDir(kind, id).toUri());
    }

    /** The result of a run, if it wrote one that parses. */
    public Optional<StageResult> result(RunKind kind, String id) {
        return readText(runFile(kind, id, RunLayout.RESULT)).flatMap(text -> {
            try {
                return Optional.of(kind.parseResult(text));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // a torn or foreign file: the run is not done
            }
        });
    }

    /** Text of a small file, if it exists. */
    public Optional<String> readText(Path file) {
        FileSystem fs = fs();
        try {
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(file)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes a small file through a temporary name and a rename. */
    public void writeText(Path file, String text) {
        FileSystem fs = fs();
        Path tmp = new Path(file.getParent(), "." + file.getName() + RunLayout.TMP_SUFFIX);
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(file, false);
            if (!fs.rename(tmp, file)) {
                throw new IOException("rename failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies a local checkpoint folder up as {@code checkpoints/<name>} and removes older ones. */
    public void uploadCheckpoint(RunKind kind, String runId, java.nio.file.Path localFolder) {
        FileSystem fs = fs();
        Path dir = runFile(kind, runId, RunLayout.CHECKPOINTS);
        Path target = new Path(dir, localFolder.getFileName().toString());
        Path tmp = new Path(dir, localFolder.getFileName() + RunLayout.TMP_SUFFIX);
        try {
            fs.delete(tmp, true);
            fs.copyFromLocalFile(false, true, new Path(localFolder.toUri()), tmp);
            fs.delete(target, true);
            fs.rename(tmp, target);
            for (FileStatus old : fs.listStatus(dir)) {
                if (!old.getPath().getName().equals(target.getName())) {
                    fs.delete(old.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload checkpoint of " + kind.noun() + " " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Copies the newest complete remote checkpoint into {@code localCheckpoints}, if there is one. */
    public void downloadLatestCheckpoint(RunKind kind, String runId, java.nio.file.Path localCheckpoints) {
        FileSystem fs = fs();
        Path dir = runFile(kind, runId, RunLayout.CHECKPOINTS);
        try {
            if (!fs.exists(dir)) {
                return;
            }
            Optional<FileStatus> latest = Arrays.stream(fs.listStatus(dir))
                    .filter(s -> RunLayout.isCheckpointName(s.getPath().getName()))
                    .max(Comparator.comparing(s -> s.getPath().getName()));
            if (latest.isPresent()) {
                java.nio.file.Files.createDirectories(localCheckpoints);
                fs.copyToLocalFile(false, latest.get().getPath(),
                        new Path(localCheckpoints.resolve(latest.get().getPath().getName()).toUri()), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch checkpoint of " + kind.noun() + " " + runId + ": " + e.getMessage(), e);
        }
    }

    public String output() {
        return output;
    }
}
