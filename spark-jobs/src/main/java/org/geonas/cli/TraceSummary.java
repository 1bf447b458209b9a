package org.geonas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sums a Chrome trace from libtorch's profiler by op name, as self time: an event's duration
 * minus that of the events nested in it on the same thread, so nested aten calls are not
 * counted twice.
 */
final class TraceSummary {

    private TraceSummary() {
    }

    private record Event(String name, long tid, double start, double duration) {
        double end() {
            return start + duration;
        }
    }

    static String topOps(Path trace, int top) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(trace.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + trace, e);
        }
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        List<Event> list = new ArrayList<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("dur")) {
                list.add(new Event(e.path("name").asText(), e.path("tid").asLong(), e.path("ts").asDouble(),
                        e.path("dur").asDouble()));
            }
        }
        list.sort(Comparator.comparingLong(Event::tid).thenComparingDouble(Event::start)
                .thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
        Map<String, double[]> self = new HashMap<>();
        List<Event> stack = new ArrayList<>();
        double total = 0;
        for (Event e : list) {
            while (!stack.isEmpty() && (stack.get(stack.size() - 1).tid() != e.tid()
                    || stack.get(stack.size() - 1).end() <= e.start())) {
                stack.remove(stack.size() - 1);
            }
            if (!stack.isEmpty()) {
                self.get(stack.get(stack.size() - 1).name())[0] -= e.duration();
            } else {
                total += e.duration();
            }
            double[] acc = self.computeIfAbsent(e.name(), k -> new double[2]);
            acc[0] += e.duration();
            acc[1] += 1;
            stack.add(e);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "top ops by self time in the profiled step (%.1f ms in ops):%n", total / 1000));
        double finalTotal = total;
        self.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(top)
                .forEach(en -> sb.append(String.format(Locale.ROOT, "  %-44s %8.2f ms %5.1f%% %6d calls%n", en.getKey(),
                        en.getValue()[0] / 1000, 100 * en.getValue()[0] / finalTotal, (long) en.getValue()[1])));
        return sb.toString();
    }
}
