package org.geonas.core.evaluate;

import org.geonas.core.data.ImageSet;

/**
 * The images a training uses, already resized and normalized (both with the training images'
 * channel statistics).
 *
 * @param train the training images (augmented batch by batch)
 * @param test the images of each epoch's evaluation and of the final test error
 */
public record TrainData(ImageSet train, ImageSet test) {

    public TrainData {
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()
                || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("training and test images differ in shape or classes");
        }
    }

    public int numClasses() {
        return train.numClasses();
    }
}
