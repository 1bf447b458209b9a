package org.geonas.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.function.Supplier;
import org.geonas.core.data.ChannelStats;
import org.geonas.core.data.ImageSet;
import org.geonas.core.data.Nb201Splits.SearchIndices;
import org.geonas.core.search.SearchData;
import org.geonas.core.search.SearchSettings;
import org.geonas.core.search.SearchSplit;
import org.junit.jupiter.api.Test;

/** search_split nb201: the images each side gets on a small fake dataset, and the setting's checks. */
class Nb201SearchSplitTest {

    /** {@code n} 3x4x4 images; image i is filled with value i / 100 + channel / 10 and has label i % 10. */
    private static ImageSet fake(String name, int n) {
        float[] pixels = new float[n * 48];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                Arrays.fill(pixels, i * 48 + c * 16, i * 48 + (c + 1) * 16, i / 100f + c / 10f);
            }
            labels[i] = i % 10;
        }
        return new ImageSet(name, 3, 4, 4, 10, pixels, labels);
    }

    private static final Supplier<ImageSet> NO_TEST_SET = () -> {
        throw new AssertionError("the test set is not needed");
    };

    /** The image's value in channel 0 before normalization, from the normalized set and the stats used. */
    private static int[] imageNumbers(ImageSet normalized, ChannelStats stats) {
        int[] out = new int[normalized.size()];
        for (int i = 0; i < out.length; i++) {
            double raw = normalized.pixels()[i * normalized.imageSize()] * stats.std(0) + stats.mean(0);
            out[i] = (int) Math.round(raw * 100);
        }
        return out;
    }

    @Test
    void cifar10LikeTheWeightsAndTheArchitectureGetTheirIndicesOfTheTrainingSet() {
        ImageSet train = fake("train", 12);
        SearchIndices split = new SearchIndices(new int[] {0, 2, 4, 6, 8, 10}, false, new int[] {11, 1, 3, 5, 7, 9});
        SearchData data = SearchRun.nb201Data(train, NO_TEST_SET, split, 0, 4);
        ChannelStats weightStats = train.select(split.weights()).channelStats();
        assertArrayEquals(new int[] {0, 2, 4, 6, 8, 10}, imageNumbers(data.train(), weightStats));
        assertArrayEquals(new int[] {11, 1, 3, 5, 7, 9}, imageNumbers(data.valid(), weightStats),
                "the architecture's images, normalized with the weights' statistics");
        assertArrayEquals(new int[] {0, 2, 4, 6, 8, 0}, data.train().labels());
        assertArrayEquals(new int[] {1, 1, 3, 5, 7, 9}, data.valid().labels());
        assertEquals(0.0, data.train().channelStats().mean(1), 1e-6, "centred on the weights' own images");
    }

    @Test
    void cifar100LikeTheWeightsGetTheWholeTrainingSetAndTheArchitectureTheTestSetsIndices() {
        ImageSet train = fake("train", 8);
        ImageSet test = fake("test", 6);
        SearchIndices split = new SearchIndices(null, true, new int[] {1, 2, 5});
        SearchData data = SearchRun.nb201Data(train, () -> test, split, 0, 2);
        assertEquals(8, data.train().size());
        assertEquals(2, data.train().height(), "resized");
        assertEquals(2, data.valid().width());
        assertArrayEquals(new int[] {1, 2, 5}, data.valid().labels());
        ChannelStats stats = train.channelStats(); // constant images: resizing keeps their values
        assertArrayEquals(new int[] {1, 2, 5}, imageNumbers(data.valid(), stats));
    }

    @Test
    void trainLimitTakesTheFirstNImagesOfEachSide() {
        ImageSet train = fake("train", 12);
        SearchIndices cifar10 = new SearchIndices(new int[] {0, 2, 4, 6, 8, 10}, false, new int[] {11, 1, 3, 5, 7, 9});
        SearchData data = SearchRun.nb201Data(train, NO_TEST_SET, cifar10, 4, 4);
        assertArrayEquals(new int[] {0, 2, 4, 6}, data.train().labels());
        assertArrayEquals(new int[] {1, 1, 3, 5}, data.valid().labels());
        SearchIndices cifar100 = new SearchIndices(null, true, new int[] {1, 2, 5});
        data = SearchRun.nb201Data(train, () -> fake("test", 6), cifar100, 2, 4);
        assertArrayEquals(new int[] {0, 1}, data.train().labels());
        assertArrayEquals(new int[] {1, 2}, data.valid().labels());
        data = SearchRun.nb201Data(train, () -> fake("test", 6), cifar100, 100, 4);
        assertEquals(12, data.train().size(), "a limit above the counts takes all");
        assertEquals(3, data.valid().size());
    }

    @Test
    void theSettingChecksModeAndDatasetAndLeavesEarlierRunIdsAlone() {
        RunSpec cifar10 = RunSpec.of("gaea", "cifar10", "/data/cifar10", 3);
        assertEquals(SearchSplit.HALVES, cifar10.get(SearchSettings.SEARCH_SPLIT));
        assertEquals(cifar10.runId(), cifar10.with(SearchSettings.SEARCH_SPLIT, SearchSplit.HALVES).runId());
        RunSpec nb201 = cifar10.with(SearchSettings.SEARCH_SPLIT, SearchSplit.NB201);
        assertNotEquals(cifar10.runId(), nb201.runId());
        assertEquals(nb201, RunSpec.fromJson(nb201.toJson()));
        RunSpec.of("gaea", "imagenet16-120", "/data/ImageNet16", 3).with(SearchSettings.SEARCH_SPLIT, SearchSplit.NB201);

        assertEquals("search_split nb201 needs mode bilevel (erm has no architecture images), got mode erm",
                assertThrows(IllegalArgumentException.class, () -> TinyRuns.spec("method", "gaea", "mode", "erm",
                        "dataset", "cifar100", "data_dir", "/d", "epochs", 2, "search_split", "nb201")).getMessage());
        assertEquals("search_split nb201 has splits for cifar10, cifar100 and imagenet16-120 only, got dataset "
                + "synthetic", assertThrows(IllegalArgumentException.class, () -> TinyRuns.spec("method", "gaea",
                        "dataset", "synthetic", "epochs", 2, "search_split", "nb201")).getMessage());
        assertEquals("unknown search_split 'nb-201'; known: halves, nb201", assertThrows(IllegalArgumentException.class,
                () -> TinyRuns.spec("method", "gaea", "dataset", "synthetic", "epochs", 2, "search_split", "nb-201"))
                .getMessage());
    }
}
