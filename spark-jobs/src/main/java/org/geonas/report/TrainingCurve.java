package org.geonas.report;

import java.util.List;

/**
 * The learning curve of one training of the evaluation stage: a search run's genotype trained from scratch
 * with one seed.
 *
 * @param key the method of the search run, in its panel
 * @param evalDataset the dataset trained and tested on
 * @param runId the search run
 * @param seed the training's seed
 * @param points test error (percent) after each epoch
 */
public record TrainingCurve(MethodKey key, String evalDataset, String runId, long seed, List<Point> points) {

    public TrainingCurve {
        points = List.copyOf(points);
    }

    /** @param epoch 0-based, as in the curve column */
    public record Point(int epoch, double testError) {
    }
}
