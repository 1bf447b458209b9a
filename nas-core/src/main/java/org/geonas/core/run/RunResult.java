package org.geonas.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.geonas.core.search.EpochMetrics;

/**
 * The outcome of one search run, as written to {@link RunLayout#RESULT}.
 *
 * @param runId the spec's stable id
 * @param spec the run spec, defaults filled in
 * @param status succeeded, failed or diverged
 * @param error the failure's message, or null
 * @param divergedEpoch the epoch a divergence happened in, or null
 * @param finalArch the derived architecture at the end (null if the weights are not finite)
 * @param finalWeights the architecture weights at the end: cell type to edges x ops
 * @param epochs the metrics of every completed epoch
 * @param searchSeconds wall time of the search
 * @param device the device it ran on
 * @param params trainable parameter values of the supernet
 * @param provenance what produced this result
 */
public record RunResult(String runId, RunSpec spec, RunStatus status, String error, Integer divergedEpoch,
        String finalArch, Map<String, double[][]> finalWeights, List<EpochMetrics> epochs, double searchSeconds,
        String device, long params, Provenance provenance) implements StageResult {

    @Override
    public String id() {
        return runId;
    }

    /** Writes {@link RunLayout#RESULT} into the run folder {@code dir} atomically. */
    public void write(Path dir) {
        RunLayout layout = new RunLayout(dir);
        Json.writeAtomically(this, layout.resultTmp(), layout.result());
    }

    /** The JSON form written to {@link RunLayout#RESULT}. */
    @Override
    public String toJson() {
        try {
            return Json.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses what {@link #toJson()} wrote. */
    public static RunResult fromJson(String json) {
        try {
            return Json.JSON.readValue(json, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a GeoNAS result (" + RunSpec.describe(e) + ")", e);
        }
    }

    /** A result for a run that never produced one itself (its JVM died, say). */
    public static RunResult failed(RunSpec spec, String error, double seconds, String device) {
        return new RunResult(spec.runId(), spec, RunStatus.FAILED, error, null, null, null, List.of(), seconds, device, 0,
                Provenance.current());
    }

    /** Whether the run is finished for good: succeeded or diverged (failed runs are tried again). */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isComplete() {
        return status == RunStatus.SUCCEEDED || status == RunStatus.DIVERGED;
    }

    /** Reads a {@link RunLayout#RESULT} file. */
    public static RunResult read(Path file) {
        try {
            return Json.JSON.readValue(file.toFile(), RunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a GeoNAS result (" + RunSpec.describe(e) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
