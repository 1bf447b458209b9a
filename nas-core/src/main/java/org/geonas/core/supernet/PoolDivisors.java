package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a 3x3 stride-1 padded average pool that counts the padding into one that does not
 * (DJL ignores {@code countIncludePad=false}): multiply by {@code 9 / (number of real pixels
 * under the window)}. One map per feature-map size, created in the forward pass's manager and
 * shared by all cells of that pass.
 */
public final class PoolDivisors {

    private final NDManager manager;
    private final DataType dataType;
    private final Map<Long, NDArray> bySize = new HashMap<>();

    /** Float32 maps. */
    public PoolDivisors(NDManager manager) {
        this(manager, DataType.FLOAT32);
    }

    /** Maps of the given floating type (that of the feature maps). */
    public PoolDivisors(NDManager manager, DataType dataType) {
        this.manager = manager;
        this.dataType = dataType;
    }

    /** The (1, 1, h, w) correction map for a 3x3, stride 1, padding 1 window. */
    public NDArray forSize(int h, int w) {
        return bySize.computeIfAbsent(((long) h << 32) | w, k -> create(manager, h, w, 1, dataType));
    }

    /**
     * The correction map of a 3x3 window with padding 1 and the given stride over an h x w
     * input: shape (1, 1, ho, wo). It is a copy in libtorch's memory, not a view of a Java
     * buffer, because the multiply saves it for backward and callers may close their handle first.
     */
    public static NDArray create(NDManager manager, int h, int w, int stride, DataType dataType) {
        int ho = (h - 1) / stride + 1;
        int wo = (w - 1) / stride + 1;
        float[] factors = new float[ho * wo];
        for (int y = 0; y < ho; y++) {
            int rows = Math.min(y * stride + 1, h - 1) - Math.max(y * stride - 1, 0) + 1;
            for (int x = 0; x < wo; x++) {
                int cols = Math.min(x * stride + 1, w - 1) - Math.max(x * stride - 1, 0) + 1;
                factors[y * wo + x] = 9f / (rows * cols);
            }
        }
        try (NDArray wrapped = manager.create(factors, new Shape(1, 1, ho, wo))) {
            return dataType == DataType.FLOAT32 ? wrapped.duplicate() : wrapped.toType(dataType, true);
        }
    }
}
