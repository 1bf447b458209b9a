package org.geonas.core.search;

import org.geonas.core.config.Choice;

/** Which images a bilevel search gives the network weights and which the architecture. */
public enum SearchSplit implements Choice {
    /** The training images cut in two: the first half trains the weights, the second the architecture. */
    HALVES("halves"),
    /**
     * NAS-Bench-201's split files, as its searches and the GAEA reference use them ({@link
     * org.geonas.core.data.Nb201Splits}): cifar10 the {@code train} / {@code valid} halves of its training
     * set; cifar100 and imagenet16-120 all training images / the {@code xvalid} half of the test set.
     */
    NB201("nb201");

    private final String id;

    SearchSplit(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
