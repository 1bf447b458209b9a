package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.geonas.core.evaluate.TrainEpoch;
import org.geonas.core.evaluate.TrainListener;
import org.geonas.core.evaluate.TrainSettings;
import org.geonas.core.search.Checkpoint;
import org.geonas.core.space.DartsGenotype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation stage end to end on a tiny network (C=4, 3 cells, 32x32 synthetic images, the
 * auxiliary head, drop path, cutout): the result file, the spec's checks, and a training killed
 * (SIGKILL) in its own JVM after its first checkpoint resuming to bit-identical weights.
 */
class TrainRunTest {

    @TempDir
    Path tmp;

    static TrainSpec tiny(int epochs, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("genotype", "PC_DARTS_cifar");
        m.put("dataset", "synthetic");
        m.put("epochs", epochs);
        m.put("channels", 4);
        m.put("layers", 3);
        m.put("batch", 16);
        m.put("train_limit", 64);
        m.put("test_limit", 32);
        m.put("drop_path_prob", 0.3);
        m.put("seed", 3);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return TrainSpec.fromMap(m);
    }

    @Test
    void specDefaultsAreTheReferenceEvaluationConfig() {
        TrainSpec spec = TrainSpec.fromMap(Map.of("genotype", "DARTS_V2", "dataset", "cifar10", "data_dir", "/d"));
        assertEquals(600, spec.get(TrainSettings.EPOCHS));
        assertEquals(36, spec.get(TrainSettings.CHANNELS));
        assertEquals(20, spec.get(TrainSettings.LAYERS));
        assertEquals(96, spec.get(TrainSettings.BATCH));
        assertEquals(0.025, spec.get(TrainSettings.WEIGHT_LR));
        assertEquals(0.0, spec.get(TrainSettings.WEIGHT_LR_MIN));
        assertEquals(3e-4, spec.get(TrainSettings.WEIGHT_DECAY));
        assertEquals(0.9, spec.get(TrainSettings.MOMENTUM));
        assertEquals(5.0, spec.get(TrainSettings.GRAD_CLIP));
        assertEquals(0.4, spec.get(TrainSettings.AUXILIARY_WEIGHT));
        assertEquals(0.2, spec.get(TrainSettings.DROP_PATH_PROB));
        assertEquals(16, spec.get(TrainSettings.CUTOUT));
        assertTrue(spec.get(TrainSettings.AUXILIARY));
        assertEquals(DartsGenotype.DARTS_V2, spec.get(TrainSettings.GENOTYPE));
        // a name and its text are the same training
        TrainSpec byText = TrainSpec.fromMap(Map.of("genotype", DartsGenotype.DARTS_V2_TEXT, "dataset", "cifar10",
                "data_dir", "/elsewhere"));
        assertEquals(spec.trainId(), byText.trainId());
        assertEquals(spec, TrainSpec.fromJson(spec.toJson()));
        // the schedule: cosine to 0 over the epochs, drop path growing linearly
        assertEquals(0.025, TrainSettings.learningRate(spec.settings(), 0), 1e-15);
        assertEquals(0.0125, TrainSettings.learningRate(spec.settings(), 300), 1e-15);
        assertEquals(0.1, TrainSettings.dropPathProbability(spec.settings(), 300), 1e-15);
    }

    @Test
    void theCommittedTrainSettingsDocumentationIsGeneratedFromTheDeclarations() throws Exception {
        Path file = Path.of("..").resolve(org.geonas.core.evaluate.TrainSettingsDoc.FILE);
        assertEquals(org.geonas.core.evaluate.TrainSettingsDoc.markdown(), Files.readString(file), file
                + " is stale: regenerate it with TrainSettingsDoc.main (see its javadoc)");
    }

