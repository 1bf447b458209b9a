package org.geonas.report;

import java.util.List;
import java.util.Locale;

/**
 * One measured row of the DARTS-space table: a method's search runs whose final genotypes a sweep's
 * evaluation stage trained from scratch.
 *
 * @param key the method, in the panel of its search runs (sweep, space, search dataset)
 * @param evalDataset the dataset the genotypes were trained and tested on (the evaluations' dataset)
 * @param testError test error in percent after the last epoch, over every (search run, seed) training that
 *     succeeded
 * @param notSucceeded trainings that failed or diverged, counted apart
 * @param searchRuns search runs with at least one training
 * @param paramsMillions parameters (without the auxiliary head) in millions, one value per trained genotype
 * @param cost search time of those search runs, one value per run
 */
public record DartsRow(MethodKey key, String evalDataset, SeedStats testError, long notSucceeded, long searchRuns,
        SeedStats paramsMillions, SearchCost cost) {

    /** Trainings that succeeded: the only ones averaged. */
    public long trainings() {
        return testError.n();
    }

    /**
     * Search time per search run in the papers' units: GPU-days where every run ran on a GPU, CPU-hours where
     * every run ran on the CPU, plain hours (said so) where they mixed. A day of one GPU is the papers' unit; a
     * CPU search takes hours, and CPU-days would hide it in decimals.
     *
     * @param seconds wall time of each search run's search loop (runs.search_seconds)
     * @param devices the runs' devices (runs.device: cpu, gpu:0, ...)
     */
    public record SearchCost(SeedStats seconds, List<String> devices) {

        public SearchCost {
            devices = List.copyOf(devices);
        }

        public String unit() {
            if (!devices.isEmpty() && devices.stream().allMatch(d -> d.startsWith("gpu"))) {
                return "GPU-days";
            }
            return devices.stream().noneMatch(d -> d.startsWith("gpu")) ? "CPU-hours" : "hours (CPU and GPU runs)";
        }

        /** Seconds per unit. */
        public double secondsPerUnit() {
            return unit().equals("GPU-days") ? 86_400 : 3_600;
        }

        /** The mean search time per run in the unit: {@code 0.12 GPU-days}; a dash without runs. */
        public String mean() {
            return seconds.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3g %s", seconds.mean() / secondsPerUnit(),
                    unit());
        }
    }
}
