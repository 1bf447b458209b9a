package org.geonas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.geonas.core.optim.ArchGradient;
import org.geonas.core.optim.ArchMethod;
import org.geonas.core.optim.ArchOptimizer;
import org.geonas.core.optim.ArchOptimizerState;
import org.geonas.core.optim.ArchSample;
import org.geonas.core.optim.StepContext;
import org.geonas.core.search.GdasUnsampledOps;
import org.geonas.core.search.SgdMomentum;
import org.geonas.core.search.SupernetStepper;
import org.geonas.core.space.CellType;
import org.geonas.core.space.DartsSpace;
import org.geonas.core.space.Nb201Space;
import org.geonas.core.space.NoneExcluded;
import org.geonas.core.space.SearchSpace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production supernets, stepper and architecture optimizers against a plain PyTorch
 * formulation of the same networks ({@code src/test/python/parity_supernets.py}: one edge and one
 * op at a time, textbook batch norm, pooling and channel shuffle, GDAS's straight-through sum as
 * in the reference). Both sides start from the same weights (the Java ones, by their parameter
 * names), batches and architecture variables; compared are the loss and the gradient of the
 * optimizer's variables of one architecture step, and the loss and every weight gradient of the
 * weight step that follows it (with the architecture after the Java update). Both run in float64
 * (see {@link #PRECISION}); a tensor agrees when max|java - torch| / max|torch| is within 1e-4.
 *
 * <p>Needs Debian's PyTorch for {@code /usr/bin/python3} (package python3-torch); without it the
 * test is skipped, or fails when the environment sets {@code GEONAS_REQUIRE_TORCH=1} (CI does).
 */
class TorchParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final String PYTHON = "/usr/bin/python3";
    private static final int BATCH = 4;
    private static final int CLASSES = 10;
    private static final long SEED = 17;
    /** Epoch 2 of 4: GDAS's temperature is 10 - 9.9 * 2/3, well inside its range. */
    private static final int EPOCH = 2;
    private static final int EPOCHS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Float64, as both sides' rounding must stay far below the tolerance. In float32 every tensor
     * agrees to about 5e-6 but one: with PC-DARTS on NAS-Bench-201 at C/K = 1, a 1x1 convolution
     * of one channel into one channel feeds a batch norm that undoes its scale, so its gradient is
     * what BN's eps leaves (about 1e-6 of the largest gradients) and float32 rounding is 5e-3 of it.
     */
    private static final DataType PRECISION = DataType.FLOAT64;

    /** One supernet and method; C, cells and image size are those of the engine check's test shapes. */
    private record Case(String name, SearchSpace space, ArchMethod method, int channels, int cells, int imageSize) {
        boolean gumbel() {
            return method == ArchMethod.GDAS || method == ArchMethod.GAEA_GDAS;
        }

        boolean edgeNormalized() {
            return method.partialChannels() > 1;
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (ArchMethod m : List.of(ArchMethod.DARTS, ArchMethod.GAEA, ArchMethod.GDAS, ArchMethod.PCDARTS)) {
            cases.add(new Case("nb201_" + m.id(), Nb201Space.INSTANCE, m, 4, 1, 8));
            cases.add(new Case("nb201-without-none_" + m.id(), NoneExcluded.of(Nb201Space.INSTANCE), m, 4, 1, 8));
            // K=4 needs C/K even in the DARTS space (FactorizedReduce halves it)
            boolean partial = m.partialChannels() > 1;
            cases.add(new Case("darts_" + m.id(), DartsSpace.INSTANCE, m, partial ? 8 : 4, 3, partial ? 16 : 8));
        }
        // GAEA's variants of the other two share their supernet paths; their own parts are the
        // Gumbel sample of a simplex point and the simplex edge weights
        for (ArchMethod m : List.of(ArchMethod.GAEA_GDAS, ArchMethod.GAEA_PCDARTS)) {
            cases.add(new Case("nb201_" + m.id(), Nb201Space.INSTANCE, m, 4, 1, 8));
            cases.add(new Case("nb201-without-none_" + m.id(), NoneExcluded.of(Nb201Space.INSTANCE), m, 4, 1, 8));
        }
        return cases;
    }

    /** What the Java side computed for one case. */
    private record JavaSide(double archLoss, ArchGradient archGradient, double weightLoss,
            Map<String, double[]> weightGradients) {
    }

    @Test
    void supernetsAgreeWithPlainPyTorch(@TempDir Path dir) throws Exception {
        requireTorch();
        Map<String, JavaSide> java = new LinkedHashMap<>();
        for (Case c : cases()) {
            java.put(c.name(), runJava(c, dir));
        }
        runPython(dir);
        Map<String, Worst> perMethod = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            JsonNode torch = JSON.readTree(dir.resolve(c.name() + ".result.json").toFile());
            for (Comparison d : compare(c, java.get(c.name()), torch)) {
                perMethod.merge(c.method().id(), new Worst(d.relative(), c.name() + " " + d.what()), Worst::max);
                if (!(d.relative() <= TOLERANCE)) {
                    failures.add(c.name() + " " + d.what() + ": " + d.relative());
                }
            }
        }
        perMethod.forEach((method, worst) -> System.out.printf(Locale.ROOT,
                "torch parity %-8s largest relative difference %.2e (%s)%n", method, worst.relative(), worst.where()));
        if (!failures.isEmpty()) {
            fail("differences above " + TOLERANCE + ":\n" + String.join("\n", failures));
        }
    }

    private record Comparison(String what, double relative) {
    }

    private record Worst(double relative, String where) {
        static Worst max(Worst a, Worst b) {
            return b.relative() > a.relative() || Double.isNaN(b.relative()) ? b : a;
        }
    }

    // ------------------------------------------------------------------ the Java side

    private static JavaSide runJava(Case c, Path dir) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) SEED);
            Supernet net = Supernets.create(c.space(), new Supernets.Config(c.channels(), c.cells(), CLASSES,
                    c.method().partialChannels()));
            Shape xShape = new Shape(BATCH, 3, c.imageSize(), c.imageSize());
            net.initialize(manager, PRECISION, xShape);
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, Parameter> trainable = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                NDArray a = p.getValue().getArray();
                params.put(p.getKey(), Map.of("shape", a.getShape().getShape(), "values", doubles(a),
                        "trainable", p.getValue().requiresGradient()));
                if (p.getValue().requiresGradient()) {
                    trainable.put(p.getKey(), p.getValue());
                }
            }
            // no momentum, decay or clipping: the weight step leaves each gradient as backward wrote it
            SgdMomentum sgd = new SgdMomentum(List.copyOf(trainable.values()), manager, 0, 0, Double.MAX_VALUE);
            ArchOptimizer arch = c.method().create(c.space(), c.method().defaultLr(), c.method().defaultWeightDecay(),
                    SEED);
            moveOffCentre(c, arch);
            SupernetStepper stepper = new SupernetStepper(net, new ParameterStore(manager, false), sgd, c.space(),
                    c.gumbel() ? GdasUnsampledOps.ZERO_WEIGHT : GdasUnsampledOps.SKIP);

            ArchSample archSample = arch.sample(new StepContext(SEED + 1, EPOCH, EPOCHS));
            Batch archBatch = Batch.random(xShape, SEED + 2);
            json.put("arch_step", stepJson(c, arch, archSample, archBatch));
            SupernetStepper.ArchStepResult archStep;
            try (NDManager scope = manager.newSubManager()) {
                archStep = stepper.archStep(archBatch.x(scope), archBatch.oneHot(scope), archBatch.labels(),
                        archSample);
            }
            ArchGradient variableGradient = arch.variableGradient(archSample, archStep.gradient());
            arch.step(archSample, archStep.gradient());

            ArchSample weightSample = arch.sample(new StepContext(SEED + 3, EPOCH, EPOCHS));
            Batch weightBatch = Batch.random(xShape, SEED + 4);
            json.put("weight_step", stepJson(c, arch, weightSample, weightBatch));
            SupernetStepper.PassStats weightStep;
            try (NDManager scope = manager.newSubManager()) {
                weightStep = stepper.weightStep(weightBatch.x(scope), weightBatch.oneHot(scope), weightBatch.labels(),
                        weightSample, 0.01);
            }
            Map<String, double[]> gradients = new LinkedHashMap<>();
            trainable.forEach((name, p) -> {
                // a parameter the pass did not use (an op GDAS did not sample) reads as float32 zeros
                try (NDArray g = p.getArray().getGradient()) {
                    gradients.put(name, doubles(g));
                }
            });
            json.putAll(describe(c, arch));
            json.put("params", params);
            JSON.writeValue(dir.resolve(c.name() + ".case.json").toFile(), json);
            return new JavaSide(archStep.stats().loss(), variableGradient, weightStep.loss(), gradients);
        }
    }

    /** The network and the parameterization of its architecture, as the PyTorch side builds them. */
    private static Map<String, Object> describe(Case c, ArchOptimizer arch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", c.name());
        json.put("space", c.space().id());
        json.put("ops", c.space().ops());
        json.put("cell_types", c.space().cellTypes().stream().map(CellType::id).toList());
        json.put("edges", c.space().edges(CellType.NORMAL).stream().map(e -> List.of(e.from(), e.to())).toList());
        json.put("channels", c.channels());
        json.put("cells", c.cells());
        json.put("partial", c.method().partialChannels());
        json.put("parameterization", arch.state().arrays().containsKey("alpha.normal") ? "softmax" : "simplex");
        json.put("edge_parameterization", !c.edgeNormalized() ? null
                : c.method() == ArchMethod.GAEA_PCDARTS ? "simplex" : "softmax");
        json.put("gumbel", c.gumbel());
        return json;
    }

    /** A random batch: Gaussian images and labels. */
    private record Batch(Shape shape, double[] images, int[] labels) {
        static Batch random(Shape shape, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] x = new double[(int) shape.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            int[] labels = new int[(int) shape.get(0)];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(CLASSES);
            }
            return new Batch(shape, x, labels);
        }

        NDArray x(NDManager scope) {
            return scope.create(images, shape).toType(PRECISION, false);
        }

        NDArray oneHot(NDManager scope) {
            return scope.create(labels).oneHot(CLASSES).toType(PRECISION, false);
        }
    }

    /**
     * Moves the optimizer's variables away from its (near-)uniform start, so that every op and edge
     * has a weight of its own and a swapped column could not go unnoticed: random logits, or
     * random points of the simplices (one per edge for the ops, one per node for the edges).
     */
    private static void moveOffCentre(Case c, ArchOptimizer arch) {
        ArchOptimizerState state = arch.state();
        Map<String, double[]> arrays = state.arrays();
        SplittableRandom random = new SplittableRandom(SEED + 5);
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            double[] a = e.getValue();
            String key = e.getKey();
            if (key.startsWith("alpha.") || key.startsWith("edge.") && c.method() == ArchMethod.PCDARTS) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = 0.8 * random.nextGaussian();
                }
            } else if (key.startsWith("theta.")) {
                int ops = c.space().ops().size();
                for (int start = 0; start < a.length; start += ops) {
                    randomPoint(a, start, ops, random);
                }
            } else if (key.startsWith("edge.")) {
                // the edges into each node, which are consecutive in edge order
                List<Integer> to = c.space().edges(CellType.NORMAL).stream().map(edge -> edge.to()).toList();
                for (int start = 0; start < a.length; ) {
                    int end = start;
                    while (end < a.length && to.get(end).equals(to.get(start))) {
                        end++;
                    }
                    randomPoint(a, start, end - start, random);
                    start = end;
                }
            }
        }
        arch.restore(new ArchOptimizerState(state.method(), state.steps(), arrays));
    }

    private static void randomPoint(double[] a, int start, int length, SplittableRandom random) {
        double sum = 0;
        for (int i = start; i < start + length; i++) {
            a[i] = 0.2 + random.nextDouble();
            sum += a[i];
        }
        for (int i = start; i < start + length; i++) {
            a[i] /= sum;
        }
    }

    /** The batch and what the step's architecture input is made of: variables, and GDAS's sample. */
    private static Map<String, Object> stepJson(Case c, ArchOptimizer arch, ArchSample sample, Batch batch) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("x", batch.images());
        step.put("x_shape", batch.shape().getShape());
        step.put("labels", batch.labels());
        Map<String, double[]> arrays = arch.state().arrays();
        Map<String, Object> variables = new LinkedHashMap<>();
        Map<String, Object> edgeVariables = new LinkedHashMap<>();
        Map<String, Object> soft = new LinkedHashMap<>();
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (CellType type : c.space().cellTypes()) {
            double[] flat = arrays.containsKey("alpha." + type.id()) ? arrays.get("alpha." + type.id())
                    : arrays.get("theta." + type.id());
            variables.put(type.id(), rows(flat, c.space().ops().size()));
            if (c.edgeNormalized()) {
                // one variable per edge: the optimizer keeps them by node, and edges are ordered by node
                edgeVariables.put(type.id(), arrays.get("edge." + type.id()));
            }
            if (c.gumbel()) {
                soft.put(type.id(), sample.soft().matrix(type));
                int[] index = new int[c.space().edges(type).size()];
                for (int e = 0; e < index.length; e++) {
                    index[e] = sample.values().argmax(type, e);
                }
                chosen.put(type.id(), index);
            }
        }
        step.put("variables", variables);
        step.put("edge_variables", c.edgeNormalized() ? edgeVariables : null);
        step.put("soft", c.gumbel() ? soft : null);
        step.put("chosen", c.gumbel() ? chosen : null);
        step.put("tau", c.gumbel() ? sample.temperature() : null);
        return step;
    }

    private static double[][] rows(double[] flat, int columns) {
        double[][] out = new double[flat.length / columns][columns];
        for (int r = 0; r < out.length; r++) {
            System.arraycopy(flat, r * columns, out[r], 0, columns);
        }
        return out;
    }

    /**
     * An array's values as doubles, whatever its floating type (a float32 value becomes the double
     * of the same value, whose decimal text round-trips exactly); the array stays open.
     */
    private static double[] doubles(NDArray a) {
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    // ------------------------------------------------------------------ the comparison

    private static List<Comparison> compare(Case c, JavaSide java, JsonNode torch) {
        List<Comparison> out = new ArrayList<>();
        out.add(new Comparison("architecture-step loss", relative(new double[] {java.archLoss()},
                new double[] {torch.get("arch_loss").asDouble()})));
        for (CellType type : c.space().cellTypes()) {
            double[][] g = java.archGradient().ops().matrix(type);
            double[][] t = JSON.convertValue(torch.get("arch_grad").get(type.id()), double[][].class);
            assertEquals(g.length, t.length, c.name() + " " + type.id() + " edges");
            assertEquals(g[0].length, t[0].length, c.name() + " " + type.id() + " ops");
            out.add(new Comparison(type.id() + " architecture gradient", relative(flat(g), flat(t))));
            if (c.edgeNormalized()) {
                double[] edges = JSON.convertValue(torch.get("edge_grad").get(type.id()), double[].class);
                out.add(new Comparison(type.id() + " edge-weight gradient",
                        relative(java.archGradient().edges().get(type), edges)));
            }
        }
        out.add(new Comparison("weight-step loss", relative(new double[] {java.weightLoss()},
                new double[] {torch.get("weight_loss").asDouble()})));
        JsonNode grads = torch.get("weight_grads");
        assertEquals(java.weightGradients().size(), grads.size(), c.name() + ": trainable parameters");
        java.weightGradients().forEach((name, g) -> {
            JsonNode t = grads.get(name);
            assertTrue(t != null, c.name() + ": no PyTorch gradient of " + name);
            out.add(new Comparison("gradient of " + name, relative(g, JSON.convertValue(t, double[].class))));
        });
        return out;
    }

    /** max|a - b| / max|b|; 0 when both are all zeros. */
    static double relative(double[] a, double[] b) {
        assertEquals(b.length, a.length, "lengths");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return diff == 0 ? 0 : diff / scale;
    }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    // ------------------------------------------------------------------ PyTorch

    private static Path script() {
        return Path.of(System.getProperty("geonas.project.dir", ".."), "nas-core/src/test/python/parity_supernets.py");
    }

    private static void runPython(Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("python.log");
        Process p = new ProcessBuilder(PYTHON, script().toString(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("parity_supernets.py did not finish in 300 s:\n" + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            fail("parity_supernets.py failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
        }
    }

    /** Skips (or with GEONAS_REQUIRE_TORCH=1 fails) when /usr/bin/python3 cannot import torch. */
    private static void requireTorch() throws IOException, InterruptedException {
        String problem = null;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            problem = PYTHON + " is missing";
        } else {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String[] lines = output.split("\n");
                problem = PYTHON + " cannot import torch (" + lines[lines.length - 1] + ")";
            }
        }
        if (problem == null) {
            return;
        }
        if ("1".equals(System.getenv("GEONAS_REQUIRE_TORCH"))) {
            fail(problem + "; GEONAS_REQUIRE_TORCH=1 makes the PyTorch parity test required (install python3-torch)");
        }
        String message = "TorchParityTest skipped: " + problem
                + "; install Debian's python3-torch to run it (.ci/run does)";
        System.out.println(message);
        Assumptions.abort(message);
    }
}
