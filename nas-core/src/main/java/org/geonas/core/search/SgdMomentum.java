package org.geonas.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum and L2 weight decay for the network weights (PyTorch semantics:
 * {@code g += wd * p; buf = mu * buf + g; p -= lr * buf}), after clipping the global gradient
 * norm. Written here rather than taken from a DJL {@code Trainer} because its momentum buffers
 * must go into checkpoints, and architecture parameters must stay out of it.
 */
public final class SgdMomentum {

    private final List<Parameter> parameters;
    private final double momentum;
    private final double weightDecay;
    private final double maxGradNorm;
    private final List<NDArray> buffers = new ArrayList<>();
    private Parameter nonFinite;

    /**
     * @param parameters the trainable parameters, in a stable order
     * @param manager owns the momentum buffers
     */
    public SgdMomentum(List<Parameter> parameters, NDManager manager, double momentum, double weightDecay,
            double maxGradNorm) {
        this.parameters = List.copyOf(parameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.maxGradNorm = maxGradNorm;
        for (Parameter p : this.parameters) {
            buffers.add(manager.zeros(p.getArray().getShape(), p.getArray().getDataType()));
        }
    }

    /** Makes the next backward pass write fresh gradients instead of adding to the last ones. */
    public void zeroGradients() {
        for (Parameter p : parameters) {
            NDArray w = p.getArray();
            if (w instanceof ai.djl.pytorch.engine.PtNDArray pt) {
                // libtorch's own zero_() on the gradient: g - g would keep NaN or infinity, and a
                // gradient buffer that libtorch allocated but never wrote may hold either
                ai.djl.pytorch.jni.JniUtils.zeroGrad(pt);
            } else {
                try (NDArray g = w.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /** Whether backward computes gradients of the weights (off for an architecture step). */
    public void setGradientsEnabled(boolean enabled) {
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(enabled);
        }
    }

    /**
     * The first parameter whose gradient was not finite (or whose squares overflowed) at the last
     * {@link #step}, or null.
     */
    public Parameter lastNonFiniteGradient() {
        return nonFinite;
    }

    /**
     * Clips the global gradient norm, then takes one step.
     *
     * @return the gradient norm before clipping; NaN or infinite if the gradients were, in which
     *     case nothing was changed
     */
    public double step(double lr) {
        List<NDArray> grads = new ArrayList<>(parameters.size());
        double sumSquares = 0;
        nonFinite = null;
        for (Parameter p : parameters) {
            NDArray g = p.getArray().getGradient();
            grads.add(g);
            try (NDArray sq = g.square().sum()) {
                double s = sq.getDataType() == DataType.FLOAT64 ? sq.getDouble() : sq.getFloat();
                if (!Double.isFinite(s) && nonFinite == null) {
                    nonFinite = p;
                }
                sumSquares += s;
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (!Double.isFinite(norm)) {
            // a NaN or infinite gradient: leave the weights as they were; the caller ends the run
            grads.forEach(NDArray::close);
            return norm;
        }
        double scale = norm > maxGradNorm ? maxGradNorm / (norm + 1e-6) : 1.0;
        float lrF = (float) lr;
        float wdF = (float) weightDecay;
        float muF = (float) momentum;
        float scaleF = (float) scale;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDArray g = grads.get(i);
            NDArray buf = buffers.get(i);
            if (scale != 1.0) {
                g.muli(scaleF);
            }
            try (NDArray decay = w.mul(wdF)) {
                g.addi(decay);
            }
            buf.muli(muF).addi(g);
            try (NDArray delta = buf.mul(lrF)) {
                w.subi(delta);
            }
            g.close();
        }
        return norm;
    }

    /** The momentum buffers, for a checkpoint. */
    public byte[] encodeState() {
        return new NDList(buffers).encode();
    }

    /** Restores buffers written by {@link #encodeState()}. */
    public void restoreState(NDManager manager, byte[] encoded) {
        NDList list = NDList.decode(manager, encoded);
        if (list.size() != buffers.size()) {
            throw new IllegalArgumentException("checkpoint has " + list.size() + " momentum buffers, the network "
                    + buffers.size() + "; was it written by a different network configuration?");
        }
        for (int i = 0; i < buffers.size(); i++) {
            if (!list.get(i).getShape().equals(buffers.get(i).getShape())) {
                throw new IllegalArgumentException("momentum buffer " + i + " has shape " + list.get(i).getShape()
                        + ", expected " + buffers.get(i).getShape());
            }
            buffers.get(i).set(list.get(i).toFloatArray());
        }
        list.close();
    }
}
