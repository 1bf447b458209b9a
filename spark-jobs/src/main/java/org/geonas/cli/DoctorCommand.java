package org.geonas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.geonas.core.engine.CpuInfo;
import org.geonas.core.engine.EngineCheck;
import org.geonas.core.engine.EngineGuard;
import org.geonas.core.engine.EngineReport;
import org.geonas.core.engine.Isa;
import org.geonas.core.engine.OpCase;
import org.geonas.core.engine.OpVerdict;
import org.geonas.core.engine.ShapeSet;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.run.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geonas doctor}: whether libtorch computes right results on this machine for the
 * project's supernet shapes, under each oneDNN instruction-set cap, which kernels it used, which
 * cap runs will choose, and what to do when none is right.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Checks every op of the supernets against float64 under each oneDNN ISA cap (a fresh JVM per "
                + "cap) and says which cap runs use and what to do if none gives right results.")
final class DoctorCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--shapes", paramLabel = "FILE",
            description = "Shape sets (default: conf/engine-shapes.yaml of this GeoNAS).")
    Path shapes;

    @Option(names = "--set", split = ",", paramLabel = "NAME",
            description = "Shape sets to check (default: quickstart,bench).")
    List<String> sets = List.of("quickstart", "bench");

    @Option(names = "--spec", paramLabel = "FILE", description = "Check a run spec's supernet at its batch size instead.")
    Path spec;

    @Option(names = "--full", description = "Also check the convolutions at each set's batch sizes (slower; what runs "
            + "probe), not only at " + EngineGuard.CHECK_BATCH + " images.")
    boolean full;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Map<String, ShapeSet> chosen;
        try {
            if (n <= 0) {
                throw new IllegalArgumentException("--threads must be positive, got " + n);
            }
            chosen = shapeSets();
        } catch (RuntimeException e) {
            return GeoNas.badInput(command, e);
        }
        CpuInfo cpu = CpuInfo.current();
        String envCap = System.getenv(Isa.ENV);
        out.printf(Locale.ROOT, "CPU: %s%n", cpu.describe());
        out.printf(Locale.ROOT, "libtorch threads: %d; %s: %s; probe cache: %s%n", n, Isa.ENV,
                envCap == null ? "unset (GeoNAS chooses per shape)" : envCap + " (set by you: every run uses it)",
                EngineGuard.cacheDir());
        out.println("Each cap is probed in a fresh JVM: every op of the shapes in float32 against float64, "
                + EngineGuard.PROBE_REPS + " times on fresh data; relative error must stay under "
                + EngineCheck.TOLERANCE + ".");
        boolean allRight = true;
        for (Map.Entry<String, ShapeSet> e : chosen.entrySet()) {
            allRight &= checkSet(out, e.getKey(), e.getValue(), cpu, n, envCap);
        }
        out.flush();
        return allRight ? ExitStatus.SUCCEEDED.code() : ExitStatus.ENGINE_CHECK.code();
    }

    private Map<String, ShapeSet> shapeSets() {
        if (spec != null) {
            RunSpec run = RunSpec.fromYaml(spec);
            return Map.of(spec.getFileName().toString(), new ShapeSet("the run spec " + spec,
                    EngineGuard.probeBatches(run.get(org.geonas.core.search.SearchSettings.BATCH)), List.of(run.supernetShape())));
        }
        Path file = shapes != null ? shapes
                : Path.of(System.getProperty("geonas.home", ".")).resolve("conf/engine-shapes.yaml");
        Map<String, ShapeSet> all = ShapeSet.read(file);
        Map<String, ShapeSet> picked = new LinkedHashMap<>();
        for (String name : sets) {
            ShapeSet set = all.get(name);
            if (set == null) {
                throw new IllegalArgumentException(file + " has no shape set '" + name + "'; it has " + all.keySet());
            }
            picked.put(name, set);
        }
        return picked;
    }

    /** Probes every cap for one set; prints the table, the per-op verdicts of the cap runs use and advice. */
    private boolean checkSet(PrintWriter out, String name, ShapeSet set, CpuInfo cpu, int n, String envCap) {
        List<Integer> batches = full ? set.batches() : List.of(EngineGuard.CHECK_BATCH);
        out.printf(Locale.ROOT, "%nshape set %s: %s%n", name, set.doc());
        set.shapes().forEach(s -> out.println("  " + s.describe()));
        out.printf(Locale.ROOT, "  batch sizes: %s%n", batches);
        out.printf(Locale.ROOT, "  %-12s %-7s %-10s %-7s %s%n", "cap", "verdict", "max error", "seconds",
                "oneDNN ISA | input-gradient conv kernels | first wrong op");
        List<EngineGuard.Diagnosis> diagnoses = new ArrayList<>();
        EngineGuard.Diagnosis first = null;
        for (Isa cap : Isa.ladder(cpu)) {
            EngineGuard.Diagnosis d = EngineGuard.diagnose(cap, set.shapes(), n, batches, EngineGuard.PROBE_REPS);
            diagnoses.add(d);
            out.println("  " + row(cap, d));
            out.flush();
            if (first == null && d.probe().passed()) {
                first = d;
            }
        }
        EngineGuard.Diagnosis used = envCap != null ? diagnoses.stream()
                .filter(d -> d.probe().cap() == Isa.fromEnv(envCap)).findFirst().orElse(first) : first;
        if (used != null && used.probe().report() != null) {
            printOps(out, used.probe().report());
        }
        EngineGuard.Diagnosis wrong = diagnoses.stream().filter(d -> !d.probe().passed()).findFirst().orElse(null);
        if (wrong != null && wrong.probe().report() != null) {
            printWrongKernels(out, wrong);
        }
        out.println("  " + advice(first, used, envCap));
        return used != null && used.probe().passed();
    }

    private static String row(Isa cap, EngineGuard.Diagnosis d) {
        EngineReport r = d.probe().report();
        if (r == null) {
            return String.format(Locale.ROOT, "%-12s %-7s %s", cap.envValue(), "ERROR", d.probe().summary());
        }
        String kernels = d.onednn().kernelsByPass().getOrDefault("backward_data", Map.of()).keySet().toString();
        String firstWrong = r.passed() ? "" : " | " + r.failures().get(0).describe()
                + (r.failures().size() > 1 ? " (+" + (r.failures().size() - 1) + " more)" : "");
        return String.format(Locale.ROOT, "%-12s %-7s %-10s %-7.1f %s | %s%s", cap.envValue(),
                r.passed() ? "right" : "WRONG", formatError(r.maxError()), r.seconds(), d.onednn().isa(), kernels,
                firstWrong);
    }

    private static void printOps(PrintWriter out, EngineReport r) {
        out.printf(Locale.ROOT, "  every op under %s (worst shape of each; relative errors):%n", r.cap().envValue());
        out.printf(Locale.ROOT, "    %-26s %-10s %-10s %-10s %s%n", "op", "output", "input grad", "param grad", "verdict");
        for (OpVerdict v : r.worstByOp().values()) {
            out.printf(Locale.ROOT, "    %-26s %-10s %-10s %-10s %s%n", v.op(), formatError(v.forward()),
                    formatError(v.inputGradient()), formatError(v.paramGradient()), v.passed() ? "right" : "WRONG");
        }
    }

    /** The kernels behind the wrong convolutions of the fastest failing cap: what an upstream report needs. */
    private static void printWrongKernels(PrintWriter out, EngineGuard.Diagnosis d) {
        EngineReport r = d.probe().report();
        out.printf(Locale.ROOT, "  wrong under %s (%s):%n", r.cap().envValue(), d.onednn().version());
        for (OpVerdict v : r.failures()) {
            String kernels = "";
            if (v.op().startsWith(OpCase.CONV)) {
                long[][] dims = Arrays.stream(v.shape().split(" ")).map(s -> Arrays.stream(
                        s.replaceAll("[()]", "").split(",")).mapToLong(Long::parseLong).toArray()).toArray(long[][]::new);
                int stride = Integer.parseInt(v.op().split(" ")[2].substring(1));
                kernels = " <- " + d.onednn().implementationsFor("backward_data", dims[0], dims[1], stride);
            }
            out.println("    " + v.describe() + kernels);
        }
    }

    private static String advice(EngineGuard.Diagnosis first, EngineGuard.Diagnosis used, String envCap) {
        if (envCap != null) {
            return used != null && used.probe().passed()
                    ? "runs use your " + Isa.ENV + "=" + envCap + ", which is right for these shapes."
                    : "your " + Isa.ENV + "=" + envCap + " gives wrong results for these shapes: unset it and let "
                            + "GeoNAS choose" + (first == null ? "" : " (it would choose " + first.probe().cap().envValue() + ")")
                            + "; runs stop before training until then (exit 4).";
        }
        if (first == null) {
            return "NO cap gives right results for these shapes on this CPU: their runs stop before training (exit 4). "
                    + "Try other channel counts (multiples of 16 are what the AVX-512 kernels block by), another "
                    + "libtorch build (DJL's pytorch-native version in the parent pom), and report it with this "
                    + "output (docs/numerics.md).";
        }
        if (first.probe().cap() == Isa.ALL) {
            return "runs use all of the CPU's kernels (no cap): they are right for these shapes here.";
        }
        return "runs use " + Isa.ENV + "=" + first.probe().cap().envValue() + ", chosen by themselves (probed once, "
                + "cached): the faster kernels above it compute wrong results here (docs/numerics.md). Nothing to do.";
    }

    private static String formatError(double e) {
        if (Double.isNaN(e)) {
            return "-";
        }
        return Double.isInfinite(e) ? "non-finite" : String.format(Locale.ROOT, "%.1e", e);
    }

    @Override
    public List<ExitStatus> exits() {
        return List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT, ExitStatus.ENGINE_CHECK);
    }

    @Override
    public String meaning(ExitStatus status) {
        return switch (status) {
            case SUCCEEDED -> "every shape set has a cap under which every op is right";
            case ENGINE_CHECK -> "a shape set has no such cap";
            default -> status.meaning();
        };
    }
}
