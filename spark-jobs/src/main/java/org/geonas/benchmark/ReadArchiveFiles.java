package org.geonas.benchmark;

import java.nio.file.Path;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.geonas.core.bench.NatsBenchArchive;

/**
 * Executor side of a benchmark import: reads the official files of a partition's architecture
 * indexes, one at a time (the archive's meta is read once per partition), as benchmark rows.
 */
final class ReadArchiveFiles implements FlatMapFunction<Iterator<Integer>, Row> {
    private static final long serialVersionUID = 1L;

    private final String archiveDir;
    private final String benchmark;

    ReadArchiveFiles(String archiveDir, String benchmark) {
        this.archiveDir = archiveDir;
        this.benchmark = benchmark;
    }

    @Override
    public Iterator<Row> call(Iterator<Integer> indexes) {
        NatsBenchArchive archive = NatsBenchArchive.open(Path.of(archiveDir));
        return new Iterator<>() {
            private Iterator<Row> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && indexes.hasNext()) {
                    current = archive.read(indexes.next()).stream().map(r -> BenchmarkRows.row(benchmark, r)).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
