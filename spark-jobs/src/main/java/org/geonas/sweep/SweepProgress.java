package org.geonas.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.geonas.core.run.RunKind;
import org.geonas.core.run.RunLayout;
import org.geonas.core.run.RunProgress;
import org.geonas.core.run.RunStatus;
import org.geonas.core.run.StageResult;
import org.geonas.spark.ConsoleTicker;

/**
 * The driver's console view of a sweep's searches or trainings while they run: done, running
 * (with each running one's epoch) and failed, read from the run folders every few seconds; a line
 * is printed when it changes.
 */
final class SweepProgress implements AutoCloseable {

    private static final long INTERVAL_MS = 3000;

    private final String sweep;
    private final RunStore store;
    private final RunKind kind;
    private final List<String> runIds;
    private final int alreadyDone;
    private final PrintStream out;
    private final ConsoleTicker ticker;
    private String last = "";

    SweepProgress(String sweep, RunStore store, RunKind kind, List<String> runIds, int alreadyDone, PrintStream out) {
        this.sweep = sweep;
        this.store = store;
        this.kind = kind;
        this.runIds = List.copyOf(runIds);
        this.alreadyDone = alreadyDone;
        this.out = out;
        this.ticker = ConsoleTicker.start("geonas-sweep-progress", INTERVAL_MS, this::report);
    }

    /** Prints the current state if it changed. */
    synchronized void report() {
        int done = alreadyDone;
        int failed = 0;
        List<String> running = new ArrayList<>();
        for (String id : runIds) {
            Optional<StageResult> result = store.result(kind, id);
            if (result.isPresent()) {
                if (result.get().status() == RunStatus.FAILED) {
                    failed++;
                } else {
                    done++;
                }
                continue;
            }
            store.readText(store.runFile(kind, id, RunLayout.PROGRESS)).ifPresent(text -> {
                try {
                    RunProgress p = RunProgress.fromJson(text);
                    running.add(String.format(Locale.ROOT, "%s epoch %d/%d", id.substring(0, 6), p.epochShown(),
                            p.epochs()));
                } catch (IllegalArgumentException e) {
                    running.add(id.substring(0, 6));
                }
            });
        }
        String line = String.format(Locale.ROOT, "[%s] %s%d/%d done, %d running%s, %d failed", sweep,
                kind == RunKind.SEARCH ? "" : "trainings: ", done,
                runIds.size() + alreadyDone, running.size(), running.isEmpty() ? "" : " (" + String.join(", ", running) + ")",
                failed);
        if (!line.equals(last)) {
            last = line;
            out.println(line);
        }
    }

    @Override
    public void close() {
        ticker.close();
        report();
    }
}
