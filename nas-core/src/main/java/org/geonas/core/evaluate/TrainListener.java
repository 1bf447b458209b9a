package org.geonas.core.evaluate;

/** What a training reports while it runs; every method does nothing by default. */
public interface TrainListener {

    /** After each training step: the mean training loss of the epoch so far. */
    default void onStep(int epoch, int step, int steps, double trainLoss) {
    }

    /** After each epoch's evaluation. */
    default void onEpoch(TrainEpoch epoch) {
    }

    /** A line worth showing (the engine check's verdict, a resume). */
    default void onNote(String line) {
    }
}
