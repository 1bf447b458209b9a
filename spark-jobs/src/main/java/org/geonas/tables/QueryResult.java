package org.geonas.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A query's result collected on the driver as plain Java values, for printing: numbers (as
 * Spark returns them: Integer, Long, Double, BigDecimal, ...), strings, booleans and nulls;
 * struct, array and map values arrive as JSON text and binary values as hex, so that every
 * printer shows them the same way and a CSV reader gets them in one field.
 *
 * @param columns the result's columns, in order (names may repeat, as in SQL)
 * @param rows the collected rows, each with one value per column
 * @param truncated whether the query had more rows than were collected
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, boolean truncated) {

    /** A column's name and whether its values are numbers (a text table aligns those right). */
    public record ResultColumn(String name, boolean numeric) {
    }

    public QueryResult {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            // values may be null, which List.copyOf refuses
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** Runs the query behind {@code df} and collects at most {@code maxRows} of its rows. */
    public static QueryResult collect(Dataset<Row> df, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        StructField[] fields = df.schema().fields();
        List<ResultColumn> columns = new ArrayList<>(fields.length);
        for (StructField f : fields) {
            columns.add(new ResultColumn(f.name(), f.dataType() instanceof NumericType));
        }
        Dataset<Row> plain = plainValues(df);
        // one row more than asked says whether there were more
        List<Row> got = maxRows == Integer.MAX_VALUE ? plain.collectAsList() : plain.takeAsList(maxRows + 1);
        boolean truncated = got.size() > maxRows;
        List<List<Object>> rows = new ArrayList<>(Math.min(got.size(), maxRows));
        for (Row r : got.subList(0, Math.min(got.size(), maxRows))) {
            List<Object> values = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                values.add(r.get(i));
            }
            rows.add(values);
        }
        return new QueryResult(columns, rows, truncated);
    }

    /** The same rows with nested and binary values turned into text by Spark itself. */
    private static Dataset<Row> plainValues(Dataset<Row> df) {
        StructField[] fields = df.schema().fields();
        boolean allAtomic = java.util.Arrays.stream(fields).noneMatch(f -> needsText(f.dataType()));
        if (allAtomic) {
            return df;
        }
        // positional names: a result may have two columns of the same name
        String[] names = new String[fields.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "c" + i;
        }
        Dataset<Row> renamed = df.toDF(names);
        Column[] select = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            select[i] = asText(col(names[i]), fields[i].dataType()).as(names[i]);
        }
        return renamed.select(select);
    }

    private static boolean needsText(DataType type) {
        return type instanceof StructType || type instanceof ArrayType || type instanceof MapType
                || type instanceof BinaryType;
    }

    private static Column asText(Column c, DataType type) {
        if (type instanceof BinaryType) {
            return hex(c);
        }
        return needsText(type) ? to_json(c) : c;
    }
}
