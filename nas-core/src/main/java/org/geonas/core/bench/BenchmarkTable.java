package org.geonas.core.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import org.geonas.core.space.Nb201Architecture;

/**
 * Benchmark figures of many architectures held in memory for lookups (hash lookups, well under a
 * microsecond each). Compact: one dictionary of figure keys (dataset, hp, seed, metric) shared by
 * all architectures, and per architecture a plain array of values indexed by key, so the full
 * NATS-Bench topology benchmark (15,625 architectures x ~240 figures) takes some 35 MB. Curves are
 * not kept. Immutable.
 */
public final class BenchmarkTable {

    /** What a figure is, apart from its architecture. */
    private record FigureKey(String dataset, String hp, String seed, String metric) {
        static final Comparator<FigureKey> ORDER = Comparator.comparing(FigureKey::dataset, FigureOrder.DATASET)
                .thenComparing(FigureKey::hp, FigureOrder.NUMBER).thenComparing(FigureKey::seed, FigureOrder.NUMBER)
                .thenComparing(FigureKey::metric, FigureOrder.METRIC);
    }

    private final String name;
    private final Map<Nb201Architecture, Integer> slots;
    private final List<Nb201Architecture> archs;
    private final String[] archStrings;
    private final int[] indexes;
    private final Map<FigureKey, Integer> keyIds;
    private final FigureKey[] keys;
    /** Key ids in listing order. */
    private final int[] keyOrder;
    private final double[][] values;
    private final BitSet[] present;
    private final List<String> datasets;

    private BenchmarkTable(String name, List<Slot> slotList, Map<FigureKey, Integer> keyIds) {
        this.name = name;
        this.keyIds = Collections.unmodifiableMap(keyIds);
        this.keys = new FigureKey[keyIds.size()];
        keyIds.forEach((k, id) -> keys[id] = k);
        this.keyOrder = IntStream.range(0, keys.length).boxed()
                .sorted(Comparator.comparing(id -> keys[id], FigureKey.ORDER)).mapToInt(Integer::intValue).toArray();
        int n = slotList.size();
        Map<Nb201Architecture, Integer> slotOf = new HashMap<>(n * 2);
        List<Nb201Architecture> archList = new ArrayList<>(n);
        this.archStrings = new String[n];
        this.indexes = new int[n];
        this.values = new double[n][];
        this.present = new BitSet[n];
        for (int s = 0; s < n; s++) {
            Slot slot = slotList.get(s);
            slotOf.put(slot.arch, s);
            archList.add(slot.arch);
            archStrings[s] = slot.archString;
            indexes[s] = slot.index;
            values[s] = slot.values.length == keys.length ? slot.values : Arrays.copyOf(slot.values, keys.length);
            present[s] = slot.present;
        }
        this.slots = Collections.unmodifiableMap(slotOf);
        this.archs = Collections.unmodifiableList(archList);
        Set<String> ds = new LinkedHashSet<>();
        for (int id : keyOrder) {
            ds.add(keys[id].dataset());
        }
        this.datasets = List.copyOf(ds);
    }

    /**
     * Builds the table in one pass over the records (so a lazy iterable of a whole benchmark never
     * has to be in memory at once). Curves are dropped. A second figure with the same (arch,
     * dataset, hp, seed, metric), an architecture under two indexes or a malformed architecture is
     * one line naming the table.
     */
    public static BenchmarkTable of(String name, Iterable<BenchmarkRecord> records) {
        Objects.requireNonNull(name, "name");
        Builder b = new Builder(name);
        for (BenchmarkRecord r : records) {
            b.add(r);
        }
        List<Slot> slotList = new ArrayList<>(b.byArch.values());
        slotList.sort(Comparator.comparingInt((Slot s) -> s.index).thenComparing(s -> s.archString));
        return new BenchmarkTable(name, slotList, b.keyIds);
    }

    /** The benchmark's name, e.g. the NATS-Bench folder name. */
    public String name() {
        return name;
    }

    /** Number of architectures. */
    public int size() {
        return archs.size();
    }

    /** The architectures, by benchmark index. */
    public List<Nb201Architecture> architectures() {
        return archs;
    }

