package org.geonas.core.run;

/**
 * The {@link RunLayout#RESULT} of a run of either stage, a search ({@link RunResult}) or the
 * training of a genotype ({@link TrainResult}): what a supervisor needs to know of it without
 * caring which, namely its id, how it ended and its JSON form.
 */
public interface StageResult {

    /** The id of the spec it ran (a run id or a train id): the name of its folder. */
    String id();

    /** Succeeded, failed or diverged. */
    RunStatus status();

    /** Why it failed or diverged, or null. */
    String error();

    /** Whether it is finished for good: succeeded or diverged (failed ones are tried again). */
    boolean isComplete();

    /** The JSON form written to {@link RunLayout#RESULT}. */
    String toJson();
}
