package org.geonas.core.run;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * The exit codes of GeoNAS processes, the one table of them: a run's JVM ({@link RunMain}) and
 * the {@code geonas} commands end with these, a sweep's supervisor ({@code ChildRun}) reads them
 * back, and the commands' help lists them from here. Any other code is an accident (a signal, a
 * crash of the JVM), never an answer.
 */
public enum ExitStatus {
    SUCCEEDED(0, true, "succeeded"),
    FAILED(1, true, "failed while running (a run records why in result.json)"),
    BAD_INPUT(2, true, "bad input: one line saying what and where, before any work starts"),
    DIVERGED(3, true, "the run diverged (a NaN or infinite loss; recorded in result.json)"),
    ENGINE_CHECK(4, true, "the engine check found wrongly computed ops that no instruction-set cap routes around"),
    /**
     * A sweep whose runs did not all finish. A diverged run counts as finished: its divergence is
     * what the search did with that configuration, recorded in the tables like any result, and a
     * re-submission would not run it again; failed runs are tried again.
     */
    RUNS_FAILED(5, true, "some runs of the sweep failed (diverged runs count as finished); a re-submission tries "
            + "them again"),
    /**
     * Killed by SIGKILL (128 + 9, as shells and Java report it): the kernel's out-of-memory killer,
     * a user, or a run JVM ending itself this way because its supervisor went away. Not an answer:
     * a sweep starts the run again from its last checkpoint.
     */
    KILLED(137, false, "killed (SIGKILL); a sweep starts such a run again from its last checkpoint");

    /** Codes above this are a signal's: 128 + its number. */
    private static final int SIGNAL_BASE = 128;

    private final int code;
    private final boolean isFinal;
    private final String meaning;

    ExitStatus(int code, boolean isFinal, String meaning) {
        this.code = code;
        this.isFinal = isFinal;
        this.meaning = meaning;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }

    /** What the code means, as the help and the README say it. */
    public String meaning() {
        return meaning;
    }

    /**
     * Whether this is the process's deliberate final answer, so a supervisor must not start it
     * again; an accident ({@link #KILLED}, or a code with no status, such as another signal's or
     * a crashed JVM's) is worth another attempt.
     */
    public boolean isFinal() {
        return isFinal;
    }

    /** The status of an exit code, or empty for one no GeoNAS process ends with (another signal's, a crash's). */
    public static Optional<ExitStatus> fromCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }

    /** Whether a process that ended with {@code code} gave a final answer (see {@link #isFinal}). */
    public static boolean isFinal(int code) {
        return fromCode(code).map(ExitStatus::isFinal).orElse(false);
    }

    /** The exit status of one run that produced a result: succeeded, diverged or failed. */
    public static ExitStatus of(RunResult result) {
        return switch (result.status()) {
            case SUCCEEDED -> SUCCEEDED;
            case DIVERGED -> DIVERGED;
            case FAILED -> FAILED;
        };
    }

    /**
     * The exit status of a sweep: {@link #SUCCEEDED} when every run (searches and trainings alike)
     * finished, else {@link #RUNS_FAILED}.
     */
    public static ExitStatus ofSweep(Collection<? extends StageResult> results) {
        return results.stream().allMatch(StageResult::isComplete) ? SUCCEEDED : RUNS_FAILED;
    }

    /** An exit code in words for messages: {@code " (signal 9, killed)"} for a signal's, else empty. */
    public static String describe(int code) {
        return code > SIGNAL_BASE ? " (signal " + (code - SIGNAL_BASE) + (code == KILLED.code ? ", killed" : "") + ")" : "";
    }
}
