package org.geonas.core.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The per-sample masks of drop path for one training step: each op output of a cell (the
 * identities excepted) is multiplied by its own mask, 0 for a dropped sample and {@code 1/keep}
 * for a kept one (Bernoulli with {@code keep = 1 - p}), as the DARTS code's {@code drop_path}.
 *
 * <p>The masks are drawn here, in Java, from a generator seeded for the step rather than by the
 * engine, so that they do not depend on the thread count or on what else ran in the process. The
 * arrays are made in the step's manager, which must stay open until backward has run (autograd
 * keeps the masks).
 */
public final class DropPath {

    private final double probability;
    private final SplittableRandom random;
    private final NDManager manager;

    private DropPath(double probability, long seed, NDManager manager) {
        this.probability = probability;
        this.random = new SplittableRandom(seed);
        this.manager = manager;
    }

    /** Drop path with probability {@code p} in [0, 1), masks from {@code seed}, made in {@code manager}. */
    public static DropPath of(double probability, long seed, NDManager manager) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("drop path probability must be in [0, 1), got " + probability);
        }
        return new DropPath(probability, seed, manager);
    }

    /** No drop path (evaluation, or probability 0). */
    public static DropPath none() {
        return new DropPath(0, 0, null);
    }

    /** Whether masks are applied at all. */
    public boolean active() {
        return probability > 0;
    }

    /** The drop probability. */
    public double probability() {
        return probability;
    }

    /** The next mask for a batch of {@code batch} samples, shape (batch, 1, 1, 1), in the given type. */
    public NDArray nextMask(long batch, ai.djl.ndarray.types.DataType type) {
        if (!active()) {
            throw new IllegalStateException("drop path is off");
        }
        double keep = 1 - probability;
        double[] values = new double[Math.toIntExact(batch)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < keep ? 1 / keep : 0;
        }
        Shape shape = new Shape(batch, 1, 1, 1);
        try (NDArray mask = manager.create(values, shape)) {
            // cloned into the engine's memory: autograd keeps the mask, which must not point into a Java buffer
            return mask.toType(type, true);
        }
    }
}
