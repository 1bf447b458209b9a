package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sweep files shipped in conf/sweeps (the quickstart and the GAEA paper's experiments): each
 * is listed here with the number of runs (and trainings of its evaluation stage) it expands to and
 * in conf/sweeps/README.md, begins with its comment, and reads with the project's sweep reader into
 * runs and trainings that all resolve, keep every setting the file writes, and read back from their
 * JSON unchanged.
 */
class PaperSweepsTest {

    private static final Path SWEEPS = Path.of(System.getProperty("geonas.project.dir", "..")).resolve("conf/sweeps");

    /** Every sweep file and its runs: space x method x mode x dataset x seed. */
    private static final Map<String, Integer> EXPECTED_RUNS = Map.of(
            "quickstart.yaml", 1 * 2 * 1 * 1 * 2,
            "fashion-mnist-entropy-proxy.yaml", 1 * 2 * 1 * 1 * 2,
            "paper-nb201-gaea-darts-bilevel.yaml", 1 * 1 * 1 * 3 * 4,
            "paper-nb201-gaea-darts-erm.yaml", 1 * 1 * 1 * 3 * 4,
            "paper-nb201-gaea-gdas.yaml", 1 * 1 * 1 * 3 * 4,
            "paper-nb201-baselines-darts-gdas.yaml", 1 * 2 * 1 * 1 * 3,
            "paper-darts-gaea-pcdarts-cifar10.yaml", 1 * 1 * 1 * 1 * 4,
            "darts-eval-quick.yaml", 1 * 1 * 1 * 1 * 2);

    /** The files with an evaluation stage and its trainings: every run's genotype x the training seeds. */
    private static final Map<String, Integer> EXPECTED_TRAININGS = Map.of(
            "paper-darts-gaea-pcdarts-cifar10.yaml", 4 * 1,
            "darts-eval-quick.yaml", 2 * 1);

    static Stream<String> sweepFiles() {
        return new TreeSet<>(EXPECTED_RUNS.keySet()).stream();
    }

    @Test
    void everySweepFileIsListedHereAndInTheReadme() throws IOException {
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(SWEEPS)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(EXPECTED_RUNS.keySet()), onDisk,
                "conf/sweeps/*.yaml and this test's list differ: add the new file with its number of runs");
        String readme = Files.readString(SWEEPS.resolve("README.md"));
        for (String file : onDisk) {
            assertTrue(readme.contains("(" + file + ")"), "conf/sweeps/README.md does not link " + file);
        }
    }

    /** What a paper sweep's opening comment must say: the row, the figures, the GPU time, the command. */
    @ParameterizedTest
    @MethodSource("sweepFiles")
    void beginsWithACommentSayingWhatItReproducesAndHowToRunIt(String name) throws IOException {
        List<String> lines = Files.readAllLines(SWEEPS.resolve(name));
        assertTrue(lines.get(0).startsWith("# "), name + " must begin with a comment");
        if (name.startsWith("paper-")) {
            String comment = lines.stream().takeWhile(l -> l.startsWith("#")).collect(Collectors.joining("\n"));
            for (String needed : List.of("# Reproduces:", "# Published figures", "# Expected time on one GPU",
                    "sweep conf/sweeps/" + name, "# Settings:")) {
                assertTrue(comment.contains(needed), name + ": its opening comment lacks '" + needed + "'");
            }
        }
    }

    /**
     * Reads the file as {@code geonas sweep} does and checks its runs. For the paper files this
     * needs the settings exclude_none, init, erm_step, gdas_unsampled_ops, search_split and
     * derive_from and the dataset imagenet16-120: until they exist, {@link SweepSpec#fromYaml}
     * rejects those files with "unknown key" or "unknown dataset".
     */
    @ParameterizedTest
    @MethodSource("sweepFiles")
    void expandsToTheExpectedRunsAndEveryRunResolves(String name) {
        SweepSpec spec = SweepSpec.fromYaml(SWEEPS.resolve(name));
        List<RunSpec> runs = spec.expand();
        assertEquals(EXPECTED_RUNS.get(name), runs.size(), name + ": runs");
        assertEquals(runs.size(), runs.stream().map(RunSpec::runId).distinct().count(), name + ": run ids not distinct");
        for (RunSpec run : runs) {
            JsonNode tree = run.toTree();
            String method = tree.get("method").asText();
            Map<String, Object> written = new TreeMap<>(spec.training());
            written.putAll(spec.overrides().getOrDefault(method, Map.of()));
            List<String> changed = new ArrayList<>();
            written.forEach((key, value) -> {
                if (!sameValue(Json.JSON.valueToTree(value), tree.get(key))) {
                    changed.add(key + ": written " + value + ", resolved " + tree.get(key));
                }
            });
            assertTrue(changed.isEmpty(), name + ", run " + run.runId() + ": " + changed);
            assertEquals(spec.data().get(tree.get("dataset").asText()), tree.get("data_dir").asText(), name + ": data_dir");
            RunSpec back = RunSpec.fromJson(run.toJson());
            assertEquals(run, back, name + ": a run read back from its JSON differs");
            assertEquals(run.runId(), back.runId(), name + ": run id changes on the JSON round trip");
        }
        assertEquals(EXPECTED_TRAININGS.getOrDefault(name, 0), trainingsIfAllSucceed(spec).size(), name + ": trainings");
    }

    /**
     * The evaluation stage's trainings were every run to succeed with one genotype: each keeps every
     * setting the file's evaluate.training writes, and its id survives the JSON round trip.
     */
    private static List<TrainSpec> trainingsIfAllSucceed(SweepSpec spec) {
        String genotype = org.geonas.core.space.DartsGenotype.named("DARTS_V2").encode();
        List<TrainSpec> trainings = new ArrayList<>();
        for (RunSpec run : spec.expand()) {
            trainings.addAll(spec.trainings(new RunResult(run.runId(), run, RunStatus.SUCCEEDED, null, null, genotype,
                    null, List.of(), 1, "cpu", 0, Provenance.withoutEngine())));
        }
        for (TrainSpec t : trainings) {
            JsonNode tree = t.toTree();
            spec.evaluate().training().forEach((key, value) -> assertTrue(sameValue(Json.JSON.valueToTree(value),
                    tree.get(key)), spec.name() + ": evaluate.training." + key + " written " + value + ", resolved "
                    + tree.get(key)));
            assertEquals(t.trainId(), TrainSpec.fromJson(t.toJson()).trainId(), spec.name() + ": train id round trip");
        }
        assertEquals(trainings.size(), trainings.stream().map(TrainSpec::trainId).distinct().count(),
                spec.name() + ": train ids not distinct");
        return trainings;
    }

    private static boolean sameValue(JsonNode written, JsonNode resolved) {
        if (resolved == null || resolved.isNull()) {
            return false;
        }
        if (written.isNumber() && resolved.isNumber()) {
            return written.doubleValue() == resolved.doubleValue();
        }
        return written.asText().equals(resolved.asText());
    }
}
