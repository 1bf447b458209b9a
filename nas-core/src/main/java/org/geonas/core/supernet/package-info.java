/**
 * DJL blocks of the weight-sharing supernets. A supernet consumes architecture weights as an
 * input of its forward pass and never owns them (the architecture optimizer does). Blocks are
 * built by small static factories and builders; the search cells compute each edge's
 * operations from the shared per-source-node tensors, so the same function as the reference
 * network costs fewer kernels (see {@link org.geonas.core.supernet.Nb201SearchCell}).
 *
 * <p>Inside a {@code GradientCollector} no NDArray is ever combined with a Java number (DJL
 * frees the scalar before backward reads it); constants are NDArrays kept alive by the caller.
 * The same holds for any array made by {@code NDManager.create(javaData)}: it wraps a Java
 * buffer, so if autograd saves it, its handle must stay open until backward has run, or it must
 * be cloned into libtorch's memory first (a closed one gave NaN gradients, see DartsOps' pool).
 */
package org.geonas.core.supernet;
