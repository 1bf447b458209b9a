package org.geonas.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.geonas.core.jvm.ChildJvm;

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
            ProcessBuilder pb = jvm(request).processBuilder();
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

    /** A small JVM like a run's ({@link ChildJvm}), with a fixed heap, offline unless this JVM says otherwise. */
    private static ChildJvm jvm(EngineProbe.Request request) throws IOException {
        return new ChildJvm(EngineProbe.class, List.of(EngineReport.MAPPER.writeValueAsString(request)), "1g",
                request.threads(), true);
    }
}
