package org.geonas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.geonas.core.run.ExitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code geonas report}: each kind of bad input is one line and exit 2, found before Spark starts. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    /** Exit 2 with one error line containing {@code expected}; nothing created at {@code out}. */
    private void assertRejected(String expected, Path out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = GeoNas.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int code = cli.execute(args);
        String line = err.toString().strip();
        assertEquals(ExitStatus.BAD_INPUT.code(), code, line);
        assertFalse(line.contains("\n"), "one line expected: " + line);
        assertTrue(line.startsWith("error: ") && line.contains(expected), line);
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "rejected before Spark starts");
        assertFalse(Files.exists(out.resolve("report.md")));
    }

    private String[] report(Path tables, Path out) {
        return new String[] {"report", "--tables", tables.toString(), "--out", out.toString()};
    }

    @Test
    void badTablesOrOutputFolderIsOneLine() throws IOException {
        Path out = tmp.resolve("report");
        assertRejected("no such folder", out, report(tmp.resolve("missing"), out));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertRejected("no runs table here", out, report(empty, out));

        Path sweepOutput = tmp.resolve("sweep");
        Files.createDirectories(sweepOutput.resolve("tables/runs/sweep_id=x"));
        Files.createDirectories(sweepOutput.resolve("runs/0123abcd")); // the run folders
        assertRejected("did you mean " + sweepOutput.resolve("tables"), out, report(sweepOutput, out));

        Path notParquet = Files.createDirectories(tmp.resolve("other/runs/0123abcd"));
        assertRejected("not a Parquet table", out, report(notParquet.getParent().getParent(), out));

        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        Path tables = sweepOutput.resolve("tables");
        assertRejected("is a file, not a folder", file, report(tables, file));
        Path underFile = file.resolve("report");
        assertRejected("cannot create the report folder", underFile, report(tables, underFile));

        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        assertRejected("a folder with other files in it", busy, report(tables, busy));
        assertTrue(Files.exists(busy.resolve("notes.txt")));
    }

    @Test
    void helpNamesTheOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = GeoNas.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("report", "--help"));
        assertTrue(out.toString().contains("--tables") && out.toString().contains("--out"), out.toString());
    }
}
