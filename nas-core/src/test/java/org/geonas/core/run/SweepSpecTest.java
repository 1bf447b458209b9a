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

    /** A DARTS-space sweep with an evaluation stage, as conf/sweeps/darts-eval-quick.yaml writes one. */
    private static final String EVALUATED = String.join("\n",
            "name: eval",
            "output: out/eval",
            "data:",
            "  fashion-mnist: /data/fm",
            "  cifar10: /data/c10",
            "grid:",
            "  space: [darts, nb201]",
            "  method: [gaea-pcdarts, darts]",
            "  dataset: [fashion-mnist]",
            "  seed: [0, 1]",
            "training:",
            "  epochs: 1",
            "evaluate:",
            "  runs: succeeded",
            "  methods: [gaea-pcdarts]",
            "  seeds: [0, 7]",
            "  training:",
            "    epochs: 3",
            "    channels: 8",
            "    layers: 3",
            "    image_size: 32",
            "    train_limit: 300",
            "");

    /** A search result as a sweep would read it back, without running anything. */
    private static RunResult searched(RunSpec spec, RunStatus status, String finalArch) {
        return new RunResult(spec.runId(), spec, status, null, null, finalArch, null, List.of(), 1, "cpu", 0,
                Provenance.withoutEngine());
    }

    @Test
    void evaluateTrainsEverySelectedSucceededDartsRunOncePerSeed() throws Exception {
        SweepSpec spec = SweepSpec.fromYaml(write(EVALUATED));
        String genotype = org.geonas.core.space.DartsGenotype.named("DARTS_V2").encode();
        assertEquals(List.of(0L, 7L), spec.evaluate().seeds());
        int trained = 0;
        for (RunSpec run : spec.expand()) {
            boolean selected = run.get(org.geonas.core.search.SearchSettings.SPACE).id().equals("darts")
                    && run.get(METHOD) == ArchMethod.GAEA_PCDARTS;
            List<TrainSpec> trainings = spec.trainings(searched(run, RunStatus.SUCCEEDED, genotype));
            assertEquals(selected ? 2 : 0, trainings.size(), run.toJson());
            assertTrue(spec.trainings(searched(run, RunStatus.FAILED, null)).isEmpty());
            assertTrue(spec.trainings(searched(run, RunStatus.DIVERGED, genotype)).isEmpty());
            for (TrainSpec t : trainings) {
                assertEquals(run.runId(), t.get(org.geonas.core.evaluate.TrainSettings.SOURCE_RUN));
                assertEquals(genotype, t.get(org.geonas.core.evaluate.TrainSettings.GENOTYPE).encode());
                assertEquals(DatasetKind.FASHION_MNIST, t.get(org.geonas.core.evaluate.TrainSettings.DATASET));
                assertEquals("/data/fm", t.get(org.geonas.core.evaluate.TrainSettings.DATA_DIR));
                assertEquals(3, t.get(org.geonas.core.evaluate.TrainSettings.EPOCHS));
                assertEquals(300, t.get(org.geonas.core.evaluate.TrainSettings.TRAIN_LIMIT));
                assertEquals(8, t.get(org.geonas.core.evaluate.TrainSettings.CHANNELS));
                assertEquals(TrainSpec.fromJson(t.toJson()).trainId(), t.trainId());
            }
            assertEquals(selected ? List.of(0L, 7L) : List.of(), trainings.stream()
                    .map(t -> t.get(org.geonas.core.evaluate.TrainSettings.SEED)).toList());
            trained += trainings.size();
        }
        assertEquals(2 * 2, trained, "2 gaea-pcdarts DARTS runs x 2 seeds");

        // dataset set in evaluate.training: its folder from data; without methods, every method's runs
        SweepSpec other = SweepSpec.fromYaml(write(EVALUATED.replace("  methods: [gaea-pcdarts]\n", "")
                .replace("    epochs: 3", "    epochs: 3\n    dataset: cifar10")));
        RunSpec darts = other.expand().stream().filter(r -> r.get(METHOD) == ArchMethod.DARTS
                && r.get(org.geonas.core.search.SearchSettings.SPACE).id().equals("darts")).findFirst().orElseThrow();
        TrainSpec t = other.trainings(searched(darts, RunStatus.SUCCEEDED, genotype)).get(0);
        assertEquals(DatasetKind.CIFAR10, t.get(org.geonas.core.evaluate.TrainSettings.DATASET));
        assertEquals("/data/c10", t.get(org.geonas.core.evaluate.TrainSettings.DATA_DIR));
        // distinct ids per (run, seed), and none without an evaluate section
        assertEquals(2, other.trainings(searched(darts, RunStatus.SUCCEEDED, genotype)).stream()
                .map(TrainSpec::trainId).distinct().count());
        assertTrue(SweepSpec.fromYaml(write(GOOD)).evaluate() == null);
    }

    @Test
    void evaluateMistakesGetOneLineNamingTheFileAndTheKeyBeforeAnySearch() throws Exception {
        assertBad(EVALUATED.replace("  runs: succeeded", "  runs: all"), "evaluate.runs: only 'succeeded'");
        assertBad(EVALUATED.replace("[gaea-pcdarts]\n", "[gdas]\n"), "evaluate.methods: gdas is not a method of grid.method");
        assertBad(EVALUATED.replace("[gaea-pcdarts]\n", "[]\n"), "evaluate.methods: an empty list");
        assertBad(EVALUATED.replace("[0, 7]", "[1, 1]"), "evaluate.seeds");
        assertBad(EVALUATED.replace("[darts, nb201]", "[nb201]"), "evaluate: trains DARTS-space genotypes, and grid.space [nb201] has no darts");
        assertBad(EVALUATED.replace("    layers: 3", "    layers: 3\n    depth: 4"), "evaluate.training: unknown key 'depth'");
        assertBad(EVALUATED.replace("    layers: 3", "    layers: 1"), "evaluate.training: layers must be at least 3");
        assertBad(EVALUATED.replace("    image_size: 32", "    image_size: 16"), "evaluate.training: auxiliary needs image_size 32");
        assertBad(EVALUATED.replace("    channels: 8", "    channels: 7"), "evaluate.training: channels");
        assertBad(EVALUATED.replace("    layers: 3", "    layers: 3\n    seed: 2"), "evaluate.training.seed: not settable here; set evaluate.seeds");
        assertBad(EVALUATED.replace("    layers: 3", "    layers: 3\n    genotype: DARTS_V2"), "evaluate.training.genotype");
        assertBad(EVALUATED.replace("    layers: 3", "    layers: 3\n    data_dir: /x"), "evaluate.training.data_dir");
        assertBad(EVALUATED.replace("    layers: 3", "    layers: 3\n    dataset: cifar100"), "evaluate.training.dataset: data has no folder for dataset cifar100");
        assertBad(EVALUATED.replace("  runs: succeeded", "  runs: succeeded\n  colour: red"), "unknown key 'evaluate.colour'");
        assertBad(EVALUATED.replace("  seeds: [0, 7]", "  seeds: [zero]"), "evaluate.seeds");
    }

    private void assertBad(String text, String expected) throws Exception {
        Path file = write(text);
        String m = assertThrows(IllegalArgumentException.class, () -> SweepSpec.fromYaml(file)).getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
        assertTrue(!m.contains("\n"), "one line: " + m);
    }
}
