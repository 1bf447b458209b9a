package org.geonas.core.run;

/**
 * The two kinds of run a supervisor (a sweep) starts in a JVM of their own, with the same
 * arguments, folder layout ({@link RunLayout}) and exit codes ({@link ExitStatus}): a search
 * ({@link RunMain}: a {@link RunSpec} in, a {@link RunResult} out) and the training of a genotype
 * ({@link TrainMain}: a {@link TrainSpec} in, a {@link TrainResult} out). Specs and results
 * travel between JVMs as JSON; this says how to read them for each kind.
 */
public enum RunKind {
    SEARCH(RunMain.class, "run") {
        @Override
        public String id(String specJson) {
            return RunSpec.fromJson(specJson).runId();
        }

        @Override
        public StageResult parseResult(String json) {
            return RunResult.fromJson(json);
        }

        @Override
        public StageResult failed(String specJson, String error, double seconds, String device) {
            return RunResult.failed(RunSpec.fromJson(specJson), error, seconds, device);
        }
    },
    TRAINING(TrainMain.class, "training") {
        @Override
        public String id(String specJson) {
            return TrainSpec.fromJson(specJson).trainId();
        }

        @Override
        public StageResult parseResult(String json) {
            return TrainResult.fromJson(json);
        }

        @Override
        public StageResult failed(String specJson, String error, double seconds, String device) {
            return TrainResult.failed(TrainSpec.fromJson(specJson), error, seconds, device);
        }
    };

    private final Class<?> main;
    private final String noun;

    RunKind(Class<?> main, String noun) {
        this.main = main;
        this.noun = noun;
    }

    /** The class whose {@code main} runs one spec of this kind. */
    public Class<?> main() {
        return main;
    }

    /** What one such run is called in messages: "run" or "training". */
    public String noun() {
        return noun;
    }

    /** The id of a spec of this kind given as JSON. */
    public abstract String id(String specJson);

    /** Parses a result file of this kind; {@link IllegalArgumentException} if it is not one. */
    public abstract StageResult parseResult(String json);

    /** The result recorded for a run that never wrote one itself (its JVM kept dying, say). */
    public abstract StageResult failed(String specJson, String error, double seconds, String device);
}
