package org.geonas.core.run;

import java.nio.file.Path;
import org.geonas.core.search.Checkpoint;

/**
 * The files of one run's folder, named here once: the run that writes them ({@link SearchRun},
 * {@link RunMain}, {@link ProgressFile}) and whoever supervises or collects it (a sweep's
 * {@code ChildRun} and {@code RunStore}, which keep a copy of the folder on another file system)
 * agree on these names and nothing else. The names are constants so that code on Hadoop paths
 * uses the same ones.
 *
 * @param dir the run's folder
 */
public record RunLayout(Path dir) {

    /** The outcome ({@link RunResult}), written once at the end. */
    public static final String RESULT = "result.json";
    /** The spec the run was started with, written by its supervisor. */
    public static final String SPEC = "spec.json";
    /** Where the run is ({@link RunProgress}), rewritten while it trains. */
    public static final String PROGRESS = "progress.json";
    /** The run JVM's output, each attempt's appended, written by its supervisor. */
    public static final String LOG = "run.log";
    /** The folder of the epoch checkpoints ({@link #checkpointName}). */
    public static final String CHECKPOINTS = "checkpoints";
    /** Suffix of a file being written, renamed to its own name when complete. */
    public static final String TMP_SUFFIX = ".tmp";

    public Path result() {
        return dir.resolve(RESULT);
    }

    public Path resultTmp() {
        return dir.resolve(RESULT + TMP_SUFFIX);
    }

    public Path spec() {
        return dir.resolve(SPEC);
    }

    public Path progress() {
        return dir.resolve(PROGRESS);
    }

    public Path progressTmp() {
        return dir.resolve(PROGRESS + TMP_SUFFIX);
    }

    public Path log() {
        return dir.resolve(LOG);
    }

    public Path checkpoints() {
        return dir.resolve(CHECKPOINTS);
    }

    /** The folder of epoch {@code epoch}'s checkpoint. */
    public Path checkpoint(int epoch) {
        return checkpoints().resolve(checkpointName(epoch));
    }

    /**
     * The name of an epoch's checkpoint folder, {@code epoch-NNNN}. {@link Checkpoint} (in the
     * search loop, below this package) writes the folders, so the naming is its and is only
     * passed on here.
     */
    public static String checkpointName(int epoch) {
        return Checkpoint.folderName(epoch);
    }

    /** Whether {@code name} names a complete checkpoint folder (not one being written). */
    public static boolean isCheckpointName(String name) {
        return Checkpoint.isFolderName(name);
    }
}
