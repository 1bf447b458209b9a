package org.geonas.core.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.geonas.core.evaluate.TrainEpoch;

/**
 * The outcome of the training of one genotype, as written to {@link RunLayout#RESULT} of its folder.
 *
 * @param trainId the spec's stable id
 * @param spec the train spec, defaults filled in
 * @param status succeeded, failed or diverged
 * @param error the failure's or divergence's message, or null
 * @param divergedEpoch the epoch a divergence happened in, or null
 * @param genotype the trained genotype's text form
 * @param epochs the figures of every completed epoch
 * @param finalTestAcc the test accuracy after the last epoch, or null without one
 * @param finalTestError {@code 1 - finalTestAcc}, or null
 * @param params trainable parameters without the auxiliary head (as the literature counts them)
 * @param paramsWithAuxiliary trainable parameters with it
 * @param trainSeconds wall time of the training
 * @param device the device it ran on
 * @param provenance what produced this result
 */
public record TrainResult(String trainId, TrainSpec spec, RunStatus status, String error, Integer divergedEpoch,
        String genotype, List<TrainEpoch> epochs, Double finalTestAcc, Double finalTestError, long params,
        long paramsWithAuxiliary, double trainSeconds, String device, Provenance provenance) implements StageResult {

    @Override
    public String id() {
        return trainId;
    }

    /** A result from the epochs run so far: the final figures are the last epoch's. */
    static TrainResult of(TrainSpec spec, RunStatus status, String error, Integer divergedEpoch,
            List<TrainEpoch> epochs, long params, long paramsWithAuxiliary, double seconds, String device) {
        TrainEpoch last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        Double acc = last == null || status != RunStatus.SUCCEEDED ? null : last.testAcc();
        return new TrainResult(spec.trainId(), spec, status, error, divergedEpoch,
                spec.get(org.geonas.core.evaluate.TrainSettings.GENOTYPE).encode(), List.copyOf(epochs), acc,
                acc == null ? null : 1 - acc, params, paramsWithAuxiliary, seconds, device, Provenance.current());
    }

    /** A result for a training that never produced one itself (its JVM died, say). */
    public static TrainResult failed(TrainSpec spec, String error, double seconds, String device) {
        return new TrainResult(spec.trainId(), spec, RunStatus.FAILED, error, null,
                spec.get(org.geonas.core.evaluate.TrainSettings.GENOTYPE).encode(), List.of(), null, null, 0, 0,
                seconds, device, Provenance.withoutEngine());
    }

    /** Whether the training is finished for good: succeeded or diverged (failed ones are tried again). */
    @Override
    @JsonIgnore
    public boolean isComplete() {
        return status == RunStatus.SUCCEEDED || status == RunStatus.DIVERGED;
    }

    /** Writes {@link RunLayout#RESULT} into the folder {@code dir} atomically. */
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
    public static TrainResult fromJson(String json) {
        try {
            return Json.JSON.readValue(json, TrainResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a GeoNAS training result (" + RunSpec.describe(e) + ")", e);
        }
    }

    /** Reads a {@link RunLayout#RESULT} file of a training. */
    public static TrainResult read(Path file) {
        try {
            return Json.JSON.readValue(file.toFile(), TrainResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a GeoNAS training result (" + RunSpec.describe(e) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
