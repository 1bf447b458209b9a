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

    /** Images per checked batch: small keeps the check well under a second, the channel counts are the run's. */
    public static final int CHECK_BATCH = 4;
    /** Each op on fresh data this often: a racy kernel was right on one call and wrong on the next. */
    public static final int CHECK_REPS = 2;
    /** Environment variable naming the folder of the cached probe verdicts. */
    public static final String CACHE_ENV = "GEONAS_ENGINE_CACHE";
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

    private EngineGuard() {
    }

    /**
     * Fixes this JVM's oneDNN cap for the shapes (probing and caching where needed); call before
     * anything loads libtorch. A second call returns the first call's selection: the cap cannot
     * change any more, and {@link #verify} tells whether it suits the new shapes too.
     *
     * @throws EngineCheckException when no cap gives right results
     */
    public static synchronized Selection prepare(List<SupernetShape> shapes, int threads) {
        if (applied != null) {
            return applied;
        }
        String env = NativeEnv.get(Isa.ENV);
        Selection selection = env != null && !env.isBlank()
                ? new Selection(Isa.fromEnv(env), "environment", List.of())
                : select(shapes, threads, CpuInfo.current());
        if (selection.cap() == Isa.ALL) {
            NativeEnv.unset(Isa.ENV);
        } else {
            NativeEnv.set(Isa.ENV, selection.cap().envValue());
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
        EngineReport report = check(shapes, CHECK_BATCH, CHECK_REPS, device, cpu ? environmentCap() : Isa.ALL,
                !cpu ? "device " + device : s == null ? "unchecked" : s.source());
        if (!report.passed()) {
            String hint = s != null && "environment".equals(s.source())
                    ? "; " + Isa.ENV + " is set in the environment: unset it to let GeoNAS choose a cap that works"
                    : "; run ./geonas doctor for every op's verdict, and see docs/numerics.md";
            throw new EngineCheckException(report.summary() + hint);
        }
        return report;
    }

    /** The cap in force in this process's C environment. */
    public static Isa environmentCap() {
        String env = NativeEnv.get(Isa.ENV);
        return env == null || env.isBlank() ? Isa.ALL : Isa.fromEnv(env);
    }

    /** Checks every op of the shapes in this process (loads the engine). */
    public static EngineReport check(List<SupernetShape> shapes, int batch, int reps, Device device, Isa cap,
            String capSource) {
        long start = System.nanoTime();
        Engine engine = Engine.getInstance();
        List<OpCase> cases = new ArrayList<>();
        for (SupernetShape shape : shapes) {
            cases.addAll(shape.opCases(batch, device));
        }
        List<OpVerdict> verdicts = EngineCheck.run(EngineCheck.distinct(cases), reps, 20260701L, device);
        return new EngineReport(cap, capSource, threads(), CpuInfo.current().describe(), engine.getVersion(),
                shapes.stream().map(SupernetShape::describe).toList(), batch, reps, verdicts,
                (System.nanoTime() - start) / 1e9);
    }

    private static int threads() {
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** The cached selection for these shapes on this machine, or the first cap whose probe passes. */
    private static Selection select(List<SupernetShape> shapes, int threads, CpuInfo cpu) {
        Path dir = cacheDir();
        String key = cacheKey(cpu, shapes, threads);
        Path file = dir.resolve(key + ".json");
        try {
            Files.createDirectories(dir);
            // one prober per key on this machine; runs starting together wait and then read its verdict
            try (FileChannel lockFile = FileChannel.open(dir.resolve(key + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Selection cached = readCache(file);
                if (cached != null) {
                    return new Selection(cached.cap(), "cache", cached.probes());
                }
                Selection probed = probeLadder(shapes, threads, cpu);
                writeCache(file, probed);
                return probed;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("engine check cache " + dir + ": " + e.getMessage()
                    + "; set " + CACHE_ENV + " to a writable folder", e);
        }
    }

    /** Probes the caps fastest first and stops at the first that passes. */
    static Selection probeLadder(List<SupernetShape> shapes, int threads, CpuInfo cpu) {
        List<Probe> probes = new ArrayList<>();
        for (Isa cap : Isa.ladder(cpu)) {
            Probe probe = probe(cap, shapes, threads, CHECK_BATCH, CHECK_REPS);
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
    public static Probe probe(Isa cap, List<SupernetShape> shapes, int threads, int batch, int reps) {
        return ProbeProcess.run(cap, new EngineProbe.Request(shapes, batch, reps, threads), PROBE_TIMEOUT_SECONDS,
                false).probe();
    }

    /** The folder of cached probe verdicts: {@value #CACHE_ENV}, else beside DJL's native libraries. */
    public static Path cacheDir() {
        String env = System.getenv(CACHE_ENV);
        return env != null && !env.isBlank() ? Path.of(env) : ai.djl.util.Utils.getCacheDir().resolve("geonas-engine-checks");
    }

    /** Everything a verdict depends on: CPU, libtorch, DJL, the shapes, threads and the check itself. */
    static String cacheKey(CpuInfo cpu, List<SupernetShape> shapes, int threads) {
        Properties build = buildProperties();
        StringBuilder sb = new StringBuilder("engine-check-v1|").append(cpu.vendor()).append('|').append(cpu.model())
                .append('|').append(String.join(" ", cpu.flags())).append('|').append(build.getProperty("pytorch.version"))
                .append('|').append(build.getProperty("djl.version")).append('|').append(threads).append('|')
                .append(CHECK_BATCH).append('|').append(CHECK_REPS).append('|').append(EngineCheck.TOLERANCE);
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

    static Properties buildProperties() {
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
