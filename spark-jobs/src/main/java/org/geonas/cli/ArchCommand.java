package org.geonas.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.geonas.core.run.ExitStatus;
import org.geonas.core.space.Architecture;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geonas arch}: parses an architecture string and prints its edges, or says what is wrong with it. */
@Command(name = "arch", mixinStandardHelpOptions = true,
        description = "Checks an architecture string of a search space and prints the op of every edge.")
final class ArchCommand implements Callable<Integer>, DocumentedExits {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ARCH", description = "e.g. '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|"
            + "+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'")
    String text;

    @Option(names = "--space", defaultValue = "nb201", description = "Search space (default ${DEFAULT-VALUE}).")
    String space;

    @Override
    public Integer call() {
        Architecture arch;
        SearchSpace s;
        try {
            s = SearchSpaces.byId(space);
            arch = s.parse(text);
        } catch (IllegalArgumentException e) {
            return GeoNas.badInput(command, e);
        }
        var out = command.commandLine().getOut();
        out.println(arch.encode());
        for (CellType type : s.cellTypes()) {
            List<Edge> edges = s.edges(type);
            int[] ops = arch.opIndices(type);
            for (int e = 0; e < edges.size(); e++) {
                out.printf("%s %s %s%n", type.id(), edges.get(e).label(), s.ops().get(ops[e]));
            }
        }
        if (arch instanceof org.geonas.core.space.DartsGenotype genotype) {
            // the count the literature reports: the CIFAR evaluation network, C=36, 20 cells, no auxiliary head
            out.printf("eval_params %d (C=36, 20 cells, 10 classes)%n", genotype.evalParameterCount(36, 20, 10));
        }
        out.flush();
        return ExitStatus.SUCCEEDED.code();
    }

    @Override
    public List<ExitStatus> exits() {
        return List.of(ExitStatus.SUCCEEDED, ExitStatus.BAD_INPUT);
    }
}
