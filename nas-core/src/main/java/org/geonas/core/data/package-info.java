/**
 * Image datasets for the architecture search: readers for CIFAR-10, CIFAR-100, ImageNet16-120 (numpy
 * pickles) and Fashion-MNIST, NAS-Bench-201's search splits, a seeded synthetic dataset, index
 * selection, resizing and per-channel normalization, the standard CIFAR
 * training augmentation, and a background-assembled, deterministic {@link
 * org.geonas.core.data.BatchStream} of float batches.
 *
 * <p>Conventions, chosen to match what the DL engine and torchvision expect:
 *
 * <ul>
 *   <li>Pixels are {@code float}, one image after the other, each in CHW order (channel planes of
 *       row-major rows). As loaded they are in [0,1]: {@code (byte & 0xFF) / 255f}.
 *   <li>Every problem with a data file is a {@link org.geonas.core.data.DataFileException} whose
 *       message is a single line naming the file and the fix; readers check every file (presence,
 *       size, header) before they convert any pixel, so a bad download fails in seconds and never
 *       after minutes of work.
 *   <li>Everything random is driven by an explicit seed, so the same seed gives identical data,
 *       orders, augmentations and batches, independent of thread timing.
 * </ul>
 *
 * <p>The package depends on nothing else in the project: only the JDK, Pyrolite (the pickles) and
 * Jackson (the split files).
 */
package org.geonas.core.data;
