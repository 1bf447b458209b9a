package org.geonas.core.run;

import ai.djl.Device;
import java.nio.file.Path;
import org.geonas.core.search.SearchListener;

/** Tiny run specs for tests: synthetic data, C=4, N=1, 8x8 images. */
final class TinyRuns {

    private TinyRuns() {
    }

    static RunSpec synthetic(String method, String mode, int epochs, int trainLimit, long seed) {
        return new RunSpec("nb201", method, mode, "synthetic", null, epochs, 4, 1, 16, 8, trainLimit, seed, null, null,
                null, null, null, null, null, 64, null);
    }

    /** A tiny DARTS-space run: C=8 (so C/K stays even for K=4), 3 cells (normal, reduce, reduce), 16x16 images. */
    static RunSpec dartsSpace(String method, String mode, int epochs, int trainLimit, long seed) {
        return new RunSpec("darts", method, mode, "synthetic", null, epochs, 8, 3, 8, 16, trainLimit, seed, null, null,
                null, null, null, null, null, 32, 3);
    }

    static RunResult run(RunSpec spec, Path out, boolean resume) {
        return new SearchRun(spec, out, Device.cpu()).execute(resume, SearchListener.NONE);
    }
}
