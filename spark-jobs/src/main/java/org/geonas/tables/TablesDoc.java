package org.geonas.tables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;

/**
 * Writes {@code docs/tables.md} from the column declarations in {@link Tables}, so the documented
 * schemas are the stored ones. A test fails when the committed file is stale; regenerate it by
 * running this class's main in the repository root (classpath as {@code ./geonas} builds it).
 */
public final class TablesDoc {

    /** Where the documentation lives, relative to the repository root. */
    public static final String FILE = "docs/tables.md";

    private TablesDoc() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : ".").resolve(FILE);
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }

    /** The documentation of every table. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Tables\n\n")
                .append("<!-- generated from org.geonas.tables.Tables by org.geonas.tables.TablesDoc; do not edit -->\n\n")
                .append("A sweep writes Parquet tables under `<output>/tables/<table>/sweep_id=<sweep>/`, one partition per ")
                .append("sweep; `geonas query`, `geonas report` and the notebooks read them. Every column is declared once, ")
                .append("in `org.geonas.tables.Tables`; this page is generated from those declarations. Every row carries ")
                .append("`schema_version` (now ").append(Tables.SCHEMA_VERSION).append(").\n\n")
                .append("Schema changes:\n\n")
                .append("- 2: `runs` gained one column per run setting (named by its key, as in run and sweep files), and ")
                .append("the completed epochs moved from `epochs` (now the `epochs` setting) to `epochs_completed`.\n")
                .append("- 1: the first published schema.\n\n");
        for (Table<?> table : List.of(Tables.RUNS_TABLE, Tables.EPOCHS_TABLE, Tables.ARCH_WEIGHTS_TABLE,
                Tables.BENCHMARK_SCORES_TABLE, Tables.EVALUATIONS_TABLE, Tables.BENCHMARK_TABLE,
                Tables.PROVENANCE_FIELDS, Tables.TRAIN_EPOCH_FIELDS)) {
            section(md, table);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, Table<?> table) {
        String struct = table == Tables.PROVENANCE_FIELDS ? " (struct column of `runs` and `evaluations`)"
                : table == Tables.TRAIN_EPOCH_FIELDS ? " (the structs of the `curve` column of `evaluations`)" : "";
        md.append("## `").append(table.name()).append("`").append(struct).append("\n\n")
                .append(capitalized(table.doc())).append(".\n\n")
                .append("| column | type | meaning |\n|---|---|---|\n");
        for (Column<?> c : table.columns()) {
            md.append("| `").append(c.name()).append("` | ").append(typeName(c.type())).append(" | ")
                    .append(c.doc().replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
    }

    private static String typeName(DataType type) {
        if (type instanceof org.apache.spark.sql.types.ArrayType array
                && array.elementType() instanceof org.apache.spark.sql.types.StructType) {
            return "array of struct";
        }
        return type instanceof org.apache.spark.sql.types.StructType ? "struct" : type.simpleString().toLowerCase(Locale.ROOT);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