    /** The benchmark index of an architecture, if the table has it. */
    public OptionalInt index(Nb201Architecture arch) {
        Integer s = slots.get(arch);
        return s == null ? OptionalInt.empty() : OptionalInt.of(indexes[s]);
    }

    /** One figure, if the table has it. */
    public OptionalDouble value(Nb201Architecture arch, String dataset, String hp, String seed, String metric) {
        Integer s = slots.get(arch);
        Integer k = keyIds.get(new FigureKey(dataset, hp, seed, metric));
        if (s == null || k == null || !present[s].get(k)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(values[s][k]);
    }

    /** Every figure of an architecture (curve null), by dataset, hp, seed and metric; empty if unknown. */
    public List<BenchmarkRecord> scores(Nb201Architecture arch) {
        Integer s = slots.get(arch);
        if (s == null) {
            return List.of();
        }
        List<BenchmarkRecord> out = new ArrayList<>(present[s].cardinality());
        for (int k : keyOrder) {
            if (present[s].get(k)) {
                FigureKey key = keys[k];
                out.add(new BenchmarkRecord(archStrings[s], indexes[s], key.dataset(), key.hp(), key.seed(),
                        key.metric(), values[s][k], null));
            }
        }
        return out;
    }

    /** The datasets the table has figures for, in the benchmark's order. */
    public List<String> datasets() {
        return datasets;
    }

    /** One architecture while the table is built: its values grow with the key dictionary. */
    private static final class Slot {
        final Nb201Architecture arch;
        final String archString;
        final int index;
        double[] values = new double[256];
        final BitSet present = new BitSet();

        Slot(Nb201Architecture arch, String archString, int index) {
            this.arch = arch;
            this.archString = archString;
            this.index = index;
        }

        /** @return false if the key already has a value */
        boolean put(int key, double value) {
            if (present.get(key)) {
                return false;
            }
            if (key >= values.length) {
                values = Arrays.copyOf(values, Math.max(key + 1, values.length * 2));
            }
            values[key] = value;
            present.set(key);
            return true;
        }
    }

    private static final class Builder {
        private final String name;
        private final Map<FigureKey, Integer> keyIds = new HashMap<>();
        private final Map<String, Slot> byString = new HashMap<>();
        private final Map<Nb201Architecture, Slot> byArch = new HashMap<>();
        private final Map<Integer, Slot> byIndex = new HashMap<>();

        Builder(String name) {
            this.name = name;
        }

        void add(BenchmarkRecord r) {
            Slot slot = slot(r);
            FigureKey key = new FigureKey(r.dataset(), r.hp(), r.seed(), r.metric());
            Integer id = keyIds.computeIfAbsent(key, k -> keyIds.size());
            if (!slot.put(id, r.value())) {
                throw bad("two figures for " + r.arch() + " " + r.dataset() + " hp " + r.hp() + " seed " + r.seed()
                        + " " + r.metric() + "; the records come from overlapping sources");
            }
        }

        /** The record's architecture, parsed once per distinct string. */
        private Slot slot(BenchmarkRecord r) {
            Slot slot = byString.get(r.arch());
            if (slot == null) {
                slot = newOrSameArch(r);
                byString.put(r.arch(), slot);
            }
            if (slot.index != r.index()) {
                throw bad(r.arch() + " has indexes " + slot.index + " and " + r.index());
            }
            return slot;
        }

        private Slot newOrSameArch(BenchmarkRecord r) {
            Nb201Architecture arch;
            try {
                arch = Nb201Architecture.parse(r.arch());
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            Slot slot = byArch.get(arch);
            if (slot == null) {
                slot = new Slot(arch, arch.encode(), r.index());
                Slot other = byIndex.putIfAbsent(r.index(), slot);
                if (other != null) {
                    throw bad("index " + r.index() + " is both " + other.archString + " and " + slot.archString);
                }
                byArch.put(arch, slot);
            }
            return slot;
        }

        private IllegalArgumentException bad(String what) {
            return new IllegalArgumentException("benchmark table " + name + ": " + what);
        }
    }
}
