package org.geonas.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine check over every supernet shape the project runs (tests, quickstart, the README's
 * benchmark shapes; conf/engine-shapes.yaml) under this JVM's cap, at 1 and 2 threads; that the
 * check fails on a wrong op; and that its float64 reference is right (a direct convolution in Java).
 */
class EngineCheckTest {

    static Map<String, ShapeSet> shapeSets() {
        return ShapeSet.read(Path.of(System.getProperty("geonas.project.dir", "..")).resolve("conf/engine-shapes.yaml"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyOpOfEveryProjectShapeAgreesWithFloat64(int threads) {
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        try {
            List<SupernetShape> shapes = new ArrayList<>();
            shapeSets().values().forEach(set -> shapes.addAll(set.shapes()));
            EngineReport report = EngineGuard.check(shapes, List.of(EngineGuard.CHECK_BATCH), EngineGuard.CHECK_REPS,
                    Device.cpu(), EngineGuard.environmentCap(), "test");
            assertEquals(threads, report.threads());
            assertTrue(report.passed(), report.summary());
            // every kind of op the cells use was checked, the convolutions with their input gradients
            assertTrue(report.worstByOp().keySet().containsAll(List.of("relu", "batch_norm train", "avg_pool k3 s1 p1",
                    "max_pool k3 s1 p1", "global_avg_pool", "linear", "log_softmax")), report.worstByOp().keySet()::toString);
            // only the stems' convolutions of the images go without an input gradient
            assertTrue(report.verdicts().stream().filter(v -> v.op().startsWith(OpCase.CONV))
                    .allMatch(v -> !Double.isNaN(v.inputGradient()) || v.shape().matches("\\(4,[13],.*")));
            assertTrue(report.verdicts().stream().anyMatch(v -> v.op().startsWith("conv2d k5 s1 p4 d2")),
                    "the DARTS dilated convolutions are checked");
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    @Test
    void theNb201CellsFusedKernelsAreChecked() {
        List<String> convs = new SupernetShape("nb201", 4, 1, 1, 10, 3, 8).opCases(4, Device.cpu()).stream()
                .filter(c -> c.op().startsWith(OpCase.CONV)).map(OpCase::describe).toList();
        // node 0 feeds 3 edges (12 filters), node 1 two, node 2 one; a single edge's block alone too
        for (String w : List.of("(12,4,3,3)", "(8,4,3,3)", "(4,4,3,3)", "(12,4,1,1)", "(4,4,1,1)")) {
            assertTrue(convs.contains("conv2d k" + w.charAt(w.length() - 2) + " s1 p" + (w.endsWith("3,3)") ? 1 : 0)
                    + " d1 g1 (4,4,8,8) " + w), w + " in " + convs);
        }
    }

    @Test
    void aWrongOpFailsAndANonFiniteOneCountsAsInfinitelyWrong() {
        Shape x = new Shape(2, 3);
        OpCase slightlyOff = new OpCase("scaled", List.of(x), List.of(true),
                in -> in.get(0).getDataType() == DataType.FLOAT32 ? in.get(0).mul(1.001f) : in.get(0));
        OpCase nan = new OpCase("nan grad", List.of(x), List.of(true),
                in -> in.get(0).getDataType() == DataType.FLOAT32 ? in.get(0).sqrt().sqrt() : in.get(0));
        List<OpVerdict> verdicts = EngineCheck.run(List.of(slightlyOff, nan), 2, 1L, Device.cpu());
        assertFalse(verdicts.get(0).passed());
        assertEquals(1e-3, verdicts.get(0).forward(), 1e-5);
        assertFalse(verdicts.get(1).passed());
        assertEquals(Double.POSITIVE_INFINITY, verdicts.get(1).maxError());
        EngineReport report = new EngineReport(Isa.ALL, "test", 2, "cpu", "2.7.1", List.of(), List.of(4), 2,
                verdicts, 0.1);
        assertTrue(report.summary().startsWith("engine check FAILED: 2 of 2 op shapes, ISA cap ALL (test), 2 threads"
                + " wrong, first scaled (2,3): output off by 0.0010 relative"), report.summary());
    }

    @Test
    void relativeErrorIsScaledByTheReferenceAndInfiniteForNonFiniteValues() {
        assertEquals(0.5, EngineCheck.relativeError(new double[] {1, 3}, new double[] {1, 2}), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, EngineCheck.relativeError(new double[] {Double.NaN}, new double[] {1}));
        assertEquals(Double.POSITIVE_INFINITY, EngineCheck.relativeError(new double[] {1}, new double[] {1, 2}));
    }

    /**
     * libtorch's float64 convolution, the check's reference, against a direct convolution in Java:
     * output, input gradient and weight gradient, with stride, padding, dilation and groups.
     */
    @ParameterizedTest
    @ValueSource(strings = {"3 1 1 1 1", "3 2 1 1 1", "1 1 0 1 1", "5 1 4 2 1", "3 1 1 1 4", "3 2 1 1 2"})
    void float64ReferenceMatchesADirectConvolution(String args) {
        int[] a = java.util.Arrays.stream(args.split(" ")).mapToInt(Integer::parseInt).toArray();
        int k = a[0];
        int stride = a[1];
        int pad = a[2];
        int dil = a[3];
        int groups = a[4];
        int n = 2;
        int cin = 4;
        int cout = 8;
        int h = 7;
        OpCase conv = OpCase.conv(new Shape(n, cin, h, h), cout, k, stride, pad, dil, groups, true);
        SplittableRandom random = new SplittableRandom(7);
        double[] x = random.doubles(n * cin * h * h, -1, 1).toArray();
        double[] w = random.doubles(cout * (cin / groups) * k * k, -1, 1).toArray();
        int ho = (h + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        double[] g = random.doubles(n * cout * ho * ho, -1, 1).toArray();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray xa = m.create(x, conv.inputs().get(0));
            NDArray wa = m.create(w, conv.inputs().get(1));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            double[] y;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray out = conv.function().apply(new NDList(xa, wa));
                assertEquals(new Shape(n, cout, ho, ho), out.getShape());
                c.backward(out.mul(m.create(g, out.getShape())).sum());
                y = out.toDoubleArray();
            }
            double[] dx = new double[x.length];
            double[] dw = new double[w.length];
            double[] yRef = new double[g.length];
            int cpg = cin / groups;
            int opg = cout / groups;
            for (int b = 0; b < n; b++) {
                for (int o = 0; o < cout; o++) {
                    int grp = o / opg;
                    for (int i = 0; i < ho; i++) {
                        for (int j = 0; j < ho; j++) {
                            int yi = ((b * cout + o) * ho + i) * ho + j;
                            for (int c = 0; c < cpg; c++) {
                                int ci = grp * cpg + c;
                                for (int p = 0; p < k; p++) {
                                    for (int q = 0; q < k; q++) {
                                        int r = i * stride - pad + p * dil;
                                        int s = j * stride - pad + q * dil;
                                        if (r < 0 || s < 0 || r >= h || s >= h) {
                                            continue;
                                        }
                                        int xi = ((b * cin + ci) * h + r) * h + s;
                                        int wi = ((o * cpg + c) * k + p) * k + q;
                                        yRef[yi] += x[xi] * w[wi];
                                        dx[xi] += g[yi] * w[wi];
                                        dw[wi] += g[yi] * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertTrue(EngineCheck.relativeError(y, yRef) < 1e-12);
            assertTrue(EngineCheck.relativeError(xa.getGradient().toDoubleArray(), dx) < 1e-12);
            assertTrue(EngineCheck.relativeError(wa.getGradient().toDoubleArray(), dw) < 1e-12);
        }
    }
}
