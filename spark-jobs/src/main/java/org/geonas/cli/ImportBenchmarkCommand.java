package org.geonas.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.benchmark.BenchmarkImport;
import org.geonas.benchmark.BenchmarkManifest;
import org.geonas.benchmark.BenchmarkSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.geonas.spark.SparkSessions;

/** {@code geonas import-benchmark}: a downloaded NAS-Bench-201 benchmark into one Parquet table. */
@Command(name = "import-benchmark", mixinStandardHelpOptions = true,
        description = {"Imports a NAS-Bench-201 benchmark as downloaded (the compact CSV, or the official NATS-Bench "
                + "topology folder NATS-tss-v1_0-3ffb9-simple with meta.pickle.pbz2 and one file per architecture) "
                + "into one Parquet table: arch, arch_index, dataset, hp, seed (or mean), metric, value, curve.",
                "Sweeps score their runs against it (benchmark: in the sweep file, or $GEONAS_BENCHMARK); "
                        + "geonas lookup reads it too. Nothing is left at --out when the import fails.",
                "Exit codes: 0 imported, 2 bad input."})
final class ImportBenchmarkCommand implements Callable<Integer> {

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
        try (SparkSessions session = SparkSessions.local("geonas-import-benchmark")) {
            BenchmarkManifest m = new BenchmarkImport(System.out).run(session.spark(), from, out, overwrite,
                    allowPartial);
            console.printf(Locale.ROOT, "import-benchmark: %s -> %s: %d architectures, %d rows in %.1f s%n", m.name(),
                    out, m.architectures(), m.rows(), m.seconds());
            console.flush();
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
    }
}
