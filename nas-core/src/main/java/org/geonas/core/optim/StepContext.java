package org.geonas.core.optim;

/**
 * Where in the search a sample is drawn: its random seed (derived from the run seed, epoch and
 * step, so a resumed run draws the same samples) and the epoch, for schedules such as GDAS'
 * temperature.
 *
 * @param seed seed of this draw
 * @param epoch 0-based epoch
 * @param epochs epochs in the run
 * @param warmupEpochs epochs at the start without architecture steps (GDAS holds its temperature)
 */
public record StepContext(long seed, int epoch, int epochs, int warmupEpochs) {

    /** A context without architecture warm-up. */
    public StepContext(long seed, int epoch, int epochs) {
        this(seed, epoch, epochs, 0);
    }
}
