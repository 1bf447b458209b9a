package org.geonas.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.benchmark.ScoreJob;
import org.geonas.core.run.ExitStatus;
import org.geonas.spark.SparkSessions;
import org.geonas.tables.TableViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code geonas score}: benchmark_scores for finished sweeps, without running them again. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores the runs of finished sweeps against an imported NAS-Bench-201 table (geonas "
                + "import-benchmark): the final architecture and the architecture derived after every epoch of each "
                + "NB201 run, joined with the benchmark's 200-epoch figures (mean over seeds), into "
                + "<tables>/benchmark_scores, replacing each sweep's earlier scores.",
                "Nothing is trained: the architectures are read from the runs and epochs tables."})
final class ScoreCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--tables", required = true, paramLabel = "PATH",
            description = "A sweep output's tables folder, <output>/tables (a folder or a Hadoop URI).")
    String tables;

    @Option(names = "--benchmark", required = true, paramLabel = "TABLE",
            description = "An imported benchmark table (the --out of geonas import-benchmark).")
    String benchmark;

    @Option(names = "--sweep", paramLabel = "NAME", split = ",",
            description = "The sweeps to score (default: every sweep in the tables).")
    List<String> sweeps = List.of();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local mode on every core).")
    String master;

    @Override
    public Integer call() {
        try {
            TableViews.checkFolder(tables);
            ScoreJob.checkBenchmark(benchmark);
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        long start = System.nanoTime();
        try (SparkSessions session = SparkSessions.open("geonas-score", master)) {
            session.quiet();
            new ScoreJob(tables, benchmark, sweeps, System.out).run(session.spark());
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        System.out.printf(Locale.ROOT, "[score] done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return ExitStatus.SUCCEEDED.code();
    }

    @Override
    public List<ExitStatus> exits() {
        return List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT);
    }

    @Override
    public String meaning(ExitStatus status) {
        return status == ExitStatus.SUCCEEDED ? "scored" : status.meaning();
    }
}
