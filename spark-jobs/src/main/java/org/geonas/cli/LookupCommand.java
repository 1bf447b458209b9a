package org.geonas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.geonas.benchmark.BenchmarkSource;
import org.geonas.benchmark.ImportedBenchmark;
import org.geonas.core.bench.BenchmarkRecord;
import org.geonas.core.bench.BenchmarkTable;
import org.geonas.core.bench.NatsBenchArchive;
import org.geonas.core.bench.Nb201Table;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.space.Nb201Architecture;
import org.geonas.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geonas lookup}: the NAS-Bench-201 figures of an architecture on every dataset. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = "Prints the NAS-Bench-201 figures of an architecture on every dataset of the benchmark "
                + "(accuracies in percent, for the chosen number of training epochs, mean over seeds).")
final class LookupCommand implements Callable<Integer>, DocumentedExits {

    /** Metric columns in print order; a benchmark prints those it has. */
    private static final List<String> METRICS = List.of(BenchmarkRecord.TEST_ACC, BenchmarkRecord.VALID_ACC,
            BenchmarkRecord.VALTEST_ACC, BenchmarkRecord.TRAIN_ACC, BenchmarkRecord.TEST_LOSS, BenchmarkRecord.PARAMS,
            BenchmarkRecord.FLOPS, BenchmarkRecord.LATENCY);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ARCH", description = "A NAS-Bench-201 architecture string.")
    String arch;

    @Option(names = "--benchmark", paramLabel = "PATH", required = true,
            description = "The benchmark: the NAS-Bench-201 CSV (e.g. nats_bench.csv, or a slice of it with an Index "
                    + "column), the official NATS-Bench topology folder, or a table written by geonas import-benchmark.")
    Path benchmark;

    @Option(names = "--hp", paramLabel = "EPOCHS", defaultValue = "200",
            description = "Training epochs of the benchmark setting: 200 or 12 (default: ${DEFAULT-VALUE}).")
    String hp;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = BenchmarkRecord.MEAN,
            description = "A benchmark seed (777, 888, 999, ...) or 'mean' (default).")
    String seed;

    @Override
    public Integer call() {
        Nb201Architecture a;
        BenchmarkTable table;
        try {
            a = Nb201Architecture.parse(arch);
            table = load(a);
            if (table.index(a).isEmpty()) {
                throw new IllegalArgumentException(benchmark + ": no entry for " + a.encode()
                        + " (a partial benchmark: a sample or a slice?); use the whole benchmark");
            }
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        print(a, table);
        return ExitStatus.SUCCEEDED.code();
    }

    private BenchmarkTable load(Nb201Architecture a) {
        String name = benchmark.toAbsolutePath().normalize().getFileName().toString();
        return switch (BenchmarkSource.detect(benchmark)) {
            case CSV -> BenchmarkTable.of(name, Nb201Table.fromCsv(benchmark, true).records()); // a slice too
            case NATS_SIMPLE -> official(a);
            case IMPORTED -> imported(a);
        };
    }

    /** Only the architecture's own file is read. */
    private BenchmarkTable official(Nb201Architecture a) {
        NatsBenchArchive archive = NatsBenchArchive.open(benchmark);
        int index = archive.indexOf(a).orElseThrow(() -> new IllegalArgumentException(benchmark
                + "/meta.pickle.pbz2: no entry for " + a.encode()));
        return BenchmarkTable.of(archive.name(), archive.read(index));
    }

    private BenchmarkTable imported(Nb201Architecture a) {
        try (SparkSessions session = SparkSessions.open("geonas-lookup", null)) {
            return ImportedBenchmark.load(session.spark(), benchmark.toString(), a.encode());
        }
    }

    private void print(Nb201Architecture a, BenchmarkTable table) {
        Map<String, Map<String, Double>> byDataset = new LinkedHashMap<>();
        for (BenchmarkRecord r : table.scores(a)) {
            if (r.hp().equals(hp) && r.seed().equals(seed)) {
                byDataset.computeIfAbsent(r.dataset(), d -> new LinkedHashMap<>()).put(r.metric(), r.value());
            }
        }
        List<String> columns = new ArrayList<>();
        for (String m : METRICS) {
            if (byDataset.values().stream().anyMatch(v -> v.containsKey(m))) {
                columns.add(m);
            }
        }
        PrintWriter out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "arch %s%nindex %d%nbenchmark %s, %s training epochs, seed %s%n", a.encode(),
                table.index(a).getAsInt(), table.name(), hp, seed);
        if (byDataset.isEmpty()) {
            out.printf(Locale.ROOT, "no figures for %s epochs and seed %s in this benchmark%n", hp, seed);
        }
        out.printf(Locale.ROOT, "%-16s", "dataset");
        columns.forEach(c -> out.printf(Locale.ROOT, " %12s", c));
        out.println();
        byDataset.forEach((dataset, values) -> {
            out.printf(Locale.ROOT, "%-16s", dataset);
            for (String c : columns) {
                Double v = values.get(c);
                out.printf(Locale.ROOT, " %12s", v == null ? "-" : String.format(Locale.ROOT, "%.4f", v));
            }
            out.println();
        });
        out.flush();
    }

    @Override
    public List<ExitStatus> exits() {
        return List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT);
    }
}
