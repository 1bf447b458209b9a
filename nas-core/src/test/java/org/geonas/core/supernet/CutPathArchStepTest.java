package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.geonas.core.optim.ArchSample;
import org.geonas.core.search.SgdMomentum;
import org.geonas.core.search.SupernetStepper;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Nb201Space;
import org.junit.jupiter.api.Test;

/** A sampled architecture with none on every edge into the last node has no path to the loss: zero gradient. */
class CutPathArchStepTest {

    @Test
    void archStepOnAnArchitectureThatIgnoresItsWeightsGivesZeroGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Nb201Supernet net = Nb201Supernet.builder().optChannels(4).optCells(1).setClasses(10).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 8, 8));
            SgdMomentum sgd = new SgdMomentum(net.getParameters().values().stream().filter(Parameter::requiresGradient)
                    .toList(), manager, 0.9, 3e-4, 5.0);
            SupernetStepper stepper = new SupernetStepper(net, new ParameterStore(manager, false), sgd,
                    Nb201Space.INSTANCE);
            // edges 3<-0, 3<-1, 3<-2 (indices 3, 4, 5) draw none; the others a conv
            ArchSample cut = ArchSample.oneHot(Nb201Space.INSTANCE, Map.of(CellType.NORMAL, new int[] {3, 3, 2, 0, 0, 0}),
                    null, Double.NaN);
            int[] labels = {0, 1, 2, 3};
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.randomNormal(new Shape(4, 3, 8, 8));
                SupernetStepper.ArchStepResult r = stepper.archStep(x, scope.create(labels).oneHot(10), labels, cut);
                assertTrue(Double.isFinite(r.stats().loss()));
                for (int e = 0; e < 6; e++) {
                    for (double g : r.gradient().ops().row(CellType.NORMAL, e)) {
                        assertEquals(0.0, g, 0.0);
                    }
                }
            }
        }
    }
}
