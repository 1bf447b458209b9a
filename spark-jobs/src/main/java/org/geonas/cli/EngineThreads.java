package org.geonas.cli;

/** Pins libtorch's thread pools; only effective before the engine first loads. */
final class EngineThreads {

    private EngineThreads() {
    }

    static void pin(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("--threads must be positive, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
