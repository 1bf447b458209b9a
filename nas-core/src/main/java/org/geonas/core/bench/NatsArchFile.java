package org.geonas.core.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one unpickled NATS-Bench topology architecture file (a dict keyed by hp, "12" and "200",
 * each with arch_index, arch_str and all_results keyed by (dataset, seed)) into benchmark records:
 * per seed the last-epoch figures with their curves, then per (hp, dataset, metric) their mean.
 */
final class NatsArchFile {

    /** The training settings of the topology benchmark (epochs), both in every file. */
    static final List<String> HPS = List.of("12", "200");
    private static final String VALID = "x-valid";
    private static final String TEST = "x-test";
    private static final String ORI_TEST = "ori-test";

    /** The file's structure is not what NATS-Bench writes; the message says what was found. */
    static final class BadStructure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadStructure(String message) {
            super(message, null, false, false);
        }
    }

    /** The file is a valid architecture file, of another architecture than asked for. */
    static final class OtherArchitecture extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OtherArchitecture(String message) {
            super(message, null, false, false);
        }
    }

    /** A figure of one seed (or the mean): its last value and, where every epoch is there, its curve. */
    private record Figure(String metric, double value, double[] curve) {
    }

    private NatsArchFile() {
    }

    /**
     * The records of one architecture.
     *
     * @param pickle the unpickled file
     * @param index the index asked for, checked against arch_index
     * @param arch the architecture string the benchmark's meta gives for that index, checked against arch_str
     */
    static List<BenchmarkRecord> records(Object pickle, int index, String arch) {
        Map<?, ?> byHp = asMap(pickle, "the file");
        List<BenchmarkRecord> out = new ArrayList<>(256);
        for (String hp : HPS) {
            Map<?, ?> info = asMap(byHp.get(hp), "hp '" + hp + "'");
            checkIdentity(info, hp, index, arch);
            for (Map.Entry<String, TreeMap<String, Map<?, ?>>> dataset : bySeed(info, hp).entrySet()) {
                addDataset(out, arch, index, hp, dataset.getKey(), dataset.getValue());
            }
        }
        return out;
    }

    private static void checkIdentity(Map<?, ?> info, String hp, int index, String arch) {
        Object fileIndex = info.get("arch_index");
        Object fileArch = info.get("arch_str");
        if (!(fileIndex instanceof Number n) || !(fileArch instanceof String s)) {
            throw new BadStructure("hp '" + hp + "' has no arch_index / arch_str");
        }
        if (n.longValue() != index || !s.equals(arch)) {
            throw new OtherArchitecture("holds architecture " + n + " (" + s + "), not " + index + " (" + arch + ")");
        }
    }

    /** all_results regrouped: dataset (benchmark order) -> seed (numeric order) -> result dict. */
    private static TreeMap<String, TreeMap<String, Map<?, ?>>> bySeed(Map<?, ?> info, String hp) {
        String where = "hp '" + hp + "' all_results";
        TreeMap<String, TreeMap<String, Map<?, ?>>> grouped = new TreeMap<>(FigureOrder.DATASET);
        for (Map.Entry<?, ?> e : asMap(info.get("all_results"), where).entrySet()) {
            if (!(e.getKey() instanceof Object[] key) || key.length != 2 || !(key[0] instanceof String dataset)
                    || !(key[1] instanceof Number seed)) {
                throw new BadStructure(where + " has a key that is not a (dataset, seed) pair");
            }
            grouped.computeIfAbsent(dataset, d -> new TreeMap<>(FigureOrder.NUMBER))
                    .put(seed.toString(), asMap(e.getValue(), where + " (" + dataset + ", " + seed + ")"));
        }
        return grouped;
    }

    private static void addDataset(List<BenchmarkRecord> out, String arch, int index, String hp, String dataset,
            TreeMap<String, Map<?, ?>> seeds) {
        Map<String, List<Figure>> byMetric = new TreeMap<>(FigureOrder.METRIC);
        for (Map.Entry<String, Map<?, ?>> seed : seeds.entrySet()) {
            String where = "hp '" + hp + "' (" + dataset + ", " + seed.getKey() + ")";
            for (Figure f : figures(seed.getValue(), where)) {
                out.add(new BenchmarkRecord(arch, index, dataset, hp, seed.getKey(), f.metric(), f.value(), f.curve()));
                byMetric.computeIfAbsent(f.metric(), m -> new ArrayList<>(seeds.size())).add(f);
            }
        }
        for (List<Figure> perSeed : byMetric.values()) {
            Figure mean = mean(perSeed);
            out.add(new BenchmarkRecord(arch, index, dataset, hp, BenchmarkRecord.MEAN, mean.metric(), mean.value(),
                    mean.curve()));
        }
    }

    /** The figures of one (dataset, seed) result, in {@link FigureOrder#METRICS} order. */
    private static List<Figure> figures(Map<?, ?> result, String where) {
        if (!(result.get("epochs") instanceof Number epochCount)) {
            throw new BadStructure(where + " has no epochs");
        }
        int epochs = epochCount.intValue();
        List<Figure> out = new ArrayList<>(FigureOrder.METRICS.size());
        addSeries(out, BenchmarkRecord.TRAIN_ACC, asMap(result.get("train_acc1es"), where + " train_acc1es"), epochs);
        addSeries(out, BenchmarkRecord.TRAIN_LOSS, asMap(result.get("train_losses"), where + " train_losses"), epochs);
        Map<String, Map<Object, Object>> acc = byEvalName(asMap(result.get("eval_acc1es"), where + " eval_acc1es"));
        Map<String, Map<Object, Object>> loss = byEvalName(asMap(result.get("eval_losses"), where + " eval_losses"));
        addSeries(out, BenchmarkRecord.VALID_ACC, acc.get(VALID), epochs);
        addSeries(out, BenchmarkRecord.VALID_LOSS, loss.get(VALID), epochs);
        // test is x-test where the dataset has it, else ori-test; ori-test is then valid+test ("valtest")
        boolean split = acc.containsKey(TEST);
        addSeries(out, BenchmarkRecord.TEST_ACC, acc.get(split ? TEST : ORI_TEST), epochs);
        addSeries(out, BenchmarkRecord.TEST_LOSS, loss.get(split ? TEST : ORI_TEST), epochs);
        if (split) {
            addSeries(out, BenchmarkRecord.VALTEST_ACC, acc.get(ORI_TEST), epochs);
            addSeries(out, BenchmarkRecord.VALTEST_LOSS, loss.get(ORI_TEST), epochs);
        }
        addScalar(out, BenchmarkRecord.PARAMS, result.get("params"));
        addScalar(out, BenchmarkRecord.FLOPS, result.get("flop"));
        if (result.get("latency") instanceof List<?> latency && !latency.isEmpty()) {
            addScalar(out, BenchmarkRecord.LATENCY, latency.get(0));
        }
        return out;
    }

    /** {"x-valid@0": v, "x-valid@1": v, ...} -> {"x-valid": {0: v, 1: v, ...}, ...}. */
    private static Map<String, Map<Object, Object>> byEvalName(Map<?, ?> eval) {
        Map<String, Map<Object, Object>> out = new HashMap<>(8);
        for (Map.Entry<?, ?> e : eval.entrySet()) {
            String key = e.getKey().toString();
            int at = key.lastIndexOf('@');
            if (at < 0) {
                throw new BadStructure("eval key '" + key + "' is not name@epoch");
            }
            int epoch;
            try {
                epoch = Integer.parseInt(key, at + 1, key.length(), 10);
            } catch (NumberFormatException ex) {
                throw new BadStructure("eval key '" + key + "' is not name@epoch");
            }
            out.computeIfAbsent(key.substring(0, at), n -> new HashMap<>(256)).put(epoch, e.getValue());
        }
        return out;
    }

    /**
     * The value at the last epoch present, with the curve where every epoch 0..epochs-1 is there
     * (the 200-epoch files keep only the last x-test / x-valid point of some datasets).
     */
    private static void addSeries(List<Figure> out, String metric, Map<?, ?> byEpoch, int epochs) {
        if (byEpoch == null || byEpoch.isEmpty()) {
            return;
        }
        int last = -1;
        for (Object k : byEpoch.keySet()) {
            if (!(k instanceof Number n)) {
                throw new BadStructure(metric + " has an epoch key '" + k + "' that is not a number");
            }
            last = Math.max(last, n.intValue());
        }
        double value = number(byEpoch.get(last), metric);
        double[] curve = null;
        if (byEpoch.size() == epochs && last == epochs - 1) {
            curve = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                curve[e] = number(byEpoch.get(e), metric);
            }
        }
        out.add(new Figure(metric, value, curve));
    }

    private static void addScalar(List<Figure> out, String metric, Object value) {
        if (value != null) {
            out.add(new Figure(metric, number(value, metric), null));
        }
    }

    /** The mean over seeds; curves averaged point by point where every seed has one of the same length. */
    private static Figure mean(List<Figure> perSeed) {
        double sum = 0;
        for (Figure f : perSeed) {
            sum += f.value();
        }
        return new Figure(perSeed.get(0).metric(), sum / perSeed.size(), meanCurve(perSeed));
    }

    private static double[] meanCurve(List<Figure> perSeed) {
        double[] first = perSeed.get(0).curve();
        for (Figure f : perSeed) {
            if (f.curve() == null || f.curve().length != first.length) {
                return null;
            }
        }
        double[] mean = new double[first.length];
        for (Figure f : perSeed) {
            double[] c = f.curve();
            for (int e = 0; e < mean.length; e++) {
                mean[e] += c[e];
            }
        }
        for (int e = 0; e < mean.length; e++) {
            mean[e] /= perSeed.size();
        }
        return mean;
    }

    private static double number(Object o, String what) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new BadStructure(what + " holds " + (o == null ? "None" : o.getClass().getSimpleName())
                + " where a number was expected");
    }

    private static Map<?, ?> asMap(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new BadStructure(what + " is " + (o == null ? "missing" : "a " + o.getClass().getSimpleName())
                + ", expected a dict");
    }
}
