package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PyTorch's default initialization: every conv and linear parameter uniform in +-1/sqrt(fan_in). */
class WeightInitTest {

    @ParameterizedTest
    @ValueSource(strings = {"nb201", "darts"})
    void pytorchInitIsUniformWithinOneOverSqrtFanIn(String space) {
        Engine.getInstance().setRandomSeed(7);
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        Supernets.Config config = new Supernets.Config(8, space.equals("nb201") ? 1 : 3, 10, 1, WeightInit.PYTORCH);
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Supernets.create(org.geonas.core.space.SearchSpaces.byId(space), config);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            int checked = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                NDArray a = p.getValue().getArray();
                Shape s = a.getShape();
                boolean weight = p.getValue().getType() == Parameter.Type.WEIGHT && s.dimension() >= 2;
                boolean classifierBias = p.getKey().contains("classifier") && p.getValue().getType() == Parameter.Type.BIAS;
                if (!weight && !classifierBias) {
                    continue;
                }
                long fanIn = weight ? s.size() / s.get(0) : net.getParameters().get(p.getKey().replace("bias", "weight"))
                        .getArray().getShape().get(1);
                double bound = 1 / Math.sqrt(fanIn);
                float[] v = a.toFloatArray();
                double max = 0;
                double sumSq = 0;
                for (float x : v) {
                    max = Math.max(max, Math.abs(x));
                    sumSq += x * x;
                }
                assertTrue(max <= bound * (1 + 1e-6), p.getKey() + " max " + max + " > bound " + bound);
                if (v.length >= 200) {
                    // the standard deviation of U(-b, b) is b / sqrt(3)
                    assertEquals(bound / Math.sqrt(3), Math.sqrt(sumSq / v.length), 0.15 * bound / Math.sqrt(3),
                            p.getKey());
                }
                checked++;
            }
            assertTrue(checked > 3, "checked " + checked + " parameters");
        }
    }
}
