package org.geonas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.run.SweepSpec;
import org.geonas.spark.SparkSessions;
import org.geonas.sweep.SweepJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geonas sweep}: a sweep on Spark, local mode in this process unless --master says otherwise. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Runs a sweep (conf/sweeps/*.yaml) on Spark: every run of the grid in its own JVM, results "
                + "gathered into Parquet tables under <output>/tables (runs, epochs, arch_weights); with an "
                + "evaluate: section, the DARTS-space genotypes found are then trained, each (run, seed) in its own "
                + "JVM, into the evaluations table.",
                "Runs already finished in the output are not run again; a re-submitted sweep only runs what is missing."})
final class SweepCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep file (YAML).")
    Path specFile;

    @Option(names = "--output", paramLabel = "URI", description = "Overrides the spec's output: a folder or a Hadoop URI.")
    String output;

    @Option(names = "--benchmark", paramLabel = "TABLE", description = "Overrides the spec's benchmark: an imported "
            + "NAS-Bench-201 table (geonas import-benchmark) to score every NB201 run with; default: the spec's "
            + "'benchmark', else $" + SweepJob.BENCHMARK_ENV + ".")
    String benchmark;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local mode, one slot per "
            + "threads_per_run cores).")
    String master;

    @Override
    public Integer call() {
        SweepSpec spec;
        try {
            spec = SweepSpec.fromYaml(specFile, output);
            if (benchmark != null) {
                spec = spec.withBenchmark(benchmark);
            }
            spec = SweepJob.withEnvironmentBenchmark(spec);
            SweepJob.checkData(spec);
        } catch (RuntimeException e) {
            return GeoNas.badInput(command, e);
        }
        long start = System.nanoTime();
        SweepJob.Outcome outcome;
        try (SparkSessions session = SweepJob.session(spec, master)) {
            System.out.printf(java.util.Locale.ROOT, "[%s] spark started in %.1f s (%s)%n", spec.name(),
                    (System.nanoTime() - start) / 1e9, session.spark().sparkContext().master());
            outcome = new SweepJob(spec, System.out).run(session.spark());
        }
        System.out.printf(java.util.Locale.ROOT, "[%s] done in %.1f s: %s%n", spec.name(),
                (System.nanoTime() - start) / 1e9, outcome.status() == ExitStatus.SUCCEEDED ? "every run finished"
                        : outcome.failures());
        return outcome.status().code();
    }

    @Override
    public List<ExitStatus> exits() {
        return List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT, ExitStatus.RUNS_FAILED);
    }

    @Override
    public String meaning(ExitStatus status) {
        return status == ExitStatus.SUCCEEDED ? "every run succeeded or diverged" : status.meaning();
    }
}
