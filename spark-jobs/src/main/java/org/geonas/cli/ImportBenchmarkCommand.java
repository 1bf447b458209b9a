package org.geonas.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.benchmark.BenchmarkImport;
import org.geonas.benchmark.BenchmarkManifest;
import org.geonas.benchmark.BenchmarkSource;
import org.geonas.core.run.ExitStatus;
import org.geonas.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code geonas import-benchmark}: a downloaded NAS-Bench-201 benchmark into one Parquet table. */
@Command(name = "import-benchmark", mixinStandardHelpOptions = true,
        description = {"Imports a NAS-Bench-201 benchmark as downloaded (the compact CSV, or the official NATS-Bench "
                + "topology folder NATS-tss-v1_0-3ffb9-simple with meta.pickle.pbz2 and one file per architecture) "
                + "into one Parquet table: arch, arch_index, dataset, hp, seed (or mean), metric, value, curve.",
                "Sweeps score their runs against it (benchmark: in the sweep file, or $GEONAS_BENCHMARK); "
                        + "geonas lookup reads it too. Nothing is left at --out when the import fails."})
final class ImportBenchmarkCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--from", paramLabel = "PATH", required = true,
            description = "The CSV file (e.g. nats_bench.csv) or the official NATS-Bench topology folder.")
    Path from;

    @Option(names = "--out", paramLabel = "URI", required = true,
            description = "The table folder to write: a local folder or a Hadoop URI.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing imported table at --out.")
    boolean overwrite;

    @Option(names = "--allow-partial", description = "Import an official folder that lacks some architecture files "
            + "(a sample), or a slice of the CSV (some rows, with an Index column giving their benchmark indexes); "
            + "sweeps then score only the architectures it has.")
    boolean allowPartial;

    @Override
    public Integer call() {
        try {
            if (BenchmarkSource.detect(from) == BenchmarkSource.IMPORTED) {
                throw new IllegalArgumentException(from + ": already an imported table; give the CSV or the official "
                        + "NATS-Bench folder to import");
            }
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        var console = command.commandLine().getOut();
        try (SparkSessions session = SparkSessions.open("geonas-import-benchmark", null)) {
            BenchmarkManifest m = new BenchmarkImport(System.out).run(session.spark(), from, out, overwrite,
                    allowPartial);
            console.printf(Locale.ROOT, "import-benchmark: %s -> %s: %d architectures, %d rows in %.1f s%n", m.name(),
                    out, m.architectures(), m.rows(), m.seconds());
            console.flush();
            return ExitStatus.SUCCEEDED.code();
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
    }

    @Override
    public java.util.List<ExitStatus> exits() {
        return java.util.List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT);
    }

    @Override
    public String meaning(ExitStatus status) {
        return status == ExitStatus.SUCCEEDED ? "imported" : status.meaning();
    }
}
