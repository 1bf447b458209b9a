package org.geonas.core.supernet;

import java.util.Map;
import org.geonas.core.space.SearchSpace;

/** Builds the supernet of a search space (one factory per space id, no string if-chains). */
public final class Supernets {

    /** The shape of a supernet to build, and how its parameters start. */
    public record Config(int channels, int cells, int classes, int partialChannels, WeightInit init) {

        /** He-normal initialization. */
        public Config(int channels, int cells, int classes, int partialChannels) {
            this(channels, cells, classes, partialChannels, WeightInit.HE_NORMAL);
        }
    }

    private interface Factory {
        Supernet create(Config config);
    }

    private static final Map<String, Factory> BY_SPACE = Map.of(
            "nb201", Supernets::nb201,
            "darts", Supernets::darts);

    private Supernets() {
    }

    /** A fresh, uninitialized supernet for the space. */
    public static Supernet create(SearchSpace space, Config config) {
        Factory factory = BY_SPACE.get(space.id());
        if (factory == null) {
            throw new IllegalArgumentException("no supernet for search space " + space.id() + " yet");
        }
        return factory.create(config);
    }

    private static Supernet darts(Config c) {
        return DartsSupernet.builder().optChannels(c.channels()).optLayers(c.cells()).setClasses(c.classes())
                .optPartialChannels(c.partialChannels()).optInit(c.init()).build();
    }

    private static Supernet nb201(Config c) {
        return Nb201Supernet.builder().optChannels(c.channels()).optCells(c.cells()).setClasses(c.classes())
                .optPartialChannels(c.partialChannels()).optInit(c.init()).build();
    }
}
