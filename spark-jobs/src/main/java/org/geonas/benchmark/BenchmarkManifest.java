package org.geonas.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.geonas.core.run.Json;
import org.geonas.core.run.Provenance;

/**
 * What an imported benchmark table holds and where it came from, stored as {@code _benchmark.json}
 * beside its Parquet files. A sweep reads it before any run starts, so a wrong or partial table is
 * reported before training.
 *
 * @param name the benchmark's name (the official folder's or the CSV file's name): the
 *     {@code benchmark} column of every row
 * @param source the path it was imported from
 * @param format the source format
 * @param space the search space its architectures belong to (nb201)
 * @param architectures architectures in the table
 * @param spaceSize architectures of the space; fewer in the table means a partial import
 * @param rows rows in the Parquet table
 * @param seconds how long the import took
 * @param provenance what wrote it
 */
public record BenchmarkManifest(String name, String source, BenchmarkSource format, String space, int architectures,
        int spaceSize, long rows, double seconds, Provenance provenance) {

    /** Beside the Parquet files; the leading underscore keeps Spark from reading it as data. */
    public static final String FILE = "_benchmark.json";

    /** Whether every architecture of the space is in the table. */
    public boolean complete() {
        return architectures == spaceSize;
    }

    /** Writes the manifest into the table folder. */
    public void write(Path tableDir, Configuration conf) {
        try (OutputStream out = tableDir.getFileSystem(conf).create(new Path(tableDir, FILE), true)) {
            out.write(Json.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + new Path(tableDir, FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks the manifest of an imported table; a folder that is not one (a CSV, the
     * official files, a half-written import) is one line saying how to import it.
     */
    public static BenchmarkManifest read(String table, Configuration conf) {
        Path file = new Path(table, FILE);
        String text;
        try {
            FileSystem fs = file.getFileSystem(conf);
            try (InputStream in = fs.open(file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(table + ": not an imported benchmark table (no " + FILE + "); import the "
                    + "NAS-Bench-201 CSV or the official NATS-Bench folder first: geonas import-benchmark --from PATH --out "
                    + table);
        } catch (IOException e) {
            throw new IllegalArgumentException(table + ": cannot read " + FILE + " (" + e.getMessage() + ")");
        }
        BenchmarkManifest m;
        try {
            m = Json.JSON.readValue(text, BenchmarkManifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": corrupt benchmark manifest (" + e.getOriginalMessage()
                    + "); import the benchmark again with geonas import-benchmark");
        }
        if (!"nb201".equals(m.space())) {
            throw new IllegalArgumentException(table + ": a benchmark of space " + m.space() + ", not of the "
                    + "NAS-Bench-201 cell space (nb201); import a NAS-Bench-201 / NATS-Bench topology benchmark");
        }
        return m;
    }
}
