package org.geonas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BatchStreamTest {

    /** n images 2x9x9 whose every value is 1 + index, so a batch reveals which images it holds. */
    private static ImageSet indexed(int n) {
        int img = 2 * 9 * 9;
        float[] p = new float[n * img];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(p, i * img, (i + 1) * img, 1 + i);
            l[i] = i % 10;
        }
        return new ImageSet("idx", 2, 9, 9, 10, p, l);
    }

    private static List<Batch> drain(BatchStream s) {
        List<Batch> out = new ArrayList<>();
        try (s) {
            while (s.hasNext()) {
                out.add(s.next());
            }
        }
        return out;
    }

    /**
     * Which images a batch holds, from the centre pixel of the first channel: with pad 4 on a 9x9
     * image every crop still covers it.
     */
    private static int[] ids(Batch b) {
        int[] ids = new int[b.size()];
        for (int i = 0; i < b.size(); i++) {
            ids[i] = (int) b.images()[i * b.imageSize() + 4 * 9 + 4] - 1;
        }
        return ids;
    }

    private static void assertSameBatches(List<Batch> a, List<Batch> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).images(), b.get(i).images());
            assertArrayEquals(a.get(i).labels(), b.get(i).labels());
        }
    }

    @Test
    void everyImageOnceWithPartialLastBatch() {
        ImageSet data = indexed(103);
        BatchStream s = new BatchStream(data, 32, 7, true, false, false);
        assertEquals(4, s.batchesPerEpoch());
        List<Batch> batches = drain(s);
        assertEquals(4, batches.size());
        int[] seen = new int[103];
        List<Integer> order = new ArrayList<>();
        for (Batch b : batches) {
            assertEquals(2, b.channels());
            assertEquals(9, b.height());
            int[] ids = ids(b);
            for (int i = 0; i < b.size(); i++) {
                seen[ids[i]]++;
                order.add(ids[i]);
                assertEquals(ids[i] % 10, b.labels()[i]);
            }
        }
        assertArrayEquals(new int[] {32, 32, 32, 7},
                batches.stream().mapToInt(Batch::size).toArray());
        int[] ones = new int[103];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, seen);
        assertNotEquals(sorted(order), order); // actually shuffled
    }

    @Test
    void dropLastDropsThePartialBatch() {
        BatchStream s = new BatchStream(indexed(103), 32, 7, true, false, true);
        assertEquals(3, s.batchesPerEpoch());
        List<Batch> batches = drain(s);
        assertEquals(3, batches.size());
        long distinct = batches.stream().flatMapToInt(b -> Arrays.stream(ids(b))).distinct().count();
        assertEquals(96, distinct);
        assertEquals(0, new BatchStream(indexed(5), 8, 1, true, false, true).batchesPerEpoch());
        assertTrue(drain(new BatchStream(indexed(5), 8, 1, true, false, true)).isEmpty());
    }

    @Test
    void noShuffleKeepsOrder() {
        List<Batch> batches = drain(new BatchStream(indexed(10), 4, 3, false, false, false));
        assertArrayEquals(new int[] {0, 1, 2, 3}, ids(batches.get(0)));
        assertArrayEquals(new int[] {8, 9}, ids(batches.get(2)));
    }

    @Test
    void sameSeedSameBatchesWhateverTheTiming() {
        ImageSet data = indexed(200);
        List<Batch> fast = drain(new BatchStream(data, 16, 42, true, true, false));
        // A slow consumer (the queue fills up) and a slow producer must not change anything.
        List<Batch> slowConsumer = new ArrayList<>();
        try (BatchStream s = new BatchStream(data, 16, 42, true, true, false)) {
            while (s.hasNext()) {
                LockSupport.parkNanos(2_000_000);
                slowConsumer.add(s.next());
            }
        }
        List<Batch> slowProducer = drain(new BatchStream(data, 16, 42, true, Augmenter.cifar(), false,
                b -> LockSupport.parkNanos(1_000_000)));
        assertSameBatches(fast, slowConsumer);
        assertSameBatches(fast, slowProducer);

        List<Batch> other = drain(new BatchStream(data, 16, 43, true, true, false));
        assertFalse(Arrays.equals(fast.get(0).images(), other.get(0).images()));
        assertFalse(Arrays.equals(ids(fast.get(0)), ids(other.get(0))));
    }

    @Test
    void augmentationOnlyMovesOrZeroesPixels() {
        ImageSet data = indexed(50);
        boolean sawZero = false;
        for (Batch b : drain(new BatchStream(data, 10, 5, true, true, false))) {
            int[] ids = ids(b);
            for (int i = 0; i < b.size(); i++) {
                for (int k = 0; k < b.imageSize(); k++) {
                    float v = b.images()[i * b.imageSize() + k];
                    assertTrue(v == 0f || v == ids[i] + 1, "value " + v);
                    sawZero |= v == 0f;
                }
            }
        }
        assertTrue(sawZero, "crops must reach into the padding");
    }

    @Test
    void producerExceptionReachesConsumerAfterEarlierBatches() {
        IllegalStateException boom = new IllegalStateException("boom");
        BatchStream s = new BatchStream(indexed(100), 10, 1, true, null, false, b -> {
            if (b == 2) {
                throw boom;
            }
        });
        assertTrue(s.hasNext());
        s.next();
        s.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::hasNext);
        assertSame(boom, e);
        assertFalse(s.hasNext());
        assertThrows(NoSuchElementException.class, s::next);
        assertFalse(s.producerAlive());
    }

    @Test
    void closeMidEpochStopsProducer() {
        // Producer blocked on a full queue.
        BatchStream blocked = new BatchStream(indexed(1000), 1, 1, true, true, false);
        blocked.next();
        LockSupport.parkNanos(20_000_000);
        assertTrue(blocked.producerAlive());
        blocked.close();
        assertFalse(blocked.producerAlive());
        assertFalse(blocked.hasNext());

        // Producer busy (slow per batch) when closed.
        BatchStream busy = new BatchStream(indexed(1000), 1, 1, true, null, false, b -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        busy.next();
        long t0 = System.nanoTime();
        busy.close();
        assertFalse(busy.producerAlive());
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "close took too long");
        assertFalse(busy.hasNext());
    }

    @Test
    void rejectsBadBatchSize() {
        assertThrows(IllegalArgumentException.class,
                () -> new BatchStream(indexed(3), 0, 1, true, false, false));
    }

    private static List<Integer> sorted(List<Integer> l) {
        List<Integer> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }
}
