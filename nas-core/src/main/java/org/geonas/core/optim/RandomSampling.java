package org.geonas.core.optim;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.geonas.core.space.ArchWeights;
import org.geonas.core.space.CellType;
import org.geonas.core.space.SearchSpace;

/**
 * Random search with weight sharing: every weight step trains a uniformly sampled architecture;
 * nothing is learned about the architecture (its weights stay uniform). The search loop picks
 * the final architecture by scoring sampled candidates with the shared weights.
 */
final class RandomSampling implements ArchOptimizer {

    static final String METHOD = "rsws";

    private final SearchSpace space;
    private long steps;

    RandomSampling(SearchSpace space) {
        this.space = space;
    }

    @Override
    public boolean learns() {
        return false;
    }

    @Override
    public ArchWeights weights() {
        return ArchWeights.uniform(space);
    }

    @Override
    public ArchSample sample(StepContext context) {
        SplittableRandom random = new SplittableRandom(context.seed());
        Map<CellType, int[]> chosen = new EnumMap<>(CellType.class);
        for (CellType type : space.cellTypes()) {
            int[] ops = new int[space.edges(type).size()];
            for (int e = 0; e < ops.length; e++) {
                ops[e] = random.nextInt(space.ops().size());
            }
            chosen.put(type, ops);
        }
        return ArchSample.oneHot(space, chosen, null, Double.NaN);
    }

    /** No variables: nothing is learned. */
    @Override
    public ArchGradient variableGradient(ArchSample fed, ArchGradient gradient) {
        return ArchGradient.of(new ArchWeights(space, ArchMatrices.zeros(space)));
    }

    @Override
    public void step(ArchWeights gradWrtWeights) {
        steps++;
    }

    @Override
    public void step(ArchSample fed, ArchGradient gradient) {
        steps++;
    }

    @Override
    public ArchOptimizerState state() {
        return new ArchOptimizerState(METHOD, steps, Map.of());
    }

    @Override
    public void restore(ArchOptimizerState state) {
        state.requireMethod(METHOD);
        steps = state.steps();
    }
}
