package org.geonas.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a report folder: {@code report.md}, {@code report.html}, {@code plots/*.png|svg} and the
 * CSV tables. Everything goes into a temporary sibling folder first, which then replaces the
 * target, so a failure leaves no half-written report (and an earlier report stays whole).
 */
public final class ReportWriter {

    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String PLOTS = "plots";

    private ReportWriter() {
    }

    /** What was written. */
    public record Written(Path folder, List<String> files, int plots) {
        public Written {
            files = List.copyOf(files);
        }
    }

    /**
     * Checks, before any work, that the report can go to this folder: a new folder under a
     * writable one, an empty folder, or an earlier report (replaced). Bad: one line naming the folder.
     */
    public static void checkTarget(Path folder) {
        Path out = folder.toAbsolutePath().normalize();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(folder + ": is a file, not a folder; give a folder for the report");
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !Files.exists(out.resolve(MARKDOWN))) {
            throw new IllegalArgumentException(folder + ": a folder with other files in it (no " + MARKDOWN
                    + "); give a new or empty folder, or an earlier report's folder (it is replaced)");
        }
        Path parent = out.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new IllegalArgumentException(folder + ": cannot create the report folder there ("
                    + (parent == null ? "no parent folder" : parent + " is not a writable folder")
                    + "); give a folder you can write to");
        }
    }

    /** Renders the model and writes the whole folder; replaces an earlier report there. */
    public static Written write(ReportModel model, Path folder, Instant generated) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // charts are drawn off screen, also without a display
        }
        Path out = folder.toAbsolutePath().normalize();
        Files.createDirectories(out.getParent());
        Path tmp = Files.createDirectory(sibling(out, "tmp"));
        try {
            Written written = writeInto(model, tmp, generated);
            replace(tmp, out);
            return new Written(out, written.files(), written.plots());
        } finally {
            deleteTree(tmp);
        }
    }

    private static Written writeInto(ReportModel model, Path dir, Instant generated) throws IOException {
        Path plotDir = Files.createDirectories(dir.resolve(PLOTS));
        Map<PlotGroup, List<Figure>> figures = new EnumMap<>(PlotGroup.class);
        List<String> files = new ArrayList<>(List.of(MARKDOWN, HTML));
        int plots = 0;
        for (Map.Entry<PlotGroup, List<Plot>> group : ReportPlots.of(model).entrySet()) {
            List<Figure> list = new ArrayList<>();
            for (Plot p : group.getValue()) {
                list.add(p.write(plotDir));
                files.add(PLOTS + "/" + p.name() + ".png");
                files.add(PLOTS + "/" + p.name() + ".svg");
                plots++;
            }
            figures.put(group.getKey(), list);
        }
        Document doc = ReportSections.document(model, figures, generated);
        Files.writeString(dir.resolve(MARKDOWN), MarkdownReport.render(doc), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), HtmlReport.render(doc), StandardCharsets.UTF_8);
        files.addAll(CsvTables.write(dir, model));
        return new Written(dir, files, plots);
    }

    /** Moves the new folder into place; an earlier report there is moved aside first and deleted after. */
    private static void replace(Path fresh, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = sibling(target, "old");
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** A hidden, unused name beside the target (unlike createTempDirectory's, with the usual permissions). */
    private static Path sibling(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + "." + kind + "-" + UUID.randomUUID());
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list it (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
