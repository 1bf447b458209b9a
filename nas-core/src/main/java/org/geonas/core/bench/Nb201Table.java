package org.geonas.core.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.geonas.core.space.Nb201Architecture;

/**
 * The NAS-Bench-201 table in its compact CSV form (one row per architecture, row i = benchmark
 * index i; columns CIFAR10TestAccuracy200Epochs, CIFAR100TestAccuracy200Epochs,
 * ImageNetTestAccuracy200Epochs, ArchitectureString, ...), held in memory for lookups by
 * architecture (a hash lookup, well under a microsecond).
 *
 * <p>A slice of the table (some of its rows, e.g. a test fixture) has an extra column
 * {@value #INDEX_COLUMN} giving each row's benchmark index, since row positions no longer do; it is
 * read only where a partial table is allowed ({@link #fromCsv(Path, boolean)}).
 */
public final class Nb201Table {

    /** Cells of the NAS-Bench-201 space: 5 ops on 6 edges. */
    public static final int SIZE = 15_625;
    /** The column of a slice that gives each row's benchmark index. */
    public static final String INDEX_COLUMN = "Index";
    private static final List<String> COLUMNS = List.of("CIFAR10TestAccuracy200Epochs", "CIFAR100TestAccuracy200Epochs",
            "ImageNetTestAccuracy200Epochs", "ArchitectureString");

    private final Path source;
    private final Map<Nb201Architecture, Nb201Scores> byArch;

    private Nb201Table(Path source, Map<Nb201Architecture, Nb201Scores> byArch) {
        this.source = source;
        this.byArch = Collections.unmodifiableMap(byArch);
    }

    /** Reads and checks the whole CSV; every problem is one line naming the file (and row). */
    public static Nb201Table fromCsv(Path csv) {
        return fromCsv(csv, false);
    }

