package org.geonas.core.bench;

/**
 * Test accuracy (percent) after 200 epochs, mean over the benchmark's seeds, on the three
 * NAS-Bench-201 datasets.
 *
 * @param index the benchmark's index of the architecture
 * @param cifar10 CIFAR-10 (trained on all 50k training images), ori-test@199
 * @param cifar100 CIFAR-100, x-test@199
 * @param imagenet16 ImageNet16-120, x-test@199
 */
public record Nb201Scores(int index, double cifar10, double cifar100, double imagenet16) {
}
