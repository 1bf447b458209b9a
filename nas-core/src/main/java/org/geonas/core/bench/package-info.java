/**
 * NAS-Bench-201 benchmark figures: read once, looked up by architecture.
 *
 * <p>Sources: {@link org.geonas.core.bench.Nb201Table}, the compact CSV (200-epoch mean test
 * accuracy on three datasets), and {@link org.geonas.core.bench.NatsBenchArchive}, the official
 * NATS-Bench topology files ("simple" format: bz2-compressed Python pickles, read with Pyrolite's
 * unpickler and numpy scalars decoded here), which give every figure: hp 12 and 200, every
 * dataset and seed, train / valid / test losses and accuracies with their curves, params, flops,
 * latency, and the means over seeds. Both yield {@link org.geonas.core.bench.BenchmarkRecord}s.
 *
 * <p>{@link org.geonas.core.bench.BenchmarkTable} holds any such records compactly for lookups by
 * (architecture, dataset, hp, seed, metric); it is built in one pass, so the whole archive can be
 * streamed into it file by file, never all in memory: {@code BenchmarkTable.of(a.name(),
 * () -> a.presentIndexes().stream().flatMap(i -> a.read(i).stream()).iterator())}.
 *
 * <p>A table that does not match the space, a corrupt or truncated file, a file of another
 * architecture or a missing one is one line naming the file and the fix.
 */
package org.geonas.core.bench;
