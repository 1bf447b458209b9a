/**
 * Trust in the numerics before any training. libtorch's oneDNN kernels are chosen per CPU at run
 * time, and some are wrong on some machines (docs/numerics.md): the input gradient of 3x3
 * stride-1 convolutions at small channel counts was wrong, and NaN with two threads, on an
 * AVX-512 machine. So every process checks the ops and shapes its supernet uses ({@link
 * org.geonas.core.engine.SupernetShape}), forward and every gradient, in float32 against float64
 * ({@link org.geonas.core.engine.EngineCheck}), and runs under the oneDNN instruction-set cap
 * under which they are right ({@link org.geonas.core.engine.EngineGuard}): the fastest cap that
 * passes, found by probing each cap in a child JVM ({@link org.geonas.core.engine.EngineProbe};
 * the cap must be set before libtorch loads) and cached per machine, libtorch version, threads,
 * batch sizes and shapes. {@link org.geonas.core.engine.ShapeSet} names the shapes a JVM that runs
 * several supernets (the tests') or {@code geonas doctor} checks; {@link
 * org.geonas.core.engine.OneDnnVerbose} reads which kernels oneDNN ran.
 */
package org.geonas.core.engine;
