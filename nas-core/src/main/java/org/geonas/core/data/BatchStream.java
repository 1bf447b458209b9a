package org.geonas.core.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntConsumer;

/**
 * One epoch of batches over an (already normalized) image set, assembled ahead of time on one
 * background daemon thread.
 *
 * <p>Why a thread: the training thread spends its time in the engine; copying and augmenting the
 * next batch in Java loops meanwhile hides that cost. The queue holds at most {@value #QUEUE_CAPACITY}
 * batches so the producer never runs far ahead (memory stays bounded).
 *
 * <p>Determinism: the order is a Fisher-Yates permutation drawn from {@code new
 * SplittableRandom(seed)} (identity when not shuffling), and augmentation draws come from a
 * generator split off it after the permutation. Only the single producer thread draws, in batch
 * order, so equal seeds give identical batches whatever the timing. Use a different seed per epoch.
 *
 * <p>An exception in the producer is rethrown to the consumer by {@link #hasNext()} / {@link
 * #next()} once the batches before it are consumed. {@link #close()} stops the producer promptly,
 * also mid-epoch; use try-with-resources.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {
    static final int QUEUE_CAPACITY = 3;

    private static final Object END = new Object();

    private record Failure(Throwable error) {}

    private final ImageSet data;
    private final int batchSize;
    private final boolean dropLast;
    private final int batches;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread producer;
    private volatile boolean closed;

    // Consumer-side state; the iterator is used by one thread.
    private Batch pending;
    private boolean finished;

    /** Standard CIFAR augmentation ({@link Augmenter#cifar()}) when {@code augment}. */
    public BatchStream(ImageSet data, int batchSize, long seed, boolean shuffle, boolean augment,
            boolean dropLast) {
        this(data, batchSize, seed, shuffle, augment ? Augmenter.cifar() : null, dropLast, b -> {});
    }

    /** With the given augmentation ({@code null} for none). */
    public BatchStream(ImageSet data, int batchSize, long seed, boolean shuffle, Augmenter augmenter,
            boolean dropLast) {
        this(data, batchSize, seed, shuffle, augmenter, dropLast, b -> {});
    }

    /**
     * @param augmenter applied to every image, or null for none
     * @param beforeBatch test seam: called on the producer thread before each batch is assembled
     */
    BatchStream(ImageSet data, int batchSize, long seed, boolean shuffle, Augmenter augmenter,
            boolean dropLast, IntConsumer beforeBatch) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.batches = batchesPerEpoch(data.size(), batchSize, dropLast);
        this.producer = new Thread(
                () -> produce(seed, shuffle, augmenter, beforeBatch), "geonas-batch-producer");
        producer.setDaemon(true); // never keeps the JVM alive if the consumer forgets to close
        producer.start();
    }

    /** Number of batches this stream yields. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** Batches per epoch for {@code n} images: the last partial batch counts unless dropped. */
    public static int batchesPerEpoch(int n, int batchSize, boolean dropLast) {
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The permutation the stream uses for this seed (identity when not shuffling). */
    static int[] order(int n, SplittableRandom random, boolean shuffle) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private void produce(long seed, boolean shuffle, Augmenter augmenter, IntConsumer beforeBatch) {
        try {
            SplittableRandom random = new SplittableRandom(seed);
            int[] order = order(data.size(), random, shuffle);
            SplittableRandom augRandom = random.split();
            for (int b = 0; b < batches && !closed; b++) {
                beforeBatch.accept(b);
                queue.put(assemble(order, b, augmenter, augRandom));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // close() interrupted us: just stop
        } catch (Throwable t) {
            if (!closed) {
                try {
                    queue.put(new Failure(t));
                } catch (InterruptedException e) {
                    // closed while handing over the failure: nobody is listening any more
                }
            }
        }
    }

    private Batch assemble(int[] order, int b, Augmenter augmenter, SplittableRandom augRandom) {
        int from = b * batchSize;
        int size = Math.min(batchSize, order.length - from);
        int img = data.imageSize();
        float[] src = data.pixels();
        int[] srcLabels = data.labels();
        float[] images = new float[size * img];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            int idx = order[from + i];
            labels[i] = srcLabels[idx];
            if (augmenter == null) {
                System.arraycopy(src, idx * img, images, i * img, img);
            } else {
                augmenter.apply(src, idx * img, images, i * img, data.channels(), data.height(),
                        data.width(), augRandom);
            }
        }
        return new Batch(images, labels, size, data.channels(), data.height(), data.width());
    }

    /**
     * Waits for the next batch if needed.
     *
     * @throws RuntimeException the producer's exception (or an Error), once earlier batches are used
     */
    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        if (finished || closed) {
            return false;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for the next batch", e);
        }
        if (item == END) {
            finished = true;
            return false;
        }
        if (item instanceof Failure f) {
            finished = true;
            close();
            Throwable t = f.error();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("batch producer failed: " + t, t);
        }
        pending = (Batch) item;
        return true;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches in this epoch");
        }
        Batch b = pending;
        pending = null;
        return b;
    }

    /** Stops the producer (interrupting it if blocked) and waits briefly for it to end. Idempotent. */
    @Override
    public void close() {
        closed = true;
        pending = null;
        producer.interrupt();
        queue.clear(); // free queued batches now; a producer blocked on put() wakes via the interrupt
        if (Thread.currentThread() != producer) {
            try {
                producer.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** For tests: whether the producer thread is still running. */
    boolean producerAlive() {
        return producer.isAlive();
    }

    @Override
    public String toString() {
        return "BatchStream[" + data + ", batch " + batchSize + (dropLast ? ", drop last" : "") + ", "
                + batches + " batches]";
    }
}
