package org.geonas.core.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of an engine check in one process: under which oneDNN cap and thread count, on
 * which CPU and libtorch, which supernet shapes, and every op's verdict.
 *
 * @param cap the {@code ONEDNN_MAX_CPU_ISA} cap in force ({@link Isa})
 * @param capSource why that cap: {@code environment} (set by the user), {@code cache}, {@code probe}, {@code device} (not a CPU)
 * @param threads libtorch's intra-op threads
 * @param cpu the CPU, one line
 * @param libtorch libtorch's version
 * @param shapes the supernet shapes checked
 * @param batches images per checked batch, each batch size checked in turn
 * @param reps repetitions of each op on fresh data
 * @param verdicts one per op and shape
 * @param seconds how long the check took
 */
public record EngineReport(Isa cap, String capSource, int threads, String cpu, String libtorch, List<String> shapes,
        List<Integer> batches, int reps, List<OpVerdict> verdicts, double seconds) {

    /** Plain JSON for reports, probe output and the cache. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    public EngineReport {
        shapes = List.copyOf(shapes);
        batches = List.copyOf(batches);
        verdicts = List.copyOf(verdicts);
    }

    /** Every op was right. */
    public boolean passed() {
        return !verdicts.isEmpty() && verdicts.stream().allMatch(OpVerdict::passed);
    }

    public List<OpVerdict> failures() {
        return verdicts.stream().filter(v -> !v.passed()).toList();
    }

    /** The largest error over all ops (infinite if any result was not finite). */
    public double maxError() {
        return verdicts.stream().mapToDouble(OpVerdict::maxError).max().orElse(Double.NaN);
    }

    /** The worst error of each op kind, in the order first checked. */
    public Map<String, OpVerdict> worstByOp() {
        Map<String, OpVerdict> worst = new LinkedHashMap<>();
        for (OpVerdict v : verdicts) {
            worst.merge(v.op(), v, (a, b) -> !(b.maxError() <= a.maxError()) ? b : a);
        }
        return worst;
    }

    /**
     * One line, e.g. {@code engine check passed: 52 op shapes, ISA cap AVX (cache), 2 threads, max
     * relative error 1.9e-06, 0.41 s}; a failure names the first wrong op.
     */
    public String summary() {
        String head = String.format(Locale.ROOT, "%d op shapes, ISA cap %s (%s), %d thread%s", verdicts.size(),
                cap.envValue(), capSource, threads, threads == 1 ? "" : "s");
        if (passed()) {
            return String.format(Locale.ROOT, "engine check passed: %s, max relative error %s, %.2f s", head,
                    OpVerdict.format(maxError()), seconds);
        }
        List<OpVerdict> failed = failures();
        return "engine check FAILED: " + failed.size() + " of " + head + " wrong, first "
                + failed.get(0).describe();
    }
}
