package org.geonas.core.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
    private final Map<Long, NDArray> bySize = new HashMap<>();

    public PoolDivisors(NDManager manager) {
        this.manager = manager;
    }

    /** The (1, 1, h, w) correction map for a 3x3, stride 1, padding 1 window. */
    public NDArray forSize(int h, int w) {
        return bySize.computeIfAbsent(((long) h << 32) | w, k -> create(h, w));
    }

    private NDArray create(int h, int w) {
        float[] factors = new float[h * w];
        for (int y = 0; y < h; y++) {
            int rows = Math.min(y + 1, h - 1) - Math.max(y - 1, 0) + 1;
            for (int x = 0; x < w; x++) {
                int cols = Math.min(x + 1, w - 1) - Math.max(x - 1, 0) + 1;
                factors[y * w + x] = 9f / (rows * cols);
            }
        }
        return manager.create(factors, new Shape(1, 1, h, w));
    }
}
