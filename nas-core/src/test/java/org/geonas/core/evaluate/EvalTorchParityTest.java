package org.geonas.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.geonas.core.search.SgdMomentum;
import org.geonas.core.space.DartsGenotype;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation network ({@link NetworkCifar}) and its training step ({@link TrainStep}) against
 * a plain PyTorch NetworkCIFAR ({@code src/test/python/darts_eval_network.py}, written from the
 * DARTS description: one nn.Module per op, textbook batch norm, pooling and drop path). Both sides
 * start from the same weights (the Java ones, by their parameter names, with the batch norms'
 * scales and shifts moved off 1 and 0), batches and drop-path masks (Java's, drawn by
 * {@link DropPath} from the step's seed), and run in float64. A tiny network (C=4, 4 cells, so a
 * reduction cell follows a reduction cell and a normal cell follows that, 32x32 images for the
 * auxiliary head) of a genotype that uses every op (both convolutions of both sizes, both pools,
 * skip at stride 1 and 2) goes through:
 *
 * <ol>
 *   <li>a gradient pass: the loss (main head) and every weight gradient (main + 0.4 * auxiliary
 *       loss);
 *   <li>two training steps with the training defaults (SGD momentum 0.9, weight decay 3e-4,
 *       gradient-norm clip 5, which both steps hit, learning rate 0.025), the first on the same
 *       batch and masks as the gradient pass: their losses, and each weight's change over both;
 *   <li>an inference pass: the logits, which depend on the running batch-norm statistics the
 *       three training-mode passes left, and those statistics themselves.
 * </ol>
 *
 * <p>Once without drop path and once with it (p = 0.3). A tensor agrees when max|java - torch| /
 * max|torch| is within 1e-4. Losses and gradients agree to about 1e-10; weight changes, running
 * statistics and the inference logits to about 1e-7, as {@link SgdMomentum} takes its learning
 * rate, momentum and decay as floats and the batch norms their momentum (1 - 0.9f).
 *
 * <p>Needs Debian's PyTorch for {@code /usr/bin/python3} (package python3-torch); without it the
 * test is skipped, or fails when the environment sets {@code GEONAS_REQUIRE_TORCH=1}.
 */
class EvalTorchParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final String PYTHON = "/usr/bin/python3";
    private static final DataType PRECISION = DataType.FLOAT64;
    private static final int BATCH = 4;
    private static final int CLASSES = 10;
    private static final int CHANNELS = 4;
    private static final int LAYERS = 4;
    private static final int IMAGE = 32;
    private static final long SEED = 23;
    private static final double LR = 0.025;
    private static final double MOMENTUM = 0.9;
    private static final double WEIGHT_DECAY = 3e-4;
    /** The training default; the tiny network's gradient norm is about 10, so both steps clip (checked). */
    private static final double CLIP = 5;
    private static final double AUX_WEIGHT = 0.4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every op of the evaluation network: the convolutions at stride 1 (normal cell) and 2 (reduction
     * cell inputs), the pools both ways, skip_connect as the identity in both cells and as a
     * FactorizedReduce in the reduction cell, and nodes fed by other intermediate nodes.
     */
    static final String ALL_OPS = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), "
            + "('dil_conv_3x3', 0), ('dil_conv_5x5', 2), ('max_pool_3x3', 1), ('avg_pool_3x3', 3), "
            + "('skip_connect', 0), ('sep_conv_3x3', 4)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('skip_connect', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('sep_conv_5x5', 2), "
            + "('dil_conv_5x5', 1), ('skip_connect', 2), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3)], "
            + "reduce_concat=[2, 3, 4, 5])";

    private record Case(String name, double dropProb) {
    }

    private static List<Case> cases() {
        return List.of(new Case("no-drop-path", 0), new Case("drop-path", 0.3));
    }

    /** What the Java side computed for one case. */
    private record JavaSide(double gradientLoss, Map<String, double[]> gradients, double[] stepLosses,
            Map<String, double[]> updates, Map<String, double[]> running, double[] evalLogits) {
    }

    private record Comparison(String what, double relative) {
    }

    @Test
    void evaluationNetworkAgreesWithPlainPyTorch(@TempDir Path dir) throws Exception {
        requireTorch();
        Map<String, JavaSide> java = new LinkedHashMap<>();
        for (Case c : cases()) {
            java.put(c.name(), runJava(c, dir));
        }
        runPython(dir);
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            JsonNode torch = JSON.readTree(dir.resolve(c.name() + ".result.json").toFile());
            Comparison worst = null;
            Map<String, Comparison> worstPerKind = new LinkedHashMap<>();
            for (Comparison d : compare(c, java.get(c.name()), torch)) {
                if (worst == null || !(d.relative() <= worst.relative())) {
                    worst = d;
                }
                worstPerKind.merge(d.what().split(" ")[0], d, (a, b) -> b.relative() > a.relative() ? b : a);
                if (!(d.relative() <= TOLERANCE)) {
                    failures.add(c.name() + " " + d.what() + ": " + d.relative());
                }
            }
            for (Comparison d : worstPerKind.values()) {
                System.out.printf(Locale.ROOT, "eval torch parity %-12s %-9s largest relative difference %.2e (%s)%n",
                        c.name(), d.what().split(" ")[0], d.relative(), d.what());
            }
            System.out.printf(Locale.ROOT, "eval torch parity %-12s overall   largest relative difference %.2e (%s)%n",
                    c.name(), worst.relative(), worst.what());
        }
        if (!failures.isEmpty()) {
            fail("differences above " + TOLERANCE + ":\n" + String.join("\n", failures));
        }
    }

    // ------------------------------------------------------------------ the Java side

    private static JavaSide runJava(Case c, Path dir) throws IOException {
        Engine.getInstance().setRandomSeed((int) SEED); // also loads the JNI library
        // as TrainLoop: the in-place updates of the weights need libtorch's grad mode off
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager()) {
            NetworkCifar net = NetworkCifar.builder().setGenotype(DartsGenotype.parse(ALL_OPS)).setClasses(CLASSES)
                    .optChannels(CHANNELS).optLayers(LAYERS).optAuxiliary(true).build();
            Shape xShape = new Shape(BATCH, 3, IMAGE, IMAGE);
            net.initialize(manager, PRECISION, xShape);
            moveBatchNormsOffIdentity(net);
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, Parameter> trainable = new LinkedHashMap<>();
            Map<String, double[]> initial = new LinkedHashMap<>();
            Map<String, Parameter> running = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                NDArray a = p.getValue().getArray();
                double[] values = doubles(a);
                params.put(p.getKey(), Map.of("shape", a.getShape().getShape(), "values", values,
                        "trainable", p.getValue().requiresGradient()));
                if (p.getValue().requiresGradient()) {
                    trainable.put(p.getKey(), p.getValue());
                    initial.put(p.getKey(), values);
                } else {
                    running.put(p.getKey(), p.getValue());
                }
            }
            ParameterStore ps = new ParameterStore(manager, false);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", c.name());
            json.put("genotype", ALL_OPS);
            json.put("channels", CHANNELS);
            json.put("layers", LAYERS);
            json.put("classes", CLASSES);
            json.put("x_shape", xShape.getShape());
            json.put("aux_weight", AUX_WEIGHT);
            json.put("drop_prob", c.dropProb());
            json.put("sgd", Map.of("momentum", MOMENTUM, "weight_decay", WEIGHT_DECAY, "clip", CLIP));

            // 1. the gradient pass: an SGD without momentum, decay or clipping at learning rate 0
            // leaves the weights as they were and each gradient as backward wrote it
            SgdMomentum plain = new SgdMomentum(List.copyOf(trainable.values()), manager, 0, 0, Double.MAX_VALUE);
            TrainStep gradientStep = new TrainStep(net, ps, plain, AUX_WEIGHT);
            Batch first = Batch.random(xShape, SEED + 1);
            long firstMasks = SEED + 2;
            json.put("gradient_pass", batchJson(first, c, firstMasks, manager));
            double gradientLoss;
            Map<String, double[]> gradients = new LinkedHashMap<>();
            try (NDManager scope = manager.newSubManager()) {
                gradientLoss = gradientStep.step(first.x(scope), first.oneHot(scope), first.labels(),
                        dropPath(c, firstMasks, scope), 0.0).loss();
                trainable.forEach((name, p) -> {
                    try (NDArray g = p.getArray().getGradient()) {
                        gradients.put(name, doubles(g));
                    }
                });
            }

            // 2. two training steps as TrainLoop takes them: the same first batch and masks, then another
            SgdMomentum sgd = new SgdMomentum(List.copyOf(trainable.values()), manager, MOMENTUM, WEIGHT_DECAY, CLIP);
            TrainStep step = new TrainStep(net, ps, sgd, AUX_WEIGHT);
            Batch second = Batch.random(xShape, SEED + 3);
            long secondMasks = SEED + 4;
            json.put("train_steps", List.of(withLr(batchJson(first, c, firstMasks, manager)),
                    withLr(batchJson(second, c, secondMasks, manager))));
            Batch[] batches = {first, second};
            long[] maskSeeds = {firstMasks, secondMasks};
            double[] stepLosses = new double[batches.length];
            for (int s = 0; s < batches.length; s++) {
                try (NDManager scope = manager.newSubManager()) {
                    stepLosses[s] = step.step(batches[s].x(scope), batches[s].oneHot(scope), batches[s].labels(),
                            dropPath(c, maskSeeds[s], scope), LR).loss();
                }
            }
            Map<String, double[]> updates = new LinkedHashMap<>();
            trainable.forEach((name, p) -> {
                double[] now = doubles(p.getArray());
                double[] before = initial.get(name);
                for (int i = 0; i < now.length; i++) {
                    now[i] -= before[i];
                }
                updates.put(name, now);
            });
            Map<String, double[]> runningValues = new LinkedHashMap<>();
            running.forEach((name, p) -> runningValues.put(name, doubles(p.getArray())));

            // 3. inference
            Batch third = Batch.random(xShape, SEED + 5);
            json.put("eval_x", third.images());
            double[] evalLogits;
            try (NDManager scope = manager.newSubManager()) {
                NetworkCifar.Output out = net.forward(ps, third.x(scope), DropPath.none(), false);
                assertTrue(out.auxLogits() == null, "no auxiliary logits in inference");
                evalLogits = doubles(out.logits());
            }
            json.put("params", params);
            JSON.writeValue(dir.resolve(c.name() + ".case.json").toFile(), json);
            return new JavaSide(gradientLoss, gradients, stepLosses, updates, runningValues, evalLogits);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * Batch norms start at scale 1 and shift 0, where a swapped gamma and beta, or a missing affine
     * transform, would go unnoticed: random values around them instead.
     */
    private static void moveBatchNormsOffIdentity(NetworkCifar net) {
        SplittableRandom random = new SplittableRandom(SEED + 6);
        for (Pair<String, Parameter> p : net.getParameters()) {
            String name = p.getKey();
            boolean gamma = name.endsWith("_gamma");
            if (!gamma && !name.endsWith("_beta")) {
                continue;
            }
            NDArray a = p.getValue().getArray();
            double[] v = new double[Math.toIntExact(a.getShape().size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (gamma ? 1 : 0) + 0.3 * random.nextGaussian();
            }
            a.set(DoubleBuffer.wrap(v)); // float64, as PRECISION
        }
    }

    private static DropPath dropPath(Case c, long seed, NDManager scope) {
        return c.dropProb() > 0 ? DropPath.of(c.dropProb(), seed, scope) : DropPath.none();
    }

    private static Map<String, Object> withLr(Map<String, Object> batch) {
        batch.put("lr", LR);
        return batch;
    }

    /**
     * A batch, and the drop-path masks the step's {@link DropPath} will draw, as many as the forward
     * pass could ask for (one per op of every cell); the PyTorch side takes them in order.
     */
    private static Map<String, Object> batchJson(Batch b, Case c, long maskSeed, NDManager manager) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("x", b.images());
        json.put("labels", b.labels());
        if (c.dropProb() > 0) {
            List<double[]> masks = new ArrayList<>();
            try (NDManager scope = manager.newSubManager()) {
                DropPath dp = DropPath.of(c.dropProb(), maskSeed, scope);
                for (int i = 0; i < LAYERS * 8; i++) {
                    masks.add(doubles(dp.nextMask(BATCH, PRECISION)));
                }
            }
            json.put("masks", masks);
        }
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

    /** An array's values as doubles, whatever its floating type; the array stays open. */
    private static double[] doubles(NDArray a) {
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    // ------------------------------------------------------------------ the comparison

    private static List<Comparison> compare(Case c, JavaSide java, JsonNode torch) {
        // what the case is meant to exercise: the clip in both steps, and drop path when it is on
        for (JsonNode norm : torch.get("step_grad_norms")) {
            assertTrue(norm.asDouble() > CLIP, c.name() + ": a gradient norm of " + norm.asDouble()
                    + " does not exercise the clip at " + CLIP);
        }
        assertEquals(c.dropProb() > 0, torch.get("masks_per_pass").asInt() > 0, c.name() + ": drop-path masks used");
        List<Comparison> out = new ArrayList<>();
        out.add(new Comparison("loss of the gradient pass", relative(new double[] {java.gradientLoss()},
                new double[] {torch.get("gradient_loss").asDouble()})));
        double[] stepLosses = JSON.convertValue(torch.get("step_losses"), double[].class);
        for (int s = 0; s < stepLosses.length; s++) {
            out.add(new Comparison("loss of training step " + (s + 1),
                    relative(new double[] {java.stepLosses()[s]}, new double[] {stepLosses[s]})));
        }
        compareAll(out, c, "gradient of", java.gradients(), torch.get("gradients"));
        compareAll(out, c, "update of", java.updates(), torch.get("updates"));
        compareAll(out, c, "running", java.running(), torch.get("running"));
        out.add(new Comparison("inference logits", relative(java.evalLogits(),
                JSON.convertValue(torch.get("eval_logits"), double[].class))));
        return out;
    }

    private static void compareAll(List<Comparison> out, Case c, String what, Map<String, double[]> java,
            JsonNode torch) {
        assertEquals(java.size(), torch.size(), c.name() + ": tensors compared as '" + what + "'");
        java.forEach((name, values) -> {
            JsonNode t = torch.get(name);
            assertTrue(t != null, c.name() + ": no PyTorch " + what + " " + name);
            out.add(new Comparison(what + " " + name, relative(values, JSON.convertValue(t, double[].class))));
        });
    }

    /** max|a - b| / max|b|; 0 when both are all zeros. */
    static double relative(double[] a, double[] b) {
        assertEquals(b.length, a.length, "lengths");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff == 0 ? 0 : diff / scale;
    }

    // ------------------------------------------------------------------ PyTorch

    private static Path script() {
        return Path.of(System.getProperty("geonas.project.dir", ".."),
                "nas-core/src/test/python/darts_eval_network.py");
    }

    private static void runPython(Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("python.log");
        Process p = new ProcessBuilder(PYTHON, script().toString(), "parity", dir.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("darts_eval_network.py parity did not finish in 300 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) {
            fail("darts_eval_network.py parity failed (exit " + p.exitValue() + "):\n" + output);
        }
        System.out.print(output);
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
        String message = "EvalTorchParityTest skipped: " + problem
                + "; install Debian's python3-torch to run it (.ci/run does)";
        System.out.println(message);
        Assumptions.abort(message);
    }
}
