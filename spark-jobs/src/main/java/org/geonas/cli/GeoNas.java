package org.geonas.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.geonas.core.run.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code geonas} command. */
@Command(name = "geonas", mixinStandardHelpOptions = true, version = "GeoNAS 0.1",
        description = "Weight-sharing neural architecture search (GAEA, DARTS) on DJL, run from the command line or Spark.",
        subcommands = {SearchCommand.class, TrainCommand.class, SweepCommand.class, ScoreCommand.class, ReportCommand.class, QueryCommand.class,
            BenchCommand.class, ArchCommand.class, LookupCommand.class, ImportBenchmarkCommand.class, DoctorCommand.class,
            CommandLine.HelpCommand.class})
public final class GeoNas implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and tests. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GeoNas());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + firstLine(e));
            return ExitStatus.BAD_INPUT.code();
        });
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().exitCodeOnInvalidInput(ExitStatus.BAD_INPUT.code());
            if (sub.getCommand() instanceof DocumentedExits documented) {
                Map<String, String> list = new LinkedHashMap<>();
                documented.exits().forEach(s -> list.put(Integer.toString(s.code()), documented.meaning(s)));
                sub.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(list);
            }
        }
        return cli;
    }

    /** Reports bad input as one line on the command's error stream; returns the exit code to use. */
    static int badInput(CommandLine.Model.CommandSpec command, Exception e) {
        command.commandLine().getErr().println("error: " + firstLine(e));
        command.commandLine().getErr().flush();
        return ExitStatus.BAD_INPUT.code();
    }

    /** The first non-blank line of an exception's message (Spark's parse errors start with a line break). */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return m.lines().filter(l -> !l.isBlank()).findFirst().orElse(m).strip();
    }
}
