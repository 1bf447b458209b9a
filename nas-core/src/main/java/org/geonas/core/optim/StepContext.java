package org.geonas.core.optim;

/**
 * Where in the search a sample is drawn: its random seed (derived from the run seed, epoch and
 * step, so a resumed run draws the same samples) and the epoch, for schedules such as GDAS'
 * temperature.
 *
 * @param seed seed of this draw
 * @param epoch 0-based epoch
 * @param epochs epochs in the run
 */
public record StepContext(long seed, int epoch, int epochs) {
}
