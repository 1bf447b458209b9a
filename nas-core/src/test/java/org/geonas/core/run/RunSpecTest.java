package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals(0.1, gaea.archLr());
        assertEquals(0.0, gaea.archWeightDecay());
        assertEquals(3e-4, darts.archLr());
        assertEquals(1e-3, darts.archWeightDecay());
        assertEquals(16, gaea.channels());
        assertEquals(5, gaea.cells());
        assertEquals(64, gaea.batch());
        assertEquals("bilevel", gaea.mode());
    }

    @Test
    void jsonRoundTripAndStableId() {
        RunSpec spec = TinyRuns.synthetic("darts", "erm", 2, 100, 5);
        assertEquals(spec, RunSpec.fromJson(spec.toJson()));
        assertEquals(spec.runId(), RunSpec.fromJson(spec.toJson()).runId());
        assertNotEquals(spec.runId(), spec.withSeed(6).runId());
        RunSpec withData = new RunSpec("nb201", "gaea", null, "fashion-mnist", "/a", 1, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
        assertEquals(withData.runId(), withData.withDataDir("/elsewhere").runId());
    }

    @Test
    void yamlFileWithSnakeCaseKeys() throws Exception {
        Path file = tmp.resolve("run.yaml");
        Files.writeString(file, "method: gaea\ndataset: synthetic\nepochs: 2\nimage_size: 8\ntrain_limit: 64\n");
        RunSpec spec = RunSpec.fromYaml(file);
        assertEquals(8, spec.imageSize());
        assertEquals(64, spec.trainLimit());
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
        assertMessage("unknown mode", () -> new RunSpec(null, "gaea", "trilevel", "synthetic", null, 1, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null));
        assertMessage("batch must be at least 2", () -> new RunSpec(null, "gaea", null, "synthetic", null, 1, null, null,
                0, null, null, null, null, null, null, null, null, null, null, null, null));
        assertMessage("unknown search space", () -> new RunSpec("nb301", "gaea", null, "synthetic", null, 1, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        String m = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(m.contains(expected), m);
    }
}
