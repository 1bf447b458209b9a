package org.geonas.core.supernet;

import java.util.List;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.Nb201Space;

/**
 * A straightforward NAS-Bench-201 search cell in plain Java doubles (NCHW, flat arrays), the
 * reference the fused DJL cell is checked against: node j = sum over i &lt; j of
 * w_skip x_i + w_1x1 BN(conv1x1(relu x_i)) + w_3x3 BN(conv3x3(relu x_i)) + w_pool avgpool(x_i),
 * BN with batch statistics (biased variance, eps 1e-5, no affine), the pool not counting padding.
 */
final class CellReference {

    static final int SKIP = 1;
    static final int CONV1 = 2;
    static final int CONV3 = 3;
    static final int POOL = 4;

    private final int batch;
    private final int channels;
    private final int height;
    private final int width;

    CellReference(int batch, int channels, int height, int width) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    private int size() {
        return batch * channels * height * width;
    }

    private int at(int b, int c, int y, int x) {
        return ((b * channels + c) * height + y) * width + x;
    }

    double[] relu(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.max(0, x[i]);
        }
        return out;
    }

    /**
     * Convolution with stride 1 and zero padding k/2, using filters {@code block*C .. (block+1)*C-1}
     * of a weight laid out (filters, C, k, k).
     */
    double[] conv(double[] x, float[] weight, int block, int k) {
        int pad = k / 2;
        double[] out = new double[size()];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < channels; o++) {
                int filter = block * channels + o;
                for (int y = 0; y < height; y++) {
                    for (int xx = 0; xx < width; xx++) {
                        double s = 0;
                        for (int c = 0; c < channels; c++) {
                            for (int ky = 0; ky < k; ky++) {
                                int yy = y + ky - pad;
                                if (yy < 0 || yy >= height) {
                                    continue;
                                }
                                for (int kx = 0; kx < k; kx++) {
                                    int xs = xx + kx - pad;
                                    if (xs < 0 || xs >= width) {
                                        continue;
                                    }
                                    s += x[at(b, c, yy, xs)] * weight[((filter * channels + c) * k + ky) * k + kx];
                                }
                            }
                        }
                        out[at(b, o, y, xx)] = s;
                    }
                }
            }
        }
        return out;
    }

    /** Batch normalization with the batch's statistics per channel, no scale or shift. */
    double[] batchNorm(double[] x) {
        double[] out = new double[x.length];
        int n = batch * height * width;
        for (int c = 0; c < channels; c++) {
            double mean = 0;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < height * width; i++) {
                    mean += x[at(b, c, 0, 0) + i];
                }
            }
            mean /= n;
            double var = 0;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < height * width; i++) {
                    double d = x[at(b, c, 0, 0) + i] - mean;
                    var += d * d;
                }
            }
            var /= n;
            double inv = 1 / Math.sqrt(var + 1e-5);
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < height * width; i++) {
                    out[at(b, c, 0, 0) + i] = (x[at(b, c, 0, 0) + i] - mean) * inv;
                }
            }
        }
        return out;
    }

    /** 3x3 stride-1 average pool over the pixels inside the image only. */
    double[] avgPool(double[] x) {
        double[] out = new double[x.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int xx = 0; xx < width; xx++) {
                        double s = 0;
                        int count = 0;
                        for (int yy = y - 1; yy <= y + 1; yy++) {
                            for (int xs = xx - 1; xs <= xx + 1; xs++) {
                                if (yy >= 0 && yy < height && xs >= 0 && xs < width) {
                                    s += x[at(b, c, yy, xs)];
                                    count++;
                                }
                            }
                        }
                        out[at(b, c, y, xx)] = s / count;
                    }
                }
            }
        }
        return out;
    }

    private static void addScaled(double[] into, double scale, double[] term) {
        for (int i = 0; i < into.length; i++) {
            into[i] += scale * term[i];
        }
    }

    /**
     * The cell's output (node 3).
     *
     * @param conv1 per source node, its (k*C, C, 1, 1) 1x1 weights
     * @param conv3 per source node, its (k*C, C, 3, 3) 3x3 weights
     * @param w edges x ops weights
     * @param active which ops count (null: all)
     */
    double[] cell(double[] x, float[][] conv1, float[][] conv3, double[][] w, boolean[][] active) {
        List<Edge> edges = Nb201Space.INSTANCE.edges(CellType.NORMAL);
        double[][] nodes = new double[Nb201Space.NODES][];
        nodes[0] = x;
        for (int j = 1; j < Nb201Space.NODES; j++) {
            double[] sum = new double[size()];
            for (int i = 0; i < j; i++) {
                int e = edges.indexOf(new Edge(j, i));
                // the p-th edge leaving node i (edge order) owns filter block p of node i's fused convs
                int p = 0;
                for (int f = 0; f < e; f++) {
                    p += edges.get(f).from() == i ? 1 : 0;
                }
                double[] in = nodes[i];
                double[] r = relu(in);
                if (on(active, e, SKIP)) {
                    addScaled(sum, w[e][SKIP], in);
                }
                if (on(active, e, CONV1)) {
                    addScaled(sum, w[e][CONV1], batchNorm(conv(r, conv1[i], p, 1)));
                }
                if (on(active, e, CONV3)) {
                    addScaled(sum, w[e][CONV3], batchNorm(conv(r, conv3[i], p, 3)));
                }
                if (on(active, e, POOL)) {
                    addScaled(sum, w[e][POOL], avgPool(in));
                }
            }
            nodes[j] = sum;
        }
        return nodes[Nb201Space.NODES - 1];
    }

    private static boolean on(boolean[][] active, int e, int op) {
        return active == null || active[e][op];
    }
}
