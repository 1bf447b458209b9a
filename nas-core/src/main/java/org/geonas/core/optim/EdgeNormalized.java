package org.geonas.core.optim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.Edge;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.Simplex;

/**
 * PC-DARTS' edge normalization on top of an op optimizer: each node also weighs its incoming
 * edges, one point on the simplex over them per node, and each edge's mixed output is scaled by
 * its edge's weight. Parameterized as softmax of logits updated by Adam (PC-DARTS) or directly
 * on the simplex by exponentiated gradient starting at 1/(number of inputs) (GAEA-PC-DARTS).
 * The derived architecture scores an op by its weight times its edge's weight.
 */
final class EdgeNormalized implements ArchOptimizer {

    private static final double BETA1 = 0.5;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final ArchOptimizer ops;
    private final SearchSpace space;
    private final String method;
    private final boolean simplex;
    private final double lr;
    private final double weightDecay;
    /** Per cell type, per node: the edge indices into it, in edge order. */
    private final Map<CellType, List<int[]>> nodes = new EnumMap<>(CellType.class);
    /** Per cell type, per node: the simplex point (GAEA) or logits (softmax), and Adam moments. */
    private Map<CellType, double[][]> params = new EnumMap<>(CellType.class);
    private Map<CellType, double[][]> m = new EnumMap<>(CellType.class);
    private Map<CellType, double[][]> v = new EnumMap<>(CellType.class);
    private long steps;

    EdgeNormalized(ArchOptimizer ops, SearchSpace space, String method, boolean simplex, double lr, double weightDecay,
            long seed) {
        this.ops = ops;
        this.space = space;
        this.method = method;
        this.simplex = simplex;
        this.lr = lr;
        this.weightDecay = weightDecay;
        SplittableRandom random = new SplittableRandom(seed ^ 0x6564676573L);
        for (CellType type : space.cellTypes()) {
            Map<Integer, List<Integer>> byNode = new TreeMap<>();
            List<Edge> edges = space.edges(type);
            for (int e = 0; e < edges.size(); e++) {
                byNode.computeIfAbsent(edges.get(e).to(), k -> new ArrayList<>()).add(e);
            }
            List<int[]> rows = new ArrayList<>();
            byNode.values().forEach(list -> rows.add(list.stream().mapToInt(Integer::intValue).toArray()));
            nodes.put(type, rows);
            double[][] p = new double[rows.size()][];
            for (int n = 0; n < rows.size(); n++) {
                p[n] = new double[rows.get(n).length];
                for (int i = 0; i < p[n].length; i++) {
                    p[n][i] = simplex ? 1.0 / p[n].length : SoftmaxAdam.INIT_SCALE * random.nextGaussian();
                }
            }
            params.put(type, p);
            m.put(type, zerosLike(p));
            v.put(type, zerosLike(p));
        }
    }

