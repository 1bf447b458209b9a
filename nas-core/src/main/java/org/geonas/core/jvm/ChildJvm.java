package org.geonas.core.jvm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JVM that GeoNAS starts to run libtorch in: this JVM's java binary, the small-JVM flags of
 * {@value #OPTIONS_RESOURCE}, a heap limit, libtorch's thread counts, DJL kept offline (unless
 * asked otherwise), quiet logging, the properties that must reach every GeoNAS JVM
 * ({@link #PROPAGATED}), this JVM's classpath plus the jar holding {@code main} (under
 * spark-submit the application jar is not on {@code java.class.path}), and the malloc settings of
 * {@value #ENVIRONMENT_RESOURCE}. The flags and the settings live in resources so that
 * {@code ./geonas} reads the very same ones.
 *
 * @param main the class whose {@code main} runs
 * @param args its arguments
 * @param heap the heap limit ({@code -Xmx}), e.g. {@code 1g}
 * @param threads libtorch's intra-op threads
 * @param offlineByDefault {@code ai.djl.offline} where this JVM sets none (a GPU run may need DJL
 *     to download a CUDA libtorch)
 */
public record ChildJvm(Class<?> main, List<String> args, String heap, int threads, boolean offlineByDefault) {

    /** The small-JVM flags, a java argument file beside this class. */
    public static final String OPTIONS_RESOURCE = "small-jvm.args";
    /** The malloc settings, {@code NAME=value} lines beside this class. */
    public static final String ENVIRONMENT_RESOURCE = "malloc.env";
    /** System properties passed on to the child when set here: the build stamp and the logging setup. */
    public static final List<String> PROPAGATED = List.of("geonas.git.sha", "log4j.configurationFile");

    public ChildJvm {
        args = List.copyOf(args);
    }

    /** The command line. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options());
        cmd.add("-Xmx" + heap);
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        cmd.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", Boolean.toString(offlineByDefault)));
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Dlog4j2.level=WARN");
        for (String key : PROPAGATED) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(classpath(main));
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** The process, not started: the command and, where this environment has none, the malloc settings. */
    public ProcessBuilder processBuilder() {
        ProcessBuilder pb = new ProcessBuilder(command());
        environment().forEach(pb.environment()::putIfAbsent);
        return pb;
    }

    /** The small-JVM flags of {@value #OPTIONS_RESOURCE}. */
    public static List<String> options() {
        return Resources.OPTIONS;
    }

    /** The malloc settings of {@value #ENVIRONMENT_RESOURCE}, in file order. */
    public static Map<String, String> environment() {
        return Resources.ENVIRONMENT;
    }

    /** This JVM's classpath plus the jar or folder holding {@code main}. */
    static String classpath(Class<?> main) {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        try {
            entries.add(Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            // the classpath alone has to do
        }
        entries.removeIf(String::isBlank);
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The options of a java argument file, as far as {@value #OPTIONS_RESOURCE} uses its syntax:
     * white-space separated, {@code #} at a token's start comments out the rest of the line. A
     * quote is refused, since java would read it differently.
     */
    static List<String> parseArgFile(String text) {
        List<String> options = new ArrayList<>();
        for (String line : text.split("\\R")) {
            for (String token : line.strip().split("\\s+")) {
                if (token.startsWith("#")) {
                    break;
                }
                if (token.contains("\"") || token.contains("'")) {
                    throw new IllegalStateException(OPTIONS_RESOURCE + ": quotes are not supported: " + token);
                }
                if (!token.isEmpty()) {
                    options.add(token);
                }
            }
        }
        return List.copyOf(options);
    }

    /** The {@code NAME=value} lines of an environment file; {@code #} starts a comment line. */
    static Map<String, String> parseEnvFile(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException(ENVIRONMENT_RESOURCE + ": not NAME=value: " + l);
            }
            env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return java.util.Collections.unmodifiableMap(env);
    }

    /** The resources, read once when first needed. */
    private static final class Resources {
        static final List<String> OPTIONS = parseArgFile(read(OPTIONS_RESOURCE));
        static final Map<String, String> ENVIRONMENT = parseEnvFile(read(ENVIRONMENT_RESOURCE));

        private static String read(String name) {
            try (InputStream in = ChildJvm.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing beside " + ChildJvm.class.getName()
                            + " on the classpath (a broken build)");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
