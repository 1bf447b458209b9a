package org.geonas.spark;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;

/**
 * A console progress bar for the Spark jobs of one job group: finished tasks of all their
 * stages over the total, redrawn in place twice a second, for work split into many equal tasks
 * (a benchmark import: one task per slice of architectures).
 */
public final class JobGroupProgress implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final long INTERVAL_MS = 500;

    private final JavaSparkContext jsc;
    private final String group;
    private final String label;
    private final long itemsTotal;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final ConsoleTicker ticker;

    /**
     * @param itemsTotal the items the tasks process together (shown pro rata), e.g. architectures
     */
    public JobGroupProgress(JavaSparkContext jsc, String group, String label, long itemsTotal, PrintStream out) {
        this.jsc = jsc;
        this.group = group;
        this.label = label;
        this.itemsTotal = itemsTotal;
        this.out = out;
        this.ticker = ConsoleTicker.start("geonas-progress-" + group, INTERVAL_MS, this::draw);
    }

    private synchronized void draw() {
        JavaSparkStatusTracker tracker = jsc.statusTracker();
        int done = 0;
        int total = 0;
        for (int job : tracker.getJobIdsForGroup(group)) {
            var info = tracker.getJobInfo(job);
            if (info == null) {
                continue;
            }
            for (int stage : info.stageIds()) {
                SparkStageInfo s = tracker.getStageInfo(stage);
                if (s != null) {
                    done += s.numCompletedTasks();
                    total += s.numTasks();
                }
            }
        }
        if (total == 0) {
            return;
        }
        int filled = (int) ((long) WIDTH * done / total);
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %.0f s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                itemsTotal * done / total, itemsTotal, (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    @Override
    public void close() {
        ticker.close();
        draw();
        out.println();
    }
}
