package org.geonas.tables;

import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * One column of a table, declared once: its name, its Spark type, what it means, and how its
 * value is read from the table's row source.
 *
 * @param name the column's name
 * @param type its Spark SQL type
 * @param doc what it holds, one line (the table documentation is generated from it)
 * @param read the value of a row source in this column (a Java value Spark stores as {@code type})
 * @param <R> the row source
 */
public record Column<R>(String name, DataType type, String doc, Function<R, ?> read) {

    /** Nullable: a failed run has no architecture, an old partition lacks a newer column. */
    StructField field() {
        return new StructField(name, type, true, Metadata.empty());
    }
}
