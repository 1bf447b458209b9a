package org.geonas.report;

import org.geonas.core.run.RunStatus;

/**
 * A run's final architecture (NB201 string or DARTS genotype; null where the run has none) and,
 * for a run that did not succeed, its error (else null).
 */
public record FinalArch(MethodKey key, long seed, String status, String arch, String error, String runId) {

    public boolean succeeded() {
        return RunStatus.SUCCEEDED.id().equals(status);
    }
}
