package org.geonas.core.run;

import static org.geonas.core.search.SearchSettings.ARCH_LR;
import static org.geonas.core.search.SearchSettings.ARCH_WEIGHT_DECAY;
import static org.geonas.core.search.SearchSettings.BATCH;
import static org.geonas.core.search.SearchSettings.CELLS;
import static org.geonas.core.search.SearchSettings.CHANNELS;
import static org.geonas.core.search.SearchSettings.DATA_DIR;
import static org.geonas.core.search.SearchSettings.IMAGE_SIZE;
import static org.geonas.core.search.SearchSettings.METHOD;
import static org.geonas.core.search.SearchSettings.MODE;
import static org.geonas.core.search.SearchSettings.SCHEDULER_EPOCHS;
import static org.geonas.core.search.SearchSettings.SEED;
import static org.geonas.core.search.SearchSettings.TRAIN_LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.geonas.core.optim.ArchMethod;
import org.geonas.core.search.SearchMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec defaults, validation, JSON/YAML round trips and the stable run id. */
class RunSpecTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsComeFromTheMethod() {
        RunSpec gaea = RunSpec.of("gaea", "synthetic", null, 3);
        RunSpec darts = RunSpec.of("darts", "synthetic", null, 3);
        assertEquals(0.1, gaea.get(ARCH_LR));
        assertEquals(0.0, gaea.get(ARCH_WEIGHT_DECAY));
        assertEquals(3e-4, darts.get(ARCH_LR));
        assertEquals(1e-3, darts.get(ARCH_WEIGHT_DECAY));
        assertEquals(16, gaea.get(CHANNELS));
        assertEquals(5, gaea.get(CELLS));
        assertEquals(64, gaea.get(BATCH));
        assertEquals(SearchMode.BILEVEL, gaea.get(MODE));
        assertEquals(0.1, gaea.with(METHOD, ArchMethod.DARTS).with(METHOD, ArchMethod.GAEA).get(ARCH_LR),
                "a default follows the setting it depends on");
        assertEquals(3e-4, gaea.with(METHOD, ArchMethod.DARTS).get(ARCH_LR));
        assertEquals(0.5, gaea.with(ARCH_LR, 0.5).with(METHOD, ArchMethod.DARTS).get(ARCH_LR), "a given value stays");
    }

    @Test
    void jsonRoundTripAndStableId() {
        RunSpec spec = TinyRuns.synthetic("darts", "erm", 2, 100, 5);
        assertEquals(spec, RunSpec.fromJson(spec.toJson()));
        assertEquals(spec.runId(), RunSpec.fromJson(spec.toJson()).runId());
        assertNotEquals(spec.runId(), spec.with(SEED, 6L).runId());
        RunSpec withData = TinyRuns.spec("space", "nb201", "method", "gaea", "dataset", "fashion-mnist", "data_dir", "/a", "epochs", 1);
        assertEquals(withData.runId(), withData.with(DATA_DIR, "/elsewhere").runId());
    }

    @Test
    void yamlFileWithSnakeCaseKeys() throws Exception {
        Path file = tmp.resolve("run.yaml");
        Files.writeString(file, "method: gaea\ndataset: synthetic\nepochs: 2\nimage_size: 8\ntrain_limit: 64\n");
        RunSpec spec = RunSpec.fromYaml(file);
        assertEquals(8, spec.get(IMAGE_SIZE));
        assertEquals(64, spec.get(TRAIN_LIMIT));
    }

    @Test
    void badYamlGetsOneLineNamingFileAndKey() throws Exception {
        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "method: gaea\ndataset: synthetic\nepochs: 2\nepoch_count: 3\n");
        String m = assertThrows(IllegalArgumentException.class, () -> RunSpec.fromYaml(unknown)).getMessage();
        assertTrue(m.startsWith(unknown.toString()) && m.contains("epoch_count") && !m.contains("\n"), m);

        Path badValue = tmp.resolve("bad.yaml");
        Files.writeString(badValue, "method: gaea\ndataset: synthetic\nepochs: many\n");
        m = assertThrows(IllegalArgumentException.class, () -> RunSpec.fromYaml(badValue)).getMessage();
        assertTrue(m.contains("epochs") && m.startsWith(badValue.toString()), m);

        Path malformed = tmp.resolve("malformed.yaml");
        Files.writeString(malformed, "method: [gaea\n");
        m = assertThrows(IllegalArgumentException.class, () -> RunSpec.fromYaml(malformed)).getMessage();
        assertTrue(m.startsWith(malformed.toString()) && !m.contains("\n"), m);

        m = assertThrows(IllegalArgumentException.class, () -> RunSpec.fromYaml(tmp.resolve("none.yaml"))).getMessage();
        assertTrue(m.contains("none.yaml"), m);
    }

    @Test
    void invalidValuesFailWithTheirName() {
        assertMessage("unknown method 'adam'", () -> RunSpec.of("adam", "synthetic", null, 1));
        assertMessage("epochs must be a positive integer", () -> RunSpec.of("gaea", "synthetic", null, 0));
        assertMessage("data_dir is required", () -> RunSpec.of("gaea", "cifar10", null, 1));
        assertMessage("unknown mode", () -> TinyRuns.spec("method", "gaea", "mode", "trilevel", "dataset", "synthetic", "epochs", 1));
        assertMessage("batch must be at least 2", () -> TinyRuns.spec("method", "gaea", "dataset", "synthetic", "epochs", 1, "batch", 0));
        assertMessage("unknown search space", () -> TinyRuns.spec("space", "nb301", "method", "gaea", "dataset", "synthetic", "epochs", 1));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        String m = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(m.contains(expected), m);
    }

    /**
     * Run ids computed before the settings were declared in one place (commit 428bb3c): resumed
     * sweeps find their runs only while these hold. A setting added since (scheduler_epochs) enters
     * the id only when it leaves its default.
     */
    @Test
    void runIdsAreThoseOfEarlierVersions() {
        RunSpec plain = RunSpec.of("gaea", "synthetic", null, 3);
        assertEquals("5420dfe3cda178c5", plain.runId());
        assertEquals("b0deda27ea378d06", TinyRuns.spec("space", "darts", "method", "pcdarts", "mode", "erm",
                "dataset", "fashion-mnist", "data_dir", "/data/fm", "epochs", 5, "channels", 8, "cells", 3, "batch", 32,
                "image_size", 16, "train_limit", 1000, "seed", 7L, "weight_lr", 0.05, "eval_limit", 100).runId());
        assertEquals("ca3f1e48d0e5913a", RunSpec.of("darts", "cifar10", "/x", 25).with(SEED, 2L).runId());
        assertEquals(plain.runId(), plain.with(SCHEDULER_EPOCHS, 3).runId(), "at its default");
        assertNotEquals(plain.runId(), plain.with(SCHEDULER_EPOCHS, 6).runId());
        assertEquals(3, plain.get(SCHEDULER_EPOCHS), "defaults to the run's epochs");
        assertEquals(plain, RunSpec.fromJson(plain.toJson()));
        assertTrue(plain.toJson().contains("\"scheduler_epochs\":3"), plain.toJson());
        assertMessage("scheduler_epochs must be at least epochs (3), got 2", () -> plain.with(SCHEDULER_EPOCHS, 2));
    }

    @Test
    void theSettingsAreTheRunSpecsKeys() {
        RunSpec spec = RunSpec.of("gaea", "synthetic", null, 3);
        java.util.Set<String> keys = new java.util.TreeSet<>();
        spec.toTree().fieldNames().forEachRemaining(keys::add);
        assertEquals(org.geonas.core.search.SearchSettings.CATALOGUE.keys(), keys);
        assertMessage("epochs is required (a positive integer)", () -> TinyRuns.spec("method", "gaea",
                "dataset", "synthetic"));
        assertMessage("bad value for key 'channels': expected an integer, got \"8\"", () -> TinyRuns.spec(
                "method", "gaea", "dataset", "synthetic", "epochs", 1, "channels", "8"));
        assertMessage("weight_lr_min must be in [0, weight_lr = 0.025], got 0.5", () -> TinyRuns.spec(
                "method", "gaea", "dataset", "synthetic", "epochs", 1, "weight_lr_min", 0.5));
    }

    @Test
    void theCommittedSettingsDocumentationIsGeneratedFromTheDeclarations() throws Exception {
        Path file = Path.of("..").resolve(org.geonas.core.search.SettingsDoc.FILE);
        assertEquals(org.geonas.core.search.SettingsDoc.markdown(), Files.readString(file), file
                + " is stale: regenerate it with SettingsDoc.main (see its javadoc)");
    }
}
