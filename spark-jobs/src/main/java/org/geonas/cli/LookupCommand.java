package org.geonas.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.geonas.core.bench.Nb201Scores;
import org.geonas.core.bench.Nb201Table;
import org.geonas.core.space.Nb201Architecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geonas lookup}: the NAS-Bench-201 scores of an architecture. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = "Prints the NAS-Bench-201 test accuracies (200 epochs, mean over seeds) of an architecture.")
final class LookupCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ARCH", description = "A NAS-Bench-201 architecture string.")
    String arch;

    @Option(names = "--benchmark", paramLabel = "CSV", required = true,
            description = "The NAS-Bench-201 table as CSV (one row per architecture, e.g. nats_bench.csv).")
    Path benchmark;

    @Override
    public Integer call() {
        Nb201Scores scores;
        try {
            Nb201Architecture a = Nb201Architecture.parse(arch);
            scores = Nb201Table.fromCsv(benchmark).require(a);
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        var out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "index %d%ncifar10 %.4f%ncifar100 %.4f%nImageNet16-120 %.4f%n", scores.index(),
                scores.cifar10(), scores.cifar100(), scores.imagenet16());
        out.flush();
        return ExitCodes.OK;
    }
}
