package org.geonas.spark;

/**
 * Runs a console redraw at a fixed interval on a daemon thread until closed, for the driver's
 * progress displays; closing stops the thread (the last redraw is the caller's).
 */
public final class ConsoleTicker implements AutoCloseable {

    private final Thread thread;
    private volatile boolean stopped;

    private ConsoleTicker(String name, long intervalMs, Runnable redraw) {
        this.thread = new Thread(() -> loop(intervalMs, redraw), name);
        thread.setDaemon(true);
    }

    /** Starts redrawing every {@code intervalMs}. */
    public static ConsoleTicker start(String name, long intervalMs, Runnable redraw) {
        ConsoleTicker ticker = new ConsoleTicker(name, intervalMs, redraw);
        ticker.thread.start();
        return ticker;
    }

    private void loop(long intervalMs, Runnable redraw) {
        while (!stopped) {
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped) {
                redraw.run();
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
