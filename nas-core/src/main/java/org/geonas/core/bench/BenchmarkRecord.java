package org.geonas.core.bench;

import java.util.List;
import java.util.Objects;

/**
 * One benchmark figure of one architecture: a metric of a training setting (hp: the number of
 * training epochs, "12" or "200") on a dataset, for one seed or the mean over seeds. Per-epoch
 * metrics also carry their curve (one value per epoch; the value is the curve's last point).
 *
 * @param arch the NAS-Bench-201 architecture string
 * @param index the benchmark's index of the architecture
 * @param dataset cifar10-valid, cifar10, cifar100 or ImageNet16-120
 * @param hp training epochs of the benchmark setting, "12" or "200"
 * @param seed the training seed ("777") or {@link #MEAN}
 * @param metric one of the metric names below
 * @param value the figure (accuracy in percent, loss, millions of parameters or FLOPs, seconds)
 * @param curve the per-epoch values, or null for metrics without one (params, flops, latency)
 */
public record BenchmarkRecord(String arch, int index, String dataset, String hp, String seed, String metric,
        double value, double[] curve) {

    /** The seed of the rows averaged over the benchmark's seeds. */
    public static final String MEAN = "mean";

    public static final String TRAIN_ACC = "train_acc";
    public static final String TRAIN_LOSS = "train_loss";
    /** x-valid: the held-out validation split. */
    public static final String VALID_ACC = "valid_acc";
    public static final String VALID_LOSS = "valid_loss";
    /** x-test where the dataset has it (cifar100, ImageNet16-120), else ori-test (cifar10, cifar10-valid). */
    public static final String TEST_ACC = "test_acc";
    public static final String TEST_LOSS = "test_loss";
    /** ori-test where it is distinct from test (cifar100, ImageNet16-120: x-valid and x-test together). */
    public static final String VALTEST_ACC = "valtest_acc";
    public static final String VALTEST_LOSS = "valtest_loss";
    /** Millions of parameters. */
    public static final String PARAMS = "params";
    /** Millions of FLOPs. */
    public static final String FLOPS = "flops";
    /** Seconds per batch at inference. */
    public static final String LATENCY = "latency";

    public static final String CIFAR10_VALID = "cifar10-valid";
    public static final String CIFAR10 = "cifar10";
    public static final String CIFAR100 = "cifar100";
    public static final String IMAGENET16 = "ImageNet16-120";
    /** The datasets of NAS-Bench-201, in the benchmark's order. */
    public static final List<String> DATASETS = List.of(CIFAR10_VALID, CIFAR10, CIFAR100, IMAGENET16);

    public BenchmarkRecord {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(hp, "hp");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(metric, "metric");
        curve = curve == null ? null : curve.clone();
    }

    @Override
    public double[] curve() {
        return curve == null ? null : curve.clone();
    }
}
