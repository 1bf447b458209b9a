package org.geonas.core.engine;

import ai.djl.Device;
import java.util.List;

/**
 * The engine check in a JVM of its own, started by {@link EngineGuard} with a candidate
 * {@code ONEDNN_MAX_CPU_ISA}: {@code EngineProbe REQUEST_JSON}. Prints one line, {@link #PREFIX}
 * followed by the report as JSON, and exits 0 whatever the verdict (a crash is a verdict too, read
 * by the parent from the exit code).
 */
public final class EngineProbe {

    /** Starts the line that carries the report. */
    public static final String PREFIX = "geonas-engine-probe: ";

    /** What to check: the shapes, at which batch sizes, how often, with how many threads. */
    public record Request(List<SupernetShape> shapes, List<Integer> batches, int reps, int threads) {
        public Request {
            shapes = List.copyOf(shapes);
            batches = List.copyOf(batches);
        }
    }

    private EngineProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: EngineProbe REQUEST_JSON");
            System.exit(2);
        }
        Request request = EngineReport.MAPPER.readValue(args[0], Request.class);
        EngineReport report = EngineGuard.check(request.shapes(), request.batches(), request.reps(), Device.cpu(),
                EngineGuard.environmentCap(), "probe");
        System.out.println(PREFIX + EngineReport.MAPPER.writeValueAsString(report));
        System.out.flush();
        System.exit(0);
    }
}