    private static double[][] zerosLike(double[][] p) {
        double[][] z = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            z[i] = new double[p[i].length];
        }
        return z;
    }

    /** The weight of every edge of a cell type, in edge order. */
    Map<CellType, double[]> edgeWeights() {
        Map<CellType, double[]> out = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            double[] w = new double[space.edges(type).size()];
            List<int[]> rows = nodes.get(type);
            for (int n = 0; n < rows.size(); n++) {
                double[] point = simplex ? params.get(type)[n] : Simplex.softmax(params.get(type)[n]);
                for (int i = 0; i < rows.get(n).length; i++) {
                    w[rows.get(n)[i]] = point[i];
                }
            }
            out.put(type, w);
        }
        return out;
    }

    @Override
    public ArchWeights weights() {
        return ops.weights();
    }

    @Override
    public ArchWeights derivationWeights() {
        ArchWeights w = ops.weights();
        Map<CellType, double[]> edge = edgeWeights();
        Map<CellType, double[][]> scaled = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            double[][] rows = w.matrix(type);
            for (int e = 0; e < rows.length; e++) {
                for (int o = 0; o < rows[e].length; o++) {
                    rows[e][o] *= edge.get(type)[e];
                }
            }
            scaled.put(type, rows);
        }
        return new ArchWeights(space, scaled);
    }

    @Override
    public ArchSample mixture() {
        return ops.mixture().withEdgeWeights(edgeWeights());
    }

    @Override
    public ArchSample sample(StepContext context) {
        return ops.sample(context).withEdgeWeights(edgeWeights());
    }

    @Override
    public void step(ArchWeights gradWrtWeights) {
        ops.step(gradWrtWeights);
    }

    @Override
    public ArchGradient variableGradient(ArchSample fed, ArchGradient gradient) {
        ArchWeights opGradient = ops.variableGradient(fed, ArchGradient.of(gradient.ops())).ops();
        return new ArchGradient(opGradient, gradient.edges() == null ? null : edgeVariableGradient(gradient.edges()));
    }

    /**
     * Per edge, the gradient with respect to its edge variable: the weight itself on the simplex,
     * else the logit, through the softmax over the edges into its node.
     */
    private Map<CellType, double[]> edgeVariableGradient(Map<CellType, double[]> gradWrtEdgeWeights) {
        Map<CellType, double[]> out = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            List<int[]> rows = nodes.get(type);
            double[] g = gradWrtEdgeWeights.get(type);
            double[] d = new double[g.length];
            for (int n = 0; n < rows.size(); n++) {
                int[] edges = rows.get(n);
                if (simplex) {
                    for (int edge : edges) {
                        d[edge] = g[edge];
                    }
                    continue;
                }
                double[] w = Simplex.softmax(params.get(type)[n]);
                double dot = 0;
                for (int i = 0; i < edges.length; i++) {
                    dot += w[i] * g[edges[i]];
                }
                for (int i = 0; i < edges.length; i++) {
                    d[edges[i]] = w[i] * (g[edges[i]] - dot);
                }
            }
            out.put(type, d);
        }
        return out;
    }

    @Override
    public void step(ArchSample fed, ArchGradient gradient) {
        ops.step(fed, ArchGradient.of(gradient.ops()));
        if (gradient.edges() == null) {
            return;
        }
        Map<CellType, double[]> g = edgeVariableGradient(gradient.edges());
        steps++;
        for (CellType type : space.cellTypes()) {
            List<int[]> rows = nodes.get(type);
            for (int n = 0; n < rows.size(); n++) {
                double[] gn = new double[rows.get(n).length];
                for (int i = 0; i < gn.length; i++) {
                    gn[i] = g.get(type)[rows.get(n)[i]];
                }
                double[][] p = params.get(type);
                p[n] = simplex ? ExponentiatedGradient.update(p[n], gn, lr, weightDecay) : adam(type, n, gn);
            }
        }
    }

    /** Adam on one node's logits from their gradient (as SoftmaxAdam does). */
    private double[] adam(CellType type, int node, double[] g) {
        double[] a = params.get(type)[node].clone();
        double[] mn = m.get(type)[node];
        double[] vn = v.get(type)[node];
        double bias1 = 1 - Math.pow(BETA1, steps);
        double bias2 = 1 - Math.pow(BETA2, steps);
        for (int i = 0; i < a.length; i++) {
            double ga = g[i] + weightDecay * a[i];
            mn[i] = BETA1 * mn[i] + (1 - BETA1) * ga;
            vn[i] = BETA2 * vn[i] + (1 - BETA2) * ga * ga;
            a[i] -= lr * (mn[i] / bias1) / (Math.sqrt(vn[i] / bias2) + EPS);
        }
        return a;
    }

    @Override
    public ArchOptimizerState state() {
        ArchOptimizerState inner = ops.state();
        Map<String, double[]> arrays = new LinkedHashMap<>(inner.arrays());
        for (CellType type : space.cellTypes()) {
            arrays.put("edge." + type.id(), flatten(params.get(type)));
            arrays.put("edge_m." + type.id(), flatten(m.get(type)));
            arrays.put("edge_v." + type.id(), flatten(v.get(type)));
        }
        arrays.put("edge_steps", new double[] {steps});
        return new ArchOptimizerState(method, inner.steps(), arrays);
    }

    @Override
    public void restore(ArchOptimizerState state) {
        state.requireMethod(method);
        Map<String, double[]> inner = new LinkedHashMap<>();
        state.arrays().forEach((k, a) -> {
            if (!k.startsWith("edge")) {
                inner.put(k, a);
            }
        });
        ops.restore(new ArchOptimizerState(ops.state().method(), state.steps(), inner));
        for (CellType type : space.cellTypes()) {
            params.put(type, unflatten(state.array("edge." + type.id()), params.get(type)));
            m.put(type, unflatten(state.array("edge_m." + type.id()), m.get(type)));
            v.put(type, unflatten(state.array("edge_v." + type.id()), v.get(type)));
        }
        steps = (long) state.array("edge_steps")[0];
    }

    private static double[] flatten(double[][] ragged) {
        return java.util.Arrays.stream(ragged).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static double[][] unflatten(double[] flat, double[][] like) {
        double[][] out = zerosLike(like);
        int k = 0;
        for (double[] row : out) {
            for (int i = 0; i < row.length; i++) {
                row[i] = flat[k++];
            }
        }
        if (k != flat.length) {
            throw new IllegalArgumentException("edge state has " + flat.length + " values, expected " + k);
        }
        return out;
    }
}
