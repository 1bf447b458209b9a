package org.geonas.report;

import java.util.List;
import java.util.Map;
import org.geonas.core.bench.BenchmarkRecord;

/** The NAS-Bench-201 datasets as the report shows them. */
final class BenchmarkDatasets {

    /** The columns of the paper's table, in its order. */
    static final List<String> TABLE = List.of(BenchmarkRecord.CIFAR10, BenchmarkRecord.CIFAR100,
            BenchmarkRecord.IMAGENET16);

    private static final Map<String, String> NAMES = Map.of(BenchmarkRecord.CIFAR10_VALID, "CIFAR-10 (valid split)",
            BenchmarkRecord.CIFAR10, "CIFAR-10", BenchmarkRecord.CIFAR100, "CIFAR-100", BenchmarkRecord.IMAGENET16,
            "ImageNet16-120");

    private BenchmarkDatasets() {
    }

    /** The display name, e.g. {@code CIFAR-10} for {@code cifar10}; unknown ids as they are. */
    static String name(String dataset) {
        return NAMES.getOrDefault(dataset, dataset);
    }

    /** The benchmark's order (cifar10-valid, cifar10, cifar100, ImageNet16-120), unknown ids last. */
    static int order(String dataset) {
        int i = BenchmarkRecord.DATASETS.indexOf(dataset);
        return i < 0 ? BenchmarkRecord.DATASETS.size() : i;
    }
}
