package org.geonas.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.geonas.tables.QueryResult;
import picocli.CommandLine.ITypeConverter;

/** How {@code geonas query} prints a result: an aligned text table for people, or CSV for programs. */
enum QueryFormat {

    /** Columns padded to their widest value, numbers on the right, one fixed precision per number column. */
    TABLE("table", 1000) {
        @Override
        void print(QueryResult result, PrintWriter out) {
            List<List<String>> cells = TextTable.cells(result);
            int[] widths = TextTable.widths(result, cells);
            out.println(TextTable.line(result, widths, TextTable.header(result)));
            out.println(Arrays.stream(widths).mapToObj("-"::repeat).collect(Collectors.joining("  ")));
            cells.forEach(row -> out.println(TextTable.line(result, widths, row)));
            int n = result.rows().size();
            out.printf(Locale.ROOT, "(%d row%s)%n", n, n == 1 ? "" : "s");
        }
    },

    /** A header line, then one line per row; RFC 4180 quoting, nulls as empty fields, numbers in full precision. */
    CSV("csv", Integer.MAX_VALUE) {
        @Override
        void print(QueryResult result, PrintWriter out) {
            out.println(result.columns().stream().map(c -> Csv.field(c.name())).collect(Collectors.joining(",")));
            for (List<Object> row : result.rows()) {
                out.println(row.stream().map(Csv::value).collect(Collectors.joining(",")));
            }
        }
    };

    private final String id;
    private final int defaultMaxRows;

    QueryFormat(String id, int defaultMaxRows) {
        this.id = id;
        this.defaultMaxRows = defaultMaxRows;
    }

    /** Prints the whole result (the caller says elsewhere whether it was truncated). */
    abstract void print(QueryResult result, PrintWriter out);

    /** The format's name on the command line. */
    String id() {
        return id;
    }

    /** How many rows are printed without --max-rows: a screenful of text, a CSV in full. */
    int defaultMaxRows() {
        return defaultMaxRows;
    }

    static QueryFormat byId(String id) {
        for (QueryFormat f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "'; use " + Arrays.stream(values())
                .map(QueryFormat::id).collect(Collectors.joining(" or ")));
    }

    /** picocli's converter for {@code --format}. */
    static final class Converter implements ITypeConverter<QueryFormat> {
        @Override
        public QueryFormat convert(String value) {
            return byId(value);
        }
    }

    /** Rendering of the text table. */
    private static final class TextTable {
        /** Longer texts are cut (CSV has them in full). */
        private static final int MAX_TEXT = 120;
        private static final String NULL = "NULL";

        private TextTable() {
        }

        static List<String> header(QueryResult result) {
            return result.columns().stream().map(QueryResult.ResultColumn::name).toList();
        }

        static List<List<String>> cells(QueryResult result) {
            int n = result.columns().size();
            List<Function<Object, String>> renderers = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                renderers.add(renderer(result, c));
            }
            List<List<String>> cells = new ArrayList<>(result.rows().size());
            for (List<Object> row : result.rows()) {
                List<String> line = new ArrayList<>(n);
                for (int c = 0; c < n; c++) {
                    Object v = row.get(c);
                    line.add(v == null ? NULL : renderers.get(c).apply(v));
                }
                cells.add(line);
            }
            return cells;
        }

        static int[] widths(QueryResult result, List<List<String>> cells) {
            int[] w = header(result).stream().mapToInt(String::length).toArray();
            for (List<String> row : cells) {
                for (int c = 0; c < w.length; c++) {
                    w[c] = Math.max(w[c], row.get(c).length());
                }
            }
            return w;
        }

        static String line(QueryResult result, int[] widths, List<String> cells) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String cell = cells.get(c);
                String pad = " ".repeat(widths[c] - cell.length());
                b.append(c == 0 ? "" : "  ");
                b.append(result.columns().get(c).numeric() ? pad + cell : cell + pad);
            }
            return b.toString().stripTrailing();
        }

        /** Floating-point columns get one precision from their largest value (about 6 significant digits). */
        private static Function<Object, String> renderer(QueryResult result, int column) {
            double maxAbs = 0;
            boolean floating = false;
            for (List<Object> row : result.rows()) {
                if (row.get(column) instanceof Double || row.get(column) instanceof Float) {
                    floating = true;
                    double v = Math.abs(((Number) row.get(column)).doubleValue());
                    maxAbs = Double.isFinite(v) ? Math.max(maxAbs, v) : maxAbs;
                }
            }
            if (!floating) {
                return TextTable::text;
            }
            String pattern = maxAbs >= 1e15 ? "%.5e" : "%." + decimals(maxAbs) + "f";
            return v -> v instanceof Double || v instanceof Float ? floating(((Number) v).doubleValue(), pattern)
                    : text(v);
        }

        private static int decimals(double maxAbs) {
            if (maxAbs == 0) {
                return 1;
            }
            return Math.max(0, Math.min(9, 5 - (int) Math.floor(Math.log10(maxAbs))));
        }

        private static String floating(double v, String pattern) {
            return Double.isFinite(v) ? String.format(Locale.ROOT, pattern, v) : Double.toString(v);
        }

        private static String text(Object v) {
            String s = v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
            // one line per row: line breaks and tabs shown escaped
            s = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
            return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT - 3) + "..." : s;
        }
    }

    /** RFC 4180 fields. */
    private static final class Csv {
        private Csv() {
        }

        static String value(Object v) {
            if (v == null) {
                return "";
            }
            if (v instanceof BigDecimal d) {
                return d.toPlainString();
            }
            String s = String.valueOf(v);
            // an empty string stays distinguishable from a null
            return s.isEmpty() ? "\"\"" : field(s);
        }

        static String field(String s) {
            boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
            return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
        }
    }
}
