package org.geonas.core.run;

import static org.geonas.core.search.SearchSettings.ARCH_LR;
import static org.geonas.core.search.SearchSettings.CHANNELS;
import static org.geonas.core.search.SearchSettings.DATASET;
import static org.geonas.core.search.SearchSettings.DATA_DIR;
import static org.geonas.core.search.SearchSettings.EPOCHS;
import static org.geonas.core.search.SearchSettings.METHOD;
import static org.geonas.core.search.SearchSettings.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.geonas.core.data.DatasetKind;
import org.geonas.core.optim.ArchMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files: expansion into runs, and one clear line for every kind of mistake, before any work. */
class SweepSpecTest {

    @TempDir
    Path tmp;

    private static final String GOOD = String.join("\n",
            "name: demo",
            "output: out/demo",
            "data:",
            "  fashion-mnist: /data/fm",
            "grid:",
            "  method: [darts, gaea]",
            "  mode: [bilevel, erm]",
            "  dataset: [fashion-mnist, synthetic]",
            "  seed: [0, 1, 2]",
            "training:",
            "  epochs: 3",
            "  channels: 8",
            "overrides:",
            "  gaea:",
            "    arch_lr: 0.5",
            "");

    private Path write(String text) throws Exception {
        Path file = tmp.resolve("sweep.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void expandsTheGridWithSharedSettingsAndOverrides() throws Exception {
        SweepSpec spec = SweepSpec.fromYaml(write(GOOD));
        List<RunSpec> runs = spec.expand();
        assertEquals(2 * 2 * 2 * 3, runs.size());
        assertEquals(runs.size(), runs.stream().map(RunSpec::runId).collect(Collectors.toSet()).size());
        assertTrue(runs.stream().allMatch(r -> r.get(EPOCHS) == 3 && r.get(CHANNELS) == 8));
        assertTrue(runs.stream().filter(r -> r.get(METHOD) == ArchMethod.GAEA).allMatch(r -> r.get(ARCH_LR) == 0.5));
        assertTrue(runs.stream().filter(r -> r.get(METHOD) == ArchMethod.DARTS).allMatch(r -> r.get(ARCH_LR) == 3e-4));
        assertTrue(runs.stream().filter(r -> r.get(DATASET) == DatasetKind.FASHION_MNIST).allMatch(r -> r.get(DATA_DIR).equals("/data/fm")));
        assertEquals(Set.of(0L, 1L, 2L), runs.stream().map(r -> r.get(SEED)).collect(Collectors.toSet()));
        assertEquals(1, spec.execution().threadsPerRun());
    }

    @Test
    void mistakesGetOneLineNamingTheFileAndTheKey() throws Exception {
        assertBad(GOOD.replace("  epochs: 3", "  epochs: 3\n  epoch_count: 4"), "training: unknown key 'epoch_count'");
        assertBad(GOOD.replace("[darts, gaea]", "[darts, adam]"), "unknown method 'adam'");
        assertBad(GOOD.replace("  epochs: 3", "  epochs: -1"), "epochs must be a positive integer");
        assertBad(GOOD.replace("  epochs: 3", "  epochs: many"), "epochs");
        assertBad(GOOD.replace("  fashion-mnist: /data/fm\n", "  cifar10: /data/c\n"), "data has no folder for dataset fashion-mnist");
        assertBad(GOOD.replace("name: demo", "name: 'bad name'"), "name");
        assertBad(GOOD.replace("output: out/demo\n", ""), "output is required");
        assertBad(GOOD + "colour: red\n", "unknown key 'colour'");
        assertBad(GOOD.replace("    arch_lr: 0.5", "    arch_lr: 0.5\n  rsws:\n    arch_lr: 1"), "overrides.rsws");
        assertBad(GOOD.replace("  channels: 8", "  channels: 8\n  seed: 4"), "grid.seed");
        assertBad("name: [", "sweep.yaml");
    }

    @Test
    void aFileWithoutOutputTakesTheOneGivenAndOneGivenOverridesTheFiles() throws Exception {
        Path file = write(GOOD.replace("output: out/demo\n", ""));
        assertEquals("elsewhere/out", SweepSpec.fromYaml(file, "elsewhere/out").output());
        assertEquals("other", SweepSpec.fromYaml(write(GOOD), "other").output());
        assertEquals("out/demo", SweepSpec.fromYaml(write(GOOD), null).output());
    }

    private void assertBad(String text, String expected) throws Exception {
        Path file = write(text);
        String m = assertThrows(IllegalArgumentException.class, () -> SweepSpec.fromYaml(file)).getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
        assertTrue(!m.contains("\n"), "one line: " + m);
    }
}