    /**
     * Reads and checks the CSV; every problem is one line naming the file (and row).
     *
     * @param allowSlice accept a slice: fewer rows than the space has, each with its benchmark index
     *     in the {@value #INDEX_COLUMN} column (a table without that column must be whole)
     */
    public static Nb201Table fromCsv(Path csv, boolean allowSlice) {
        Map<Nb201Architecture, Nb201Scores> rows = new HashMap<>(SIZE * 2);
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw bad(csv, "is empty; expected the NAS-Bench-201 CSV with columns " + COLUMNS);
            }
            String[] names = header.strip().split(",", -1);
            int[] col = new int[COLUMNS.size()];
            for (int c = 0; c < col.length; c++) {
                col[c] = List.of(names).indexOf(COLUMNS.get(c));
                if (col[c] < 0) {
                    throw bad(csv, "has no column " + COLUMNS.get(c) + "; expected the NAS-Bench-201 CSV with columns "
                            + COLUMNS);
                }
            }
            int indexCol = List.of(names).indexOf(INDEX_COLUMN);
            Map<Integer, Nb201Architecture> byIndex = new HashMap<>(SIZE * 2);
            String line;
            int count = 0;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                addRow(csv, count, line, col, indexCol, rows, byIndex);
                count++;
            }
            if (count != SIZE && !(allowSlice && indexCol >= 0)) {
                throw bad(csv, "has " + count + " architectures, the NAS-Bench-201 space has " + SIZE
                        + "; the file is truncated or is not a NAS-Bench-201 table"
                        + (indexCol >= 0 ? " (a slice, with an " + INDEX_COLUMN + " column, where the whole table is needed)"
                                : allowSlice ? " (a slice of it needs an " + INDEX_COLUMN + " column with each row's"
                                        + " benchmark index)" : ""));
            }
        } catch (NoSuchFileException e) {
            throw bad(csv, "no such file; give the path of the NAS-Bench-201 CSV (see README, 'Benchmarks')");
        } catch (IOException e) {
            throw bad(csv, "cannot read (" + e.getMessage() + ")");
        }
        return new Nb201Table(csv, rows);
    }

    /** Parses one row (the count-th, 0-based) into the maps. */
    private static void addRow(Path csv, int count, String line, int[] col, int indexCol,
            Map<Nb201Architecture, Nb201Scores> rows, Map<Integer, Nb201Architecture> byIndex) {
        String[] f = line.split(",", -1);
        int row = count + 2;
        int fields = Math.max(max(col), indexCol) + 1;
        if (f.length < fields) {
            throw bad(csv, "row " + row + " has " + f.length + " fields; expected at least " + fields);
        }
        int index = count;
        if (indexCol >= 0) {
            try {
                index = Integer.parseInt(f[indexCol].strip());
            } catch (NumberFormatException e) {
                throw bad(csv, "row " + row + ": " + INDEX_COLUMN + " '" + f[indexCol] + "' is not a whole number");
            }
            if (index < 0 || index >= SIZE) {
                throw bad(csv, "row " + row + ": " + INDEX_COLUMN + " " + index + " is outside the NAS-Bench-201 space"
                        + " (0 to " + (SIZE - 1) + ")");
            }
        }
        Nb201Architecture arch;
        try {
            arch = Nb201Architecture.parse(f[col[3]]);
        } catch (IllegalArgumentException e) {
            throw bad(csv, "row " + row + ": " + e.getMessage());
        }
        Nb201Scores scores;
        try {
            scores = new Nb201Scores(index, Double.parseDouble(f[col[0]]), Double.parseDouble(f[col[1]]),
                    Double.parseDouble(f[col[2]]));
        } catch (NumberFormatException e) {
            throw bad(csv, "row " + row + ": not a number (" + e.getMessage() + ")");
        }
        if (rows.putIfAbsent(arch, scores) != null) {
            throw bad(csv, "row " + row + ": architecture " + arch.encode() + " appears twice; not a NAS-Bench-201 table");
        }
        Nb201Architecture other = byIndex.putIfAbsent(index, arch);
        if (other != null) {
            throw bad(csv, "row " + row + ": " + INDEX_COLUMN + " " + index + " is both " + other.encode() + " and "
                    + arch.encode() + "; not a NAS-Bench-201 table");
        }
    }

    private static int max(int[] a) {
        int m = a[0];
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static IllegalArgumentException bad(Path csv, String what) {
        return new IllegalArgumentException(csv + ": " + what);
    }

    /** The scores of an architecture; every cell of the space is in a complete table, some in a slice. */
    public Optional<Nb201Scores> lookup(Nb201Architecture arch) {
        return Optional.ofNullable(byArch.get(arch));
    }

    /** The scores of an architecture, or an error naming the table. */
    public Nb201Scores require(Nb201Architecture arch) {
        return lookup(arch).orElseThrow(() -> new IllegalArgumentException(source + ": no entry for " + arch.encode()));
    }

    public int size() {
        return byArch.size();
    }

    /** Whether every architecture of the space is in the table (false for a slice). */
    public boolean complete() {
        return byArch.size() == SIZE;
    }

    /**
     * The rows as benchmark figures, by index: per architecture the 200-epoch mean test accuracy on
     * cifar10 (the CSV's ori-test@199), cifar100 and ImageNet16-120 (x-test@199); no curves.
     */
    public List<BenchmarkRecord> records() {
        List<Nb201Architecture> byIndex = new ArrayList<>(byArch.keySet());
        byIndex.sort(Comparator.comparingInt(a -> byArch.get(a).index()));
        List<BenchmarkRecord> out = new ArrayList<>(byIndex.size() * 3);
        for (Nb201Architecture arch : byIndex) {
            Nb201Scores s = byArch.get(arch);
            out.add(testAcc(arch, s.index(), BenchmarkRecord.CIFAR10, s.cifar10()));
            out.add(testAcc(arch, s.index(), BenchmarkRecord.CIFAR100, s.cifar100()));
            out.add(testAcc(arch, s.index(), BenchmarkRecord.IMAGENET16, s.imagenet16()));
        }
        return Collections.unmodifiableList(out);
    }

    private static BenchmarkRecord testAcc(Nb201Architecture arch, int index, String dataset, double value) {
        return new BenchmarkRecord(arch.encode(), index, dataset, "200", BenchmarkRecord.MEAN, BenchmarkRecord.TEST_ACC,
                value, null);
    }

    /** Every entry, for scans such as the best architecture per dataset. */
    public Map<Nb201Architecture, Nb201Scores> entries() {
        return byArch;
    }
}
