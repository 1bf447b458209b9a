package org.geonas.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table of display strings, with an optional class for the HTML table (e.g. {@code published},
 * styled apart). Cells are plain text; {@code |} is escaped for Markdown.
 */
record TextTable(List<String> header, List<List<String>> rows, String htmlClass) implements Block {

    TextTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    static TextTable of(List<String> header, List<List<String>> rows) {
        return new TextTable(header, rows, "");
    }

    @Override
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(markdownRow(header));
        sb.append(header.stream().map(h -> "---").collect(Collectors.joining("|", "|", "|\n")));
        rows.forEach(r -> sb.append(markdownRow(r)));
        return sb.toString();
    }

    private static String markdownRow(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    @Override
    public String html() {
        StringBuilder sb = new StringBuilder(htmlClass.isEmpty() ? "<table>\n"
                : "<table class=\"" + htmlClass + "\">\n");
        sb.append(header.stream().map(h -> "<th>" + Block.escape(h) + "</th>")
                .collect(Collectors.joining("", "<thead><tr>", "</tr></thead>\n<tbody>\n")));
        rows.forEach(r -> sb.append(r.stream().map(c -> "<td>" + Block.escape(c) + "</td>")
                .collect(Collectors.joining("", "<tr>", "</tr>\n"))));
        return sb.append("</tbody></table>\n").toString();
    }
}
