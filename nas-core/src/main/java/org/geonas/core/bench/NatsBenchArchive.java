package org.geonas.core.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.geonas.core.space.Nb201Architecture;

/**
 * The official NATS-Bench topology benchmark (NAS-Bench-201) in its "simple" form: a folder such
 * as {@code NATS-tss-v1_0-3ffb9-simple/} with {@code meta.pickle.pbz2} (the 15,625 architecture
 * strings) and one {@code NNNNNN.pickle.pbz2} per architecture. Opening reads and checks the meta
 * file only; {@link #read} reads one architecture file. Immutable and safe to read from several
 * threads at once.
 */
public final class NatsBenchArchive {

    static final String META = "meta.pickle.pbz2";
    private static final Pattern ARCH_FILE = Pattern.compile("\\d{6}\\.pickle\\.pbz2");
    private static final String FIX = "download the benchmark again (NATS-tss-v1_0-3ffb9-simple.tar from the NATS-Bench"
            + " release) and unpack it";

    private final Path dir;
    private final List<String> archStrings;
    private final List<Nb201Architecture> archs;
    private final Map<Nb201Architecture, Integer> indexes;

    private NatsBenchArchive(Path dir, List<String> archStrings, List<Nb201Architecture> archs,
            Map<Nb201Architecture, Integer> indexes) {
        this.dir = dir;
        this.archStrings = archStrings;
        this.archs = archs;
        this.indexes = indexes;
    }

    /** Opens the folder and checks its meta file; every problem is one line naming the file and the fix. */
    public static NatsBenchArchive open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such folder; give the unpacked NATS-Bench topology folder"
                    + " (e.g. NATS-tss-v1_0-3ffb9-simple, holding " + META + ")");
        }
        Path meta = dir.resolve(META);
        if (!Files.isRegularFile(meta)) {
            throw new IllegalArgumentException(dir + ": not a NATS-Bench topology folder (no " + META
                    + "); give the folder of the 'simple' format, e.g. NATS-tss-v1_0-3ffb9-simple");
        }
        List<String> strings = metaArchs(meta);
        List<Nb201Architecture> archs = new ArrayList<>(strings.size());
        Map<Nb201Architecture, Integer> indexes = new HashMap<>(strings.size() * 2);
        for (int i = 0; i < strings.size(); i++) {
            Nb201Architecture arch;
            try {
                arch = Nb201Architecture.parse(strings.get(i));
            } catch (IllegalArgumentException e) {
                throw bad(meta, "architecture " + i + ": " + e.getMessage() + "; " + FIX);
            }
            if (indexes.putIfAbsent(arch, i) != null) {
                throw bad(meta, "architecture " + arch + " is listed twice (" + indexes.get(arch) + " and " + i
                        + "); not a NATS-Bench topology meta file; " + FIX);
            }
            archs.add(arch);
        }
        return new NatsBenchArchive(dir, List.copyOf(strings), Collections.unmodifiableList(archs),
                Collections.unmodifiableMap(indexes));
    }

    /** meta_archs of the meta file, checked to be 15,625 strings. */
    private static List<String> metaArchs(Path meta) {
        Object pickle = load(meta);
        if (!(pickle instanceof Map<?, ?> m) || !(m.get("meta_archs") instanceof List<?> list)) {
            throw bad(meta, "has no meta_archs list; not a NATS-Bench topology meta file; " + FIX);
        }
        if (list.size() != Nb201Table.SIZE) {
            throw bad(meta, "lists " + list.size() + " architectures, the NATS-Bench topology space has "
                    + Nb201Table.SIZE + "; not the topology benchmark (tss) or a damaged file; " + FIX);
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw bad(meta, "architecture " + strings.size() + " is not a string; " + FIX);
            }
            strings.add(s);
        }
        return strings;
    }

    /** Decompresses and unpickles a file; missing, unreadable, corrupt: one line naming it. */
    private static Object load(Path file) {
        try {
            return PythonPickles.read(file);
        } catch (NoSuchFileException e) {
            throw bad(file, "no such file");
        } catch (IOException | RuntimeException e) {
            // a damaged pickle stream surfaces as whatever Pyrolite trips over (PickleException, ClassCast...)
            throw bad(file, "corrupt or truncated (" + oneLine(e) + "); " + FIX);
        }
    }

    /** The folder's name, e.g. NATS-tss-v1_0-3ffb9-simple: the benchmark's name in tables. */
    public String name() {
        Path last = dir.toAbsolutePath().normalize().getFileName();
        return last == null ? dir.toString() : last.toString();
    }

    public Path dir() {
        return dir;
    }

    /** Architectures in the benchmark (15,625). */
    public int size() {
        return archs.size();
    }

    /** The architecture of a benchmark index. */
    public Nb201Architecture arch(int index) {
        checkIndex(index);
        return archs.get(index);
    }

    /** The benchmark index of an architecture. */
    public OptionalInt indexOf(Nb201Architecture arch) {
        Integer i = indexes.get(arch);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** The indexes whose architecture file is in the folder, ascending (all of them in a full copy). */
    public List<Integer> presentIndexes() {
        List<Integer> present = new ArrayList<>(archs.size());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (ARCH_FILE.matcher(name).matches()) {
                    int index = Integer.parseInt(name.substring(0, 6));
                    if (index < archs.size()) {
                        present.add(index);
                    }
                }
            }
        } catch (IOException e) {
            throw bad(dir, "cannot list the folder (" + oneLine(e) + ")");
        }
        Collections.sort(present);
        return Collections.unmodifiableList(present);
    }

    /**
     * The figures of one architecture: for hp 12 and 200, each dataset and seed, the last-epoch
     * train / valid / test / valtest accuracy and loss (with their curves where the file has every
     * epoch), params, flops and latency, and per (hp, dataset, metric) the mean over the seeds.
     * Problems with the file are one line naming it.
     */
    public List<BenchmarkRecord> read(int index) {
        checkIndex(index);
        Path file = archFile(index);
        if (!Files.isRegularFile(file)) {
            throw bad(file, "no such file; this copy of " + name() + " lacks architecture " + index
                    + ": the full benchmark (all " + archs.size() + " architecture files) is needed; " + FIX);
        }
        Object pickle = load(file);
        try {
            return NatsArchFile.records(pickle, index, archStrings.get(index));
        } catch (NatsArchFile.OtherArchitecture e) {
            throw bad(file, "belongs to another architecture: it " + e.getMessage() + "; the file was renamed or"
                    + " copied over: " + FIX);
        } catch (NatsArchFile.BadStructure e) {
            throw bad(file, "not a NATS-Bench topology architecture file (" + e.getMessage() + "); " + FIX);
        }
    }

    /** The architecture file of an index, e.g. 000011.pickle.pbz2. */
    public Path archFile(int index) {
        return dir.resolve(String.format("%06d.pickle.pbz2", index));
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= archs.size()) {
            throw new IllegalArgumentException(dir + ": no architecture " + index + "; indexes run from 0 to "
                    + (archs.size() - 1));
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file + ": " + what);
    }
}
