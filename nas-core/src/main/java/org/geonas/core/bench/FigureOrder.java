package org.geonas.core.bench;

import java.util.Comparator;
import java.util.List;

/**
 * The order benchmark figures are listed in: datasets in the benchmark's order, hp and seeds by
 * number (the mean after the seeds), metrics train / valid / test / valtest, then cost figures.
 * Names outside the known lists come after them, alphabetically.
 */
final class FigureOrder {

    /** Every metric a NATS-Bench architecture file gives, in listing order. */
    static final List<String> METRICS = List.of(BenchmarkRecord.TRAIN_ACC, BenchmarkRecord.TRAIN_LOSS,
            BenchmarkRecord.VALID_ACC, BenchmarkRecord.VALID_LOSS, BenchmarkRecord.TEST_ACC, BenchmarkRecord.TEST_LOSS,
            BenchmarkRecord.VALTEST_ACC, BenchmarkRecord.VALTEST_LOSS, BenchmarkRecord.PARAMS, BenchmarkRecord.FLOPS,
            BenchmarkRecord.LATENCY);

    static final Comparator<String> DATASET = listedFirst(BenchmarkRecord.DATASETS);
    static final Comparator<String> METRIC = listedFirst(METRICS);
    /** Numbers ascending, then other names ("mean") alphabetically. */
    static final Comparator<String> NUMBER = Comparator.comparing(FigureOrder::numberOrNull,
            Comparator.nullsLast(Comparator.<Long>naturalOrder())).thenComparing(Comparator.naturalOrder());

    private FigureOrder() {
    }

    private static Comparator<String> listedFirst(List<String> order) {
        return Comparator.comparingInt((String s) -> {
            int i = order.indexOf(s);
            return i < 0 ? order.size() : i;
        }).thenComparing(Comparator.naturalOrder());
    }

    private static Long numberOrNull(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(s);
    }
}
