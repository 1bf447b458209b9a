package org.geonas.core.supernet;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import org.geonas.core.config.Choice;

/** How a supernet's conv and linear parameters start. BN starts at scale 1, shift 0 either way. */
public enum WeightInit implements Choice {
    /** He-normal weights (std sqrt(2 / fan_in)), zero classifier bias. */
    HE_NORMAL("he-normal") {
        @Override
        public void apply(AbstractBlock net, Linear classifier, long classifierFanIn) {
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
        }
    },
    /**
     * PyTorch's defaults, which the GAEA reference runs with: conv and linear weights and the
     * classifier bias uniform in +-1/sqrt(fan_in) (kaiming-uniform with a = sqrt(5)).
     */
    PYTORCH("pytorch") {
        @Override
        public void apply(AbstractBlock net, Linear classifier, long classifierFanIn) {
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
            classifier.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(classifierFanIn))),
                    Parameter.Type.BIAS);
        }
    };

    private final String id;

    WeightInit(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Sets the initializers of a network's conv and linear parameters and its classifier's bias; called once its blocks exist. */
    public abstract void apply(AbstractBlock net, Linear classifier, long classifierFanIn);
}
