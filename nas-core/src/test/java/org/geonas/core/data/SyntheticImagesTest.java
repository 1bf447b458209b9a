package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

    @Test
    void sameSeedSameArraysOtherSeedOtherArrays() {
        ImageSet a = SyntheticImages.generate(64, 3, 16, 5, 11);
        ImageSet b = SyntheticImages.generate(64, 3, 16, 5, 11);
        ImageSet c = SyntheticImages.generate(64, 3, 16, 5, 12);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(Arrays.equals(a.pixels(), c.pixels()));
        for (float v : a.pixels()) {
            assertTrue(v >= 0f && v <= 1f);
        }
        int[] perClass = new int[5];
        for (int l : a.labels()) {
            perClass[l]++;
        }
        assertArrayEquals(new int[] {13, 13, 13, 13, 12}, perClass); // balanced
    }

    /** Per-class mean images differ clearly, and a nearest-class-mean classifier trained on the
     *  train split labels the test split (same templates, other samples) almost perfectly. */
    @Test
    void classesDifferAndAreLearnable() {
        ImageSet train = DatasetKind.SYNTHETIC.load(null, true);
        ImageSet test = DatasetKind.SYNTHETIC.load(null, false);
        assertEquals(2048, train.size());
        assertEquals(512, test.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(10, train.numClasses());

        int img = train.imageSize();
        double[][] means = new double[10][img];
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            int l = train.labels()[i];
            counts[l]++;
            for (int k = 0; k < img; k++) {
                means[l][k] += train.pixels()[i * img + k];
            }
        }
        for (int l = 0; l < 10; l++) {
            for (int k = 0; k < img; k++) {
                means[l][k] /= counts[l];
            }
        }
        for (int a = 0; a < 10; a++) {
            for (int b = a + 1; b < 10; b++) {
                double d = 0;
                for (int k = 0; k < img; k++) {
                    d += (means[a][k] - means[b][k]) * (means[a][k] - means[b][k]);
                }
                assertTrue(Math.sqrt(d / img) > 0.03, "classes " + a + " and " + b + " too similar");
            }
        }
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int l = 0; l < 10; l++) {
                double d = 0;
                for (int k = 0; k < img; k++) {
                    double e = test.pixels()[i * img + k] - means[l][k];
                    d += e * e;
                }
                if (d < bestD) {
                    bestD = d;
                    best = l;
                }
            }
            correct += best == test.labels()[i] ? 1 : 0;
        }
        assertTrue(correct > 0.9 * test.size(), correct + " of " + test.size());
        DatasetKind.SYNTHETIC.checkFiles(null);
    }

    @Test
    void datasetKindIds() {
        for (DatasetKind k : DatasetKind.values()) {
            assertSame(k, DatasetKind.fromId(k.id()));
        }
        assertSame(DatasetKind.FASHION_MNIST, DatasetKind.fromId(" Fashion-MNIST "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetKind.fromId("imagenet"));
        assertTrue(e.getMessage().contains("imagenet")
                && e.getMessage().contains("cifar10, cifar100, imagenet16-120, fashion-mnist, synthetic"), e.getMessage());
    }
}
