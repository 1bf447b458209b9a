package org.geonas.report;

import java.util.Map;

/**
 * One measured row of the NAS-Bench-201 table.
 *
 * @param key the method
 * @param seeds runs that succeeded (the only ones averaged)
 * @param notSucceeded runs that failed or diverged, counted apart
 * @param searchSeconds search time of the succeeded runs
 * @param testAcc NAS-Bench-201 test accuracy (percent, 200 epochs) of the succeeded runs' final architectures by
 *     benchmark dataset; empty where the runs have no benchmark scores
 */
public record Nb201Row(MethodKey key, long seeds, long notSucceeded, SeedStats searchSeconds,
        Map<String, SeedStats> testAcc) {

    public Nb201Row {
        testAcc = Map.copyOf(testAcc);
    }

    /** The test accuracy on a benchmark dataset, {@link SeedStats#NONE} where there is none. */
    public SeedStats testAcc(String benchmarkDataset) {
        return testAcc.getOrDefault(benchmarkDataset, SeedStats.NONE);
    }
}
