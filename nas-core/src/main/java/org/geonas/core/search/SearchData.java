package org.geonas.core.search;

import org.geonas.core.data.ImageSet;

/**
 * The images a search trains and evaluates on, already resized and normalized.
 *
 * @param train the network weights' images (and the architecture's in ERM mode)
 * @param valid the architecture's images in bilevel mode, and the per-epoch evaluation images
 */
public record SearchData(ImageSet train, ImageSet valid) {

    public SearchData {
        if (train.channels() != valid.channels() || train.height() != valid.height() || train.width() != valid.width()
                || train.numClasses() != valid.numClasses()) {
            throw new IllegalArgumentException("training and validation images differ in shape or classes");
        }
    }

    public int numClasses() {
        return train.numClasses();
    }
}