    @Test
    void badSpecsFailInOneLineNamingTheFix() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TrainSpec.fromMap(Map.of("genotype", "DARTS_V3", "dataset", "synthetic")));
        assertTrue(unknown.getMessage().contains("DARTS_V2"), unknown.getMessage());
        IllegalArgumentException aux = assertThrows(IllegalArgumentException.class,
                () -> TrainSpec.fromMap(Map.of("genotype", "DARTS_V2", "dataset", "fashion-mnist", "data_dir", "/d")));
        assertTrue(aux.getMessage().contains("image_size: 32"), aux.getMessage());
        assertFalse(aux.getMessage().contains("\n"));
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> TrainSpec.fromMap(Map.of("genotype", "DARTS_V2", "dataset", "synthetic", "train_limit", 50)));
        assertTrue(limit.getMessage().contains("train_limit") && limit.getMessage().contains("batch (96)"),
                limit.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainSpec.fromMap(Map.of("dataset", "synthetic")));
        assertTrue(missing.getMessage().contains("genotype"), missing.getMessage());
    }

    @Test
    void trainsAndWritesItsResult() {
        TrainSpec spec = tiny(2);
        Path out = tmp.resolve("t");
        TrainResult result = new TrainRun(spec, out, Device.cpu()).execute(false, new TrainListener() { });
        assertEquals(RunStatus.SUCCEEDED, result.status());
        assertEquals(2, result.epochs().size());
        TrainEpoch last = result.epochs().get(1);
        assertEquals(last.testAcc(), result.finalTestAcc());
        assertEquals(1 - last.testAcc(), result.finalTestError(), 1e-15);
        assertEquals(0.15, last.dropPathProb(), 1e-15);
        assertEquals(DartsGenotype.PC_DARTS_CIFAR.evalParameterCount(4, 3, 10), result.params());
        assertTrue(result.paramsWithAuxiliary() > result.params());
        assertTrue(Double.isFinite(last.trainLoss()) && Double.isFinite(last.testLoss()));
        TrainResult read = TrainResult.read(out.resolve(RunLayout.RESULT));
        assertEquals(result.epochs(), read.epochs());
        assertEquals(spec, read.spec());
        assertNotNull(read.provenance());
        assertNull(read.error());
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> new TrainRun(spec, out, Device.cpu()).validate(false));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());
    }

    @Test
    void aDivergingTrainingIsRecordedAsDiverged() {
        TrainSpec spec = tiny(2, "weight_lr", 1e30, "weight_lr_min", 0.0, "grad_clip", 1e30, "drop_path_prob", 0.0);
        TrainResult result = new TrainRun(spec, tmp.resolve("d"), Device.cpu()).execute(false, new TrainListener() { });
        assertEquals(RunStatus.DIVERGED, result.status());
        assertNotNull(result.divergedEpoch());
        assertTrue(result.error().startsWith("diverged in epoch "), result.error());
        assertNull(result.finalTestError());
        assertEquals(RunStatus.DIVERGED, TrainResult.read(tmp.resolve("d").resolve(RunLayout.RESULT)).status());
    }

    @Test
    void killedTrainingResumesBitIdentical() throws Exception {
        TrainSpec spec = tiny(3);
        Path specFile = tmp.resolve("train.json");
        Files.writeString(specFile, spec.toJson());
        Path killed = tmp.resolve("killed");
        Process child = TinyRuns.childCommand(TrainMain.class, specFile, killed, 0).start();
        Path first = killed.resolve("checkpoints/epoch-0000/state.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(first) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(first), "the training never wrote its first checkpoint");
        assertTrue(child.isAlive(), "the training finished before it could be killed; make it longer");
        child.destroyForcibly().waitFor();
        assertFalse(Files.exists(killed.resolve(RunLayout.RESULT)), "a killed training has no result");

        // both in JVMs of their own: each chooses its oneDNN cap for this network before libtorch loads,
        // as a real training does (this test JVM runs under the cap of the tiny search supernets)
        ProcessBuilder resume = TinyRuns.childCommand(TrainMain.class, specFile, killed, 0);
        resume.command().add("--resume");
        resume.redirectOutput(tmp.resolve("resumed.log").toFile());
        assertEquals(0, resume.start().waitFor(), "resumed training failed; see resumed.log");
        Path straight = tmp.resolve("straight");
        assertEquals(0, TinyRuns.childCommand(TrainMain.class, specFile, straight, 0).start().waitFor());

        TrainResult resumed = TrainResult.read(killed.resolve(RunLayout.RESULT));
        TrainResult uninterrupted = TrainResult.read(straight.resolve(RunLayout.RESULT));
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        assertEquals(3, resumed.epochs().size());
        for (int e = 0; e < 3; e++) {
            TrainEpoch a = uninterrupted.epochs().get(e);
            TrainEpoch b = resumed.epochs().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "epoch " + e);
            assertEquals(a.testLoss(), b.testLoss(), 0.0, "epoch " + e);
        }
        String last = Checkpoint.folderName(2);
        assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoints").resolve(last).resolve(Checkpoint.NETWORK)),
                Files.readAllBytes(killed.resolve("checkpoints").resolve(last).resolve(Checkpoint.NETWORK)),
                "the resumed training's final weights differ from the uninterrupted one's");
    }
}
