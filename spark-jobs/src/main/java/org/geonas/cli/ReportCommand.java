package org.geonas.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.core.run.ExitStatus;
import org.geonas.report.ReportJob;
import org.geonas.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code geonas report}: the paper-style report of a sweep's tables, on Spark local mode in this process. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the report of a sweep's tables: the NAS-Bench-201 table (measured rows, mean ± std "
                + "over seeds, beside the published reference rows), entropy curves, benchmark accuracy per epoch, "
                + "the pruning gap, the final architectures and the op frequency per edge.",
                "DIR receives report.md, a self-contained report.html, plots/*.png and *.svg, and the tables as CSV. "
                + "Every sweep partition in the tables is reported, each sweep apart."})
final class ReportCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--tables", required = true, paramLabel = "PATH",
            description = "A sweep's tables folder, <output>/tables (a folder or a Hadoop URI).")
    String tables;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The report folder: new, empty, or an earlier report's (replaced).")
    Path out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local mode on every core).")
    String master;

    @Override
    public Integer call() {
        try {
            ReportJob.checkInput(tables, out);
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        long start = System.nanoTime();
        var console = System.out;
        try (SparkSessions session = SparkSessions.open("geonas-report", master)) {
            console.printf(Locale.ROOT, "[report] spark started in %.1f s (%s)%n", (System.nanoTime() - start) / 1e9,
                    session.spark().sparkContext().master());
            new ReportJob(tables, out, console).run(session.spark());
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        console.printf(Locale.ROOT, "[report] done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return ExitStatus.SUCCEEDED.code();
    }

    @Override
    public java.util.List<ExitStatus> exits() {
        return java.util.List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT);
    }

    @Override
    public String meaning(ExitStatus status) {
        return status == ExitStatus.SUCCEEDED ? "written" : status.meaning();
    }
}
