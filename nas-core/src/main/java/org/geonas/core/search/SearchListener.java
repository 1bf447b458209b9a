package org.geonas.core.search;

/** Progress callbacks of a running search; the default methods do nothing. */
public interface SearchListener {

    /** A listener that ignores everything. */
    SearchListener NONE = new SearchListener() { };

    /** After each step of an epoch. */
    default void onStep(int epoch, int step, int stepsPerEpoch, double trainLoss, double meanEntropy) {
    }

    /** After an epoch and its evaluation, before its checkpoint. */
    default void onEpoch(EpochMetrics metrics) {
    }

    /** A line for the run's log: the engine check's verdict, what made a run diverge. */
    default void onNote(String line) {
    }
}
