package org.geonas.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Makes sure a process computes right gradients before it trains. {@link #prepare} runs before
 * libtorch loads and fixes this JVM's oneDNN instruction-set cap: the one the user set in
 * {@code ONEDNN_MAX_CPU_ISA}, else the fastest cap on which every op of the given supernet
 * shapes passed the {@link EngineCheck} in a probe JVM of its own (the cap cannot change once
 * oneDNN ran a kernel), remembered per CPU, libtorch, shapes and threads in a cache file so the
 * probes run once per machine. {@link #verify} then checks the same ops in this process, under
 * the cap in force, before any training.
 */
public final class EngineGuard {

    /**
     * Images per checked batch in every run: small keeps the check well under a second, the
     * channel counts are the run's. The probes that choose the cap also check the run's own
     * batch size: oneDNN's kernels split work by batch, and one that was right at 4 images was
     * wrong at 64.
     */
    public static final int CHECK_BATCH = 4;
    /**
     * Each op on fresh data this often in a run: once keeps the check at a few tenths of a second;
     * the probes that chose the cap ran each op {@link #PROBE_REPS} times at two batch sizes.
     */
    public static final int CHECK_REPS = 1;
    /** Each op on fresh data this often in a probe: a racy kernel was right on one call and wrong on the next. */
    public static final int PROBE_REPS = 2;
    /** Environment variable naming the folder of the cached probe verdicts. */
    public static final String CACHE_ENV = "GEONAS_ENGINE_CACHE";
    /** Set beside {@link Isa#ENV} when GeoNAS chose the cap (not the user). */
    static final String CHOSEN_ENV = "GEONAS_ENGINE_CAP_CHOSEN";
    /** System property naming the folder of the cached probe verdicts (wins over {@value #CACHE_ENV}). */
    public static final String CACHE_PROPERTY = "geonas.engine.cache";
    private static final long PROBE_TIMEOUT_SECONDS = 300;

    /** The cap chosen for this JVM and why, with the probes that chose it. */
    public record Selection(Isa cap, String source, List<Probe> probes) {
        public Selection {
            probes = List.copyOf(probes);
        }
    }

    /** One cap's probe: whether every op passed, and its one-line summary. */
    public record Probe(Isa cap, boolean passed, String summary, EngineReport report) {
    }

    private static Selection applied;
    private static EngineReport lastReport;

    private EngineGuard() {
    }

    /** {@link #prepare} for a set of shapes at its batch sizes (a JVM that runs several supernets, the tests'). */
    public static Selection prepare(ShapeSet set, int threads) {
        return prepare(set.shapes(), threads, set.batches());
    }

    /**
     * Fixes this JVM's oneDNN cap for the shapes (probing and caching where needed); call before
     * anything loads libtorch. A second call returns the first call's selection: the cap cannot
     * change any more, and {@link #verify} tells whether it suits the new shapes too.
     *
     * @throws EngineCheckException when no cap gives right results
     */
    public static synchronized Selection prepare(List<SupernetShape> shapes, int threads, List<Integer> batches) {
        if (applied != null) {
            return applied;
        }
        String env = NativeEnv.get(Isa.ENV);
        if (env != null && env.equals(NativeEnv.get(CHOSEN_ENV))) {
            // inherited from a GeoNAS process that chose it for its own shapes: choose afresh
            env = null;
        }
        Selection selection = env != null && !env.isBlank()
                ? new Selection(Isa.fromEnv(env), "environment", List.of())
                : select(cacheDir(), shapes, threads, batches, CpuInfo.current());
        if (selection.cap() == Isa.ALL) {
            NativeEnv.unset(Isa.ENV);
            NativeEnv.unset(CHOSEN_ENV);
        } else {
            NativeEnv.set(Isa.ENV, selection.cap().envValue());
            // marks the cap as GeoNAS's choice, so child processes that inherit it choose their own
            NativeEnv.set(CHOSEN_ENV, "environment".equals(selection.source()) ? "" : selection.cap().envValue());
        }
        applied = selection;
        return selection;
    }

    /**
     * The engine check of the shapes in this process, under the cap in force.
     *
     * @throws EngineCheckException naming the first wrong op when any op is wrong
     */
    public static EngineReport verify(List<SupernetShape> shapes, Device device) {
        Selection s;
        synchronized (EngineGuard.class) {
            s = applied;
        }
        boolean cpu = Device.Type.CPU.equals(device.getDeviceType());
        EngineReport report = check(shapes, List.of(CHECK_BATCH), CHECK_REPS, device, cpu ? environmentCap() : Isa.ALL,
                !cpu ? "device " + device : s == null ? "unchecked" : s.source());
        synchronized (EngineGuard.class) {
            lastReport = report;
        }
        if (!report.passed()) {
            String hint = s != null && "environment".equals(s.source())
                    ? "; " + Isa.ENV + " is set in the environment: unset it to let GeoNAS choose a cap that works"
                    : "; run ./geonas doctor for every op's verdict, and see docs/numerics.md";
            throw new EngineCheckException(report.summary() + hint);
        }
        return report;
    }

    /** The last report {@link #verify} made in this process, or null. */
    public static synchronized EngineReport lastReport() {
        return lastReport;
    }

    /**
     * Guards a run on {@code device}: on the CPU fixes the cap ({@link #prepare}) for the
     * configured threads, then {@link #verify}; on another device checks its ops there.
     */
    public static EngineReport guard(SupernetShape shape, int batch, Device device) {
        if (Device.Type.CPU.equals(device.getDeviceType())) {
            prepare(List.of(shape), configuredThreads(), probeBatches(batch));
        }
        return verify(List.of(shape), device);
    }

    /** libtorch's intra-op threads as this JVM configured them, without loading libtorch. */
    public static int configuredThreads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    /** The cap in force in this process's C environment. */
    public static Isa environmentCap() {
        String env = NativeEnv.get(Isa.ENV);
        return env == null || env.isBlank() ? Isa.ALL : Isa.fromEnv(env);
    }

    /**
     * Checks the ops of the shapes in this process (loads the engine): every op at the first batch
     * size, the convolutions at the others.
     */
    public static EngineReport check(List<SupernetShape> shapes, List<Integer> batches, int reps, Device device,
            Isa cap, String capSource) {
        long start = System.nanoTime();
        Engine engine = Engine.getInstance();
        List<OpCase> cases = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            for (SupernetShape shape : shapes) {
                // at further batch sizes only the convolutions: their oneDNN kernels split work by batch
                cases.addAll(i == 0 ? shape.opCases(batches.get(i), device)
                        : shape.convolutionCases(batches.get(i), device));
            }
        }
        List<OpVerdict> verdicts = EngineCheck.run(EngineCheck.distinct(cases), reps, 20260701L, device);
        return new EngineReport(cap, capSource, threads(), CpuInfo.current().describe(), engine.getVersion(),
                shapes.stream().map(SupernetShape::describe).toList(), batches, reps, verdicts,
                (System.nanoTime() - start) / 1e9);
    }

    private static int threads() {
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** The cached selection for these shapes on this machine, or the first cap whose probe passes. */
    static Selection select(Path dir, List<SupernetShape> shapes, int threads, List<Integer> batches, CpuInfo cpu) {
        String key = cacheKey(cpu, shapes, threads, batches);
        Path file = dir.resolve(key + ".json");
        try {
            Files.createDirectories(dir);
            // one prober per key on this machine; runs starting together wait and then read its verdict
            try (FileChannel lockFile = FileChannel.open(dir.resolve(key + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = lockFile.lock();
                try {
                    Selection cached = readCache(file);
                    if (cached != null) {
                        return new Selection(cached.cap(), "cache", cached.probes());
                    }
                    Selection probed = probeLadder(shapes, threads, batches, cpu);
                    writeCache(file, probed);
                    return probed;
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("engine check cache " + dir + ": " + e.getMessage()
                    + "; set " + CACHE_ENV + " to a writable folder", e);
        }
    }

    /** Probes the caps fastest first and stops at the first that passes. */
    static Selection probeLadder(List<SupernetShape> shapes, int threads, List<Integer> batches, CpuInfo cpu) {
        List<Probe> probes = new ArrayList<>();
        for (Isa cap : Isa.ladder(cpu)) {
            Probe probe = probe(cap, shapes, threads, batches, PROBE_REPS);
            probes.add(probe);
            if (probe.passed()) {
                return new Selection(cap, "probe", probes);
            }
        }
        StringBuilder why = new StringBuilder("no oneDNN ISA cap gives right float32 results on this CPU (")
                .append(cpu.model()).append(") for ")
                .append(String.join(", ", shapes.stream().map(SupernetShape::describe).toList())).append(":");
        for (Probe p : probes) {
            why.append(" ").append(p.cap().envValue()).append(": ").append(p.summary()).append(";");
        }
        throw new EngineCheckException(why + " run ./geonas doctor and report it (docs/numerics.md)");
    }

    /** The engine check in a fresh JVM under the given cap. */
    public static Probe probe(Isa cap, List<SupernetShape> shapes, int threads, List<Integer> batches, int reps) {
        return ProbeProcess.run(cap, new EngineProbe.Request(shapes, batches, reps, threads), PROBE_TIMEOUT_SECONDS,
                false).probe();
    }

    /**
     * A probe with oneDNN's verbose log on, for diagnosis: the verdict and which kernels ran.
     *
     * @param probe the probe's verdict
     * @param onednn what oneDNN reported: version, ISA, the convolution kernels per pass and shape
     */
    public record Diagnosis(Probe probe, OneDnnVerbose onednn) {
    }

    /** {@link #probe} with oneDNN's verbose log, parsed. */
    public static Diagnosis diagnose(Isa cap, List<SupernetShape> shapes, int threads, List<Integer> batches, int reps) {
        ProbeProcess.Result r = ProbeProcess.run(cap, new EngineProbe.Request(shapes, batches, reps, threads),
                PROBE_TIMEOUT_SECONDS, true);
        return new Diagnosis(r.probe(), OneDnnVerbose.parse(r.onednnLines()));
    }

    /** The batch sizes a probe checks: the runs' own and {@link #CHECK_BATCH}. */
    public static List<Integer> probeBatches(int batch) {
        return batch == CHECK_BATCH ? List.of(CHECK_BATCH) : List.of(CHECK_BATCH, batch);
    }

    /**
     * The folder of cached probe verdicts: the system property {@value #CACHE_PROPERTY}, else the
     * environment variable {@value #CACHE_ENV}, else beside DJL's native libraries.
     */
    public static Path cacheDir() {
        String env = System.getProperty(CACHE_PROPERTY, System.getenv(CACHE_ENV));
        return env != null && !env.isBlank() ? Path.of(env) : ai.djl.util.Utils.getCacheDir().resolve("geonas-engine-checks");
    }

    /** Everything a verdict depends on: CPU, libtorch, DJL, the shapes, threads and the check itself. */
    static String cacheKey(CpuInfo cpu, List<SupernetShape> shapes, int threads, List<Integer> batches) {
        Properties build = buildProperties();
        StringBuilder sb = new StringBuilder("engine-check-v3|").append(cpu.vendor()).append('|').append(cpu.model())
                .append('|').append(String.join(" ", cpu.flags())).append('|').append(build.getProperty("pytorch.version"))
                .append('|').append(build.getProperty("djl.version")).append('|').append(threads).append('|')
                .append(batches).append('|').append(PROBE_REPS).append('|').append(EngineCheck.TOLERANCE);
        for (SupernetShape s : shapes) {
            sb.append('|').append(s.describe());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The build stamp {@code geonas-build.properties}: GeoNAS, libtorch and DJL versions; empty
     * if missing (unknown versions only make cache keys coarser and provenance vaguer).
     */
    public static Properties buildProperties() {
        Properties build = new Properties();
        try (InputStream in = EngineGuard.class.getResourceAsStream("/geonas-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // unknown versions only make the cache key coarser
        }
        return build;
    }

    private static Selection readCache(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return EngineReport.MAPPER.readValue(file.toFile(), Selection.class);
        } catch (IOException e) {
            return null; // a damaged cache entry is probed again
        }
    }

    private static void writeCache(Path file, Selection selection) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        EngineReport.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), selection);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
