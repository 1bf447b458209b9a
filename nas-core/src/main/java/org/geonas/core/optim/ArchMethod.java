package org.geonas.core.optim;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.geonas.core.space.SearchSpace;

/**
 * The architecture-search methods by the id used in specs, each with its default
 * hyper-parameters (from the GAEA and DARTS papers' public code) and its optimizer factory.
 */
public enum ArchMethod {
    /** DARTS: softmax over logits, Adam (betas 0.5, 0.999). */
    DARTS(SoftmaxAdam.METHOD, 3e-4, 1e-3, 1) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new SoftmaxAdam(space, lr, 0.5, 0.999, weightDecay, seed);
        }
    },
    /** GAEA: exponentiated gradient on the simplex. */
    GAEA(ExponentiatedGradient.METHOD, 0.1, 0.0, 1) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new ExponentiatedGradient(space, lr, weightDecay);
        }
    },
    /** PC-DARTS: DARTS on 1/4 of the channels, plus softmax edge normalization. */
    PCDARTS("pcdarts", 3e-4, 1e-3, 4) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new EdgeNormalized(DARTS.create(space, lr, weightDecay, seed), space, id(), false, lr, weightDecay,
                    seed);
        }
    },
    /** GAEA PC-DARTS: exponentiated gradient on the op simplices and on each node's edge simplex. */
    GAEA_PCDARTS("gaea-pcdarts", 0.1, 0.0, 4) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new EdgeNormalized(GAEA.create(space, lr, weightDecay, seed), space, id(), true, lr, weightDecay,
                    seed);
        }
    },
    /** GDAS: Gumbel-softmax sampling of one op per edge over softmax logits (Adam). */
    GDAS("gdas", 3e-4, 1e-3, 1) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new GumbelSampling(DARTS.create(space, lr, weightDecay, seed), space, id());
        }

        @Override
        public boolean runsSampledArchitectures() {
            return true;
        }
    },
    /** GAEA GDAS: the same sampling over simplex weights updated by exponentiated gradient. */
    GAEA_GDAS("gaea-gdas", 0.01, 0.01, 1) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new GumbelSampling(GAEA.create(space, lr, weightDecay, seed), space, id());
        }

        @Override
        public boolean runsSampledArchitectures() {
            return true;
        }
    },
    /** Random search with weight sharing: uniform architectures; the best sampled one by validation at the end. */
    RSWS(RandomSampling.METHOD, 1.0, 0.0, 1) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new RandomSampling(space);
        }

        @Override
        public boolean selectsByValidation() {
            return true;
        }

        @Override
        public boolean runsSampledArchitectures() {
            return true;
        }
    };

    private final String id;
    private final double defaultLr;
    private final double defaultWeightDecay;

    private final int partialChannels;

    ArchMethod(String id, double defaultLr, double defaultWeightDecay, int partialChannels) {
        this.id = id;
        this.defaultLr = defaultLr;
        this.defaultWeightDecay = defaultWeightDecay;
        this.partialChannels = partialChannels;
    }

    /** K of partial channel connections: 1/K of each edge's channels go through its mixed op (1 = all). */
    public int partialChannels() {
        return partialChannels;
    }

    /** Whether the final architecture is the best of sampled candidates by shared-weight validation accuracy. */
    public boolean selectsByValidation() {
        return false;
    }

    /**
     * Whether each step runs one sampled discrete architecture (GDAS, random search) rather than
     * the mixture; such a method's validation accuracy is that of its derived architecture.
     */
    public boolean runsSampledArchitectures() {
        return false;
    }

    /** A fresh optimizer at the method's starting point. */
    public abstract ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed);

    public String id() {
        return id;
    }

    public double defaultLr() {
        return defaultLr;
    }

    public double defaultWeightDecay() {
        return defaultWeightDecay;
    }

    /** The method with this id, or an error listing the known ids. */
    public static ArchMethod fromId(String id) {
        for (ArchMethod method : values()) {
            if (method.id.equals(id)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown method '" + id + "'; known: "
                + Arrays.stream(values()).map(ArchMethod::id).collect(Collectors.joining(", ")));
    }
}
