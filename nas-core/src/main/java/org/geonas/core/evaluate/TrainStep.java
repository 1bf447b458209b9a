package org.geonas.core.evaluate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.geonas.core.search.CrossEntropy;
import org.geonas.core.search.SgdMomentum;

/**
 * One training step and one evaluation pass of the evaluation network: the loss is the main
 * head's cross-entropy plus {@code auxiliaryWeight} times the auxiliary head's, backward, then
 * SGD with momentum, weight decay and the gradient-norm clip ({@link SgdMomentum}).
 */
public final class TrainStep {

    private final NetworkCifar net;
    private final ParameterStore ps;
    private final SgdMomentum sgd;
    private final double auxiliaryWeight;

    /** The figures of a pass: the main head's mean loss, how many were right, of how many. */
    public record Stats(double loss, int correct, int size) {
    }

    public TrainStep(NetworkCifar net, ParameterStore ps, SgdMomentum sgd, double auxiliaryWeight) {
        this.net = net;
        this.ps = ps;
        this.sgd = sgd;
        this.auxiliaryWeight = auxiliaryWeight;
    }

    /**
     * Forward, backward and an SGD step at learning rate {@code lr}. The arrays (and the drop-path
     * masks) belong to the caller's step manager, which must stay open until this returns.
     *
     * @return the statistics; a NaN loss when the loss or the gradients were not finite (nothing updated then)
     */
    public Stats step(NDArray x, NDArray oneHot, int[] labels, DropPath dropPath, double lr) {
        sgd.zeroGradients();
        Stats stats;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NetworkCifar.Output out = net.forward(ps, x, dropPath, true);
            NDArray loss = CrossEntropy.loss(out.logits(), oneHot);
            NDArray total = loss;
            if (out.auxLogits() != null && auxiliaryWeight > 0) {
                // the weight as an array of the step's manager: no Java scalar inside the collector
                NDArray weight = x.getManager().create(auxiliaryWeight).toType(loss.getDataType(), false);
                total = loss.add(CrossEntropy.loss(out.auxLogits(), oneHot).mul(weight));
            }
            collector.backward(total);
            stats = new Stats(scalar(loss), CrossEntropy.correct(out.logits(), labels), labels.length);
        }
        if (Double.isFinite(stats.loss()) && !Double.isFinite(sgd.step(lr))) {
            return new Stats(Double.NaN, stats.correct(), stats.size());
        }
        return stats;
    }

    /** The name of the first parameter whose gradient was not finite at the last step, or null. */
    public String lastNonFiniteGradient() {
        return sgd.lastNonFiniteGradient() == null ? null : sgd.lastNonFiniteGradient().getName();
    }

    /** Loss and accuracy in inference mode (running batch-norm statistics, no auxiliary head, no drop path). */
    public Stats evaluate(NDArray x, NDArray oneHot, int[] labels) {
        NetworkCifar.Output out = net.forward(ps, x, DropPath.none(), false);
        try (NDArray loss = CrossEntropy.loss(out.logits(), oneHot)) {
            return new Stats(scalar(loss), CrossEntropy.correct(out.logits(), labels), labels.length);
        }
    }

    private static double scalar(NDArray a) {
        return a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64 ? a.getDouble() : a.getFloat();
    }
}
