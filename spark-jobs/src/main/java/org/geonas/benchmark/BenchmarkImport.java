package org.geonas.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.geonas.core.bench.NatsBenchArchive;
import org.geonas.core.bench.Nb201Table;
import org.geonas.core.run.Provenance;
import org.geonas.spark.BadInput;
import org.geonas.spark.JobGroupProgress;
import org.geonas.tables.Tables;

/**
 * Imports a NAS-Bench-201 benchmark, in the form users download it (the compact CSV or the
 * official NATS-Bench topology folder), into one Parquet table of {@link Tables#BENCHMARK_SCHEMA}
 * with its {@link BenchmarkManifest}. The official files are read in parallel, a slice of
 * architectures per Spark task, streaming (no task holds more than one file's figures). The
 * table is written into a hidden folder beside the target and renamed at the end, so a failed
 * import leaves nothing behind.
 */
public final class BenchmarkImport {

    private static final String JOB_GROUP = "geonas-import-benchmark";
    /** Architectures per task: small enough for a smooth progress bar, large enough to keep task overhead low. */
    private static final int ARCHS_PER_TASK = 100;

    private final PrintStream out;

    public BenchmarkImport(PrintStream out) {
        this.out = out;
    }

    /**
     * Imports {@code from} into the table folder {@code to} (any Hadoop URI).
     *
     * @param overwrite replace an existing table at {@code to}
     * @param allowPartial import an official folder that lacks some architecture files, or a slice of the
     *     CSV (rows with an Index column), for samples
     */
    public BenchmarkManifest run(SparkSession spark, java.nio.file.Path from, String to, boolean overwrite,
            boolean allowPartial) {
        long start = System.nanoTime();
        BenchmarkSource format = BenchmarkSource.detect(from);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path target = qualified(to, conf);
        checkTarget(target, conf, overwrite);
        Source source = open(from, format, allowPartial);
        // not a hidden name: Spark skips hidden folders when it reads the finished table back to count it
        Path tmp = new Path(target.getParent(), target.getName() + ".importing-" + UUID.randomUUID());
        try {
            write(spark, source, tmp);
            long rows = spark.read().parquet(tmp.toString()).count();
            BenchmarkManifest manifest = new BenchmarkManifest(source.name(), from.toAbsolutePath().normalize().toString(), format,
                    "nb201", source.architectures(), Nb201Table.SIZE, rows, (System.nanoTime() - start) / 1e9,
                    Provenance.withoutEngine());
            manifest.write(tmp, conf);
            publish(tmp, target, conf);
            return manifest;
        } catch (Exception e) { // Spark's task failures arrive as the checked SparkException
            delete(tmp, conf);
            throw BadInput.unwrap(e);
        }
    }

    /** The rows of a source, and what they cover. */
    private record Source(String name, int architectures, java.util.function.Function<SparkSession, Dataset<Row>> rows) {
    }

    private Source open(java.nio.file.Path from, BenchmarkSource format, boolean allowPartial) {
        String name = from.toAbsolutePath().normalize().getFileName().toString();
        return switch (format) {
            case CSV -> csv(from, name, allowPartial);
            case NATS_SIMPLE -> official(from, name, allowPartial);
            case IMPORTED -> throw new IllegalArgumentException(from + ": already an imported benchmark table; give the "
                    + "CSV or the official NATS-Bench folder to import, or use this table directly");
        };
    }

    private Source csv(java.nio.file.Path from, String name, boolean allowPartial) {
        Nb201Table table = Nb201Table.fromCsv(from, true); // checked whole before anything is written
        if (!table.complete() && !allowPartial) {
            throw new IllegalArgumentException(from + ": a slice of the NAS-Bench-201 table, " + table.size() + " of "
                    + Nb201Table.SIZE + " architectures (its " + Nb201Table.INDEX_COLUMN + " column gives their "
                    + "benchmark indexes); give the whole CSV, or add --allow-partial to import only the " + table.size()
                    + " present");
        }
        List<Row> rows = table.records().stream().map(r -> BenchmarkRows.row(name, r)).toList();
        out.printf(Locale.ROOT, "import-benchmark: %s (CSV), %d architectures, %d figures%n", from, table.size(),
                rows.size());
        return new Source(name, table.size(), spark -> spark.createDataFrame(rows, Tables.BENCHMARK_TABLE.schema()).coalesce(1));
    }

    private Source official(java.nio.file.Path from, String name, boolean allowPartial) {
        NatsBenchArchive archive = NatsBenchArchive.open(from);
        List<Integer> present = archive.presentIndexes();
        if (present.size() < archive.size() && !allowPartial) {
            int missing = firstMissing(present);
            throw new IllegalArgumentException(from + ": " + (archive.size() - present.size()) + " of " + archive.size()
                    + " architecture files are missing (first: " + String.format(Locale.ROOT, "%06d.pickle.pbz2", missing)
                    + "); unpack the whole NATS-tss-v1_0-3ffb9-simple archive, or add --allow-partial to import only "
                    + "the " + present.size() + " present");
        }
        out.printf(Locale.ROOT, "import-benchmark: %s (official NATS-Bench files), %d of %d architectures%n", from,
                present.size(), archive.size());
        String dir = from.toAbsolutePath().toString();
        return new Source(name, present.size(), spark -> {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int slices = Math.max(1, (present.size() + ARCHS_PER_TASK - 1) / ARCHS_PER_TASK);
            JavaRDD<Row> rows = jsc.parallelize(present, slices).mapPartitions(new ReadArchiveFiles(dir, name));
            return spark.createDataFrame(rows, Tables.BENCHMARK_TABLE.schema());
        });
    }

    private static int firstMissing(List<Integer> present) {
        for (int i = 0; i < present.size(); i++) {
            if (present.get(i) != i) {
                return i;
            }
        }
        return present.size();
    }

    private void write(SparkSession spark, Source source, Path tmp) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobGroup(JOB_GROUP, "GeoNAS import-benchmark " + source.name(), true);
        JobGroupProgress progress = new JobGroupProgress(jsc, JOB_GROUP, "import-benchmark", source.architectures(),
                out);
        try {
            source.rows().apply(spark).write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
        } finally {
            progress.close();
            jsc.clearJobGroup();
        }
    }

    private static Path qualified(String to, Configuration conf) {
        try {
            Path p = new Path(to);
            return p.getFileSystem(conf).makeQualified(p);
        } catch (IOException e) {
            throw new IllegalArgumentException(to + ": cannot open its file system (" + e.getMessage() + ")");
        }
    }

    private static void checkTarget(Path target, Configuration conf, boolean overwrite) {
        try {
            FileSystem fs = target.getFileSystem(conf);
            if (fs.exists(target) && !overwrite) {
                throw new IllegalArgumentException(target + ": already exists; add --overwrite to replace it, or choose "
                        + "another --out");
            }
            if (fs.exists(target) && !fs.exists(new Path(target, BenchmarkManifest.FILE))) {
                throw new IllegalArgumentException(target + ": exists and is not an imported benchmark table; "
                        + "--overwrite replaces only those; choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the finished table into place; the old one (with --overwrite) goes only once the new one is whole. */
    private static void publish(Path tmp, Path target, Configuration conf) {
        try {
            FileSystem fs = target.getFileSystem(conf);
            fs.delete(target, true);
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the imported table to " + target + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path tmp, Configuration conf) {
        try {
            tmp.getFileSystem(conf).delete(tmp, true);
        } catch (IOException e) {
            // best effort: the hidden folder names itself as an unfinished import
        }
    }
}
