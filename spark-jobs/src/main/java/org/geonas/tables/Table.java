package org.geonas.tables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table's columns in order, each declared once: the Spark schema, the rows and the table
 * documentation are all derived from them, so they cannot disagree.
 *
 * @param name the table's name (its folder under {@code <output>/tables})
 * @param doc what one row is, one line
 * @param columns the columns in stored order
 * @param <R> the row source: what one row is made from
 */
public record Table<R>(String name, String doc, List<Column<R>> columns) {

    public Table {
        columns = List.copyOf(columns);
        Map<String, Long> counts = columns.stream().collect(Collectors.groupingBy(Column::name, Collectors.counting()));
        counts.forEach((column, n) -> {
            if (n > 1) {
                throw new IllegalArgumentException("table " + name + " declares column " + column + " " + n + " times");
            }
        });
    }

    /** The Spark schema. */
    public StructType schema() {
        return new StructType(columns.stream().map(Column::field).toArray(StructField[]::new));
    }

    /** The column names in stored order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The declaration of a column. */
    public Column<R> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("table " + name + " has no column " + columnName));
    }

    /** One row, the values in the schema's order. */
    public Row row(R source) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).read().apply(source);
        }
        return RowFactory.create(values);
    }

    public List<Row> rows(Collection<? extends R> sources) {
        List<Row> rows = new ArrayList<>(sources.size());
        sources.forEach(s -> rows.add(row(s)));
        return rows;
    }

    /** A builder of the columns, in order. */
    static <R> Builder<R> builder(String name, String doc) {
        return new Builder<>(name, doc);
    }

    /** Adds columns in stored order. */
    static final class Builder<R> {
        private final String name;
        private final String doc;
        private final List<Column<R>> columns = new ArrayList<>();

        private Builder(String name, String doc) {
            this.name = name;
            this.doc = doc;
        }

        Builder<R> column(String column, DataType type, String columnDoc, Function<R, ?> read) {
            columns.add(new Column<>(column, type, columnDoc, read));
            return this;
        }

        Builder<R> text(String column, String columnDoc, Function<R, String> read) {
            return column(column, DataTypes.StringType, columnDoc, read);
        }

        Builder<R> integer(String column, String columnDoc, Function<R, Integer> read) {
            return column(column, DataTypes.IntegerType, columnDoc, read);
        }

        Builder<R> longInteger(String column, String columnDoc, Function<R, Long> read) {
            return column(column, DataTypes.LongType, columnDoc, read);
        }

        Builder<R> real(String column, String columnDoc, Function<R, Double> read) {
            return column(column, DataTypes.DoubleType, columnDoc, read);
        }

        /** A struct column whose fields are another table's columns. */
        <S> Builder<R> struct(String column, String columnDoc, Table<S> fields, Function<R, S> read) {
            return column(column, fields.schema(), columnDoc, r -> {
                S s = read.apply(r);
                return s == null ? null : fields.row(s);
            });
        }

        /** An array column of structs whose fields are another table's columns (a curve, say). */
        <S> Builder<R> structs(String column, String columnDoc, Table<S> fields, Function<R, List<S>> read) {
            return column(column, DataTypes.createArrayType(fields.schema(), false), columnDoc, r -> {
                List<S> list = read.apply(r);
                return list == null ? null : list.stream().map(fields::row).toList();
            });
        }

        Builder<R> columns(Collection<Column<R>> more) {
            columns.addAll(more);
            return this;
        }

        /** The table, ending with the schema version every stored row carries. */
        Table<R> versioned() {
            integer(Tables.SCHEMA_VERSION_COLUMN, "The version of this table's schema the row was written under ("
                    + Tables.SCHEMA_VERSION + " today; see the changes below).", r -> Tables.SCHEMA_VERSION);
            return new Table<>(name, doc, columns);
        }

        /** The columns as they are (a struct's fields). */
        Table<R> build() {
            return new Table<>(name, doc, columns);
        }
    }
}
