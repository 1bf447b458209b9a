package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.geonas.core.engine.EngineGuard;
import org.geonas.core.engine.Isa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose ops are wrong under a cap the user forced stops before training: one line, exit
 * code 4, a failed result and no checkpoint. The cap is AVX2, whose 4-channel input-gradient
 * kernel was wrong on every call on the machines that found the defect; where it is right the
 * run trains, and the test says so by its expected exit code.
 */
class EngineCheckStopTest {

    @TempDir
    Path tmp;

    @Test
    void aRunUnderAWrongForcedCapStopsBeforeTrainingWithOneLine() throws Exception {
        RunSpec spec = TinyRuns.synthetic("gaea", "bilevel", 1, 64, 1);
        boolean wrongHere = !EngineGuard.probe(Isa.AVX2, List.of(spec.supernetShape()), 2,
                List.of(EngineGuard.CHECK_BATCH), EngineGuard.CHECK_REPS).passed();
        Path specFile = tmp.resolve("spec.json");
        Files.writeString(specFile, spec.toJson());
        Path out = tmp.resolve("run");
        ProcessBuilder pb = TinyRuns.childRunCommand(specFile, out, 2);
        pb.environment().put(Isa.ENV, Isa.AVX2.envValue());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(tmp.resolve("run.log"));
        RunResult result = RunResult.read(out.resolve(RunLayout.RESULT));
        if (!wrongHere) {
            assertEquals(0, p.exitValue(), log);
            assertTrue(result.provenance().engineCheck().startsWith("engine check passed"));
            return;
        }
        assertEquals(4, p.exitValue(), log);
        List<String> errors = log.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), log);
        assertTrue(errors.get(0).startsWith("error: engine check FAILED: "), errors.get(0));
        assertTrue(errors.get(0).contains("ISA cap AVX2 (environment)") && errors.get(0).contains("unset it"),
                errors.get(0));
        assertEquals(RunStatus.FAILED, result.status());
        assertTrue(result.error().startsWith("EngineCheckException: engine check FAILED"), result.error());
        assertFalse(Files.exists(out.resolve(RunLayout.CHECKPOINTS)), "nothing trained");
        assertFalse(log.contains("epoch 0 train_loss"), log);
    }
}
