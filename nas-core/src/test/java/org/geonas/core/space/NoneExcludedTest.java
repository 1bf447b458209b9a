package org.geonas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoneExcludedTest {

    private final NoneExcluded nb201 = NoneExcluded.of(Nb201Space.INSTANCE);

    @Test
    void opsAreTheFullSpacesWithoutNoneInTheSameOrder() {
        assertEquals(List.of("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"), nb201.ops());
        assertSame(nb201, NoneExcluded.of(Nb201Space.INSTANCE));
        assertSame(nb201, NoneExcluded.of(nb201));
        assertSame(Nb201Space.INSTANCE, nb201.full());
        assertEquals(7, NoneExcluded.of(DartsSpace.INSTANCE).ops().size());
    }

    @Test
    void paddingPutsZeroInTheNoneColumnAndReducingDropsIt() {
        double[][] rows = new double[6][];
        for (int e = 0; e < 6; e++) {
            rows[e] = new double[] {0.1 * e, 0.2, 0.3, 0.4 - 0.1 * e};
        }
        ArchWeights w = new ArchWeights(nb201, Map.of(CellType.NORMAL, rows));
        ArchWeights full = nb201.padded(w);
        assertEquals(5, full.row(CellType.NORMAL, 2).length);
        assertEquals(0.0, full.get(CellType.NORMAL, 2, 0));
        assertEquals(0.2, full.get(CellType.NORMAL, 2, 1), 0);
        assertEquals(w, nb201.reduced(Map.of(CellType.NORMAL, full.matrix(CellType.NORMAL))));
    }

    /** Even when every remaining weight is tiny, none (at 0) is not derived; ties go to the first op left. */
    @Test
    void noneIsNeverDerived() {
        ArchWeights w = ArchWeights.filled(nb201, 1e-300);
        assertEquals("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|",
                nb201.derive(w).encode());
    }
}
