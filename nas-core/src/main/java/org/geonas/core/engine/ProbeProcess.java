package org.geonas.core.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Runs {@link EngineProbe} in a JVM of its own under a given oneDNN cap and reads its verdict. */
final class ProbeProcess {

    /** The probe's verdict and, with verbose on, oneDNN's own lines (ISA and kernels used). */
    record Result(EngineGuard.Probe probe, List<String> onednnLines) {
    }

    private ProbeProcess() {
    }

    static Result run(Isa cap, EngineProbe.Request request, long timeoutSeconds, boolean verbose) {
        Path output = null;
        try {
            output = Files.createTempFile("geonas-engine-probe-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command(request));
            if (cap == Isa.ALL) {
                pb.environment().remove(Isa.ENV);
            } else {
                pb.environment().put(Isa.ENV, cap.envValue());
            }
            if (verbose) {
                pb.environment().put("ONEDNN_VERBOSE", "1");
            } else {
                pb.environment().remove("ONEDNN_VERBOSE");
            }
            pb.redirectErrorStream(true);
            pb.redirectOutput(output.toFile());
            Process process = pb.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return failed(cap, "probe JVM did not finish in " + timeoutSeconds + " s", List.of());
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            List<String> onednn = lines.stream().filter(l -> l.startsWith("onednn_verbose")).toList();
            for (String line : lines) {
                if (line.startsWith(EngineProbe.PREFIX)) {
                    EngineReport report = EngineReport.MAPPER.readValue(line.substring(EngineProbe.PREFIX.length()),
                            EngineReport.class);
                    return new Result(new EngineGuard.Probe(cap, report.passed(), report.summary(), report), onednn);
                }
            }
            String tail = lines.stream().filter(l -> !l.startsWith("onednn_verbose")).reduce((a, b) -> b).orElse("");
            return failed(cap, "probe JVM exited with code " + process.exitValue()
                    + (process.exitValue() > 128 ? " (signal " + (process.exitValue() - 128) + ")" : "")
                    + " without a verdict" + (tail.isBlank() ? "" : ": " + tail.strip()), onednn);
        } catch (IOException e) {
            return failed(cap, "probe JVM could not run: " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the engine", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static Result failed(Isa cap, String why, List<String> onednn) {
        return new Result(new EngineGuard.Probe(cap, false, why, null), onednn);
    }

    private static List<String> command(EngineProbe.Request request) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx1g", "-XX:-UsePerfData"));
        cmd.add("-Dai.djl.pytorch.num_threads=" + request.threads());
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        cmd.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(EngineProbe.class.getName());
        cmd.add(EngineReport.MAPPER.writeValueAsString(request));
        return cmd;
    }

    /** This JVM's classpath plus the jar or folder holding GeoNAS's core (under spark-submit, the application jar). */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        try {
            entries.add(Path.of(EngineProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            // the classpath alone has to do
        }
        entries.removeIf(String::isBlank);
        return String.join(File.pathSeparator, entries);
    }
}
