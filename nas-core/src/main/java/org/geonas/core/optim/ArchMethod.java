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
    DARTS(SoftmaxAdam.METHOD, 3e-4, 1e-3) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new SoftmaxAdam(space, lr, 0.5, 0.999, weightDecay, seed);
        }
    },
    /** GAEA: exponentiated gradient on the simplex. */
    GAEA(ExponentiatedGradient.METHOD, 0.1, 0.0) {
        @Override
        public ArchOptimizer create(SearchSpace space, double lr, double weightDecay, long seed) {
            return new ExponentiatedGradient(space, lr, weightDecay);
        }
    };

    private final String id;
    private final double defaultLr;
    private final double defaultWeightDecay;

    ArchMethod(String id, double defaultLr, double defaultWeightDecay) {
        this.id = id;
        this.defaultLr = defaultLr;
        this.defaultWeightDecay = defaultWeightDecay;
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
