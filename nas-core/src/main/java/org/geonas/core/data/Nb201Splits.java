package org.geonas.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Set;

/**
 * The index splits that NAS-Bench-201's searches use (AutoDL-Projects' {@code get_nas_search_loaders},
 * which the GAEA reference calls): which images train the network weights and which the architecture.
 * The split files ship as resources in {@code nb201-splits/} beside this class, with their MIT licence
 * and a README; each is read and checked (counts, index ranges, the two halves disjoint) when asked for.
 */
public final class Nb201Splits {

    /** The folder of the split files, relative to this class. */
    static final String FOLDER = "nb201-splits/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Nb201Splits() {}

    /**
     * What a NAS-Bench-201 search of one dataset trains on.
     *
     * @param weights indices into the training set for the network weights; null for all of it
     * @param archOnTestSet whether {@code arch} indexes the test set (cifar100, imagenet16-120: its
     *     {@code xvalid} half, so {@code xtest} stays unseen) or the training set (cifar10)
     * @param arch indices for the architecture steps, and for each epoch's evaluation
     */
    public record SearchIndices(int[] weights, boolean archOnTestSet, int[] arch) {

        public SearchIndices {
            if (arch == null) {
                throw new IllegalArgumentException("the architecture's indices must be given");
            }
        }
    }

    /** Whether NAS-Bench-201 has search splits for the dataset: cifar10, cifar100 and imagenet16-120. */
    public static boolean covers(DatasetKind kind) {
        return Set.of(DatasetKind.CIFAR10, DatasetKind.CIFAR100, DatasetKind.IMAGENET16_120).contains(kind);
    }

    /**
     * The search split of a dataset: cifar10 the {@code train} / {@code valid} halves of its training set;
     * cifar100 and imagenet16-120 all training images / the test set's {@code xvalid} half.
     */
    public static SearchIndices forDataset(DatasetKind kind) {
        return switch (kind) {
            case CIFAR10 -> {
                Halves h = read("cifar-split.txt", "train", "valid", 50_000);
                yield new SearchIndices(h.first(), false, h.second());
            }
            case CIFAR100 -> new SearchIndices(null, true,
                    read("cifar100-test-split.txt", "xvalid", "xtest", 10_000).first());
            case IMAGENET16_120 -> new SearchIndices(null, true,
                    read("imagenet-16-120-test-split.txt", "xvalid", "xtest", 6_000).first());
            default -> throw new IllegalArgumentException("NAS-Bench-201 has no search split for dataset " + kind.id()
                    + "; it has them for cifar10, cifar100 and imagenet16-120");
        };
    }

    /** A split file's two halves: disjoint, each half of the set, together every index once. */
    record Halves(int[] first, int[] second) {}

    /** Reads a shipped split file; {@code first} and {@code second} name its halves of {@code setSize} images. */
    static Halves read(String file, String first, String second, int setSize) {
        String name = FOLDER + file;
        try (InputStream in = Nb201Splits.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside " + Nb201Splits.class.getName()
                        + " on the class path (a broken build?); rebuild GeoNAS");
            }
            return parse(name, in, first, second, setSize);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot be read: " + e, e);
        }
    }

    /**
     * Parses {@code {"first": ["int", ["0", ...]], "second": [...]}} and checks it: both halves of
     * {@code setSize / 2} indices in [0, setSize), no index twice.
     *
     * @param name what to call the file in messages
     * @throws IllegalArgumentException one line naming the file and what is wrong
     */
    static Halves parse(String name, InputStream json, String first, String second, int setSize) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": not JSON (" + e.getOriginalMessage().lines().findFirst()
                    .orElse("") + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot be read: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(name + ": expected a JSON object of splits {\"" + first
                    + "\": [\"int\", [...]], \"" + second + "\": [...]}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!key.equals(first) && !key.equals(second)) {
                throw new IllegalArgumentException(name + ": unexpected split '" + key + "', expected " + first
                        + " and " + second);
            }
        }
        boolean[] seen = new boolean[setSize];
        int[] a = indices(name, root, first, setSize, seen);
        int[] b = indices(name, root, second, setSize, seen);
        return new Halves(a, b);
    }

    private static int[] indices(String name, JsonNode root, String split, int setSize, boolean[] seen) {
        JsonNode node = root.get(split);
        if (node == null) {
            throw new IllegalArgumentException(name + ": no split '" + split + "'");
        }
        if (!node.isArray() || node.size() != 2 || !"int".equals(node.get(0).asText(null)) || !node.get(1).isArray()) {
            throw new IllegalArgumentException(name + ": split '" + split + "' is not [\"int\", [indices]]");
        }
        JsonNode list = node.get(1);
        int expected = setSize / 2;
        if (list.size() != expected) {
            throw new IllegalArgumentException(String.format("%s: split '%s' has %,d indices, expected %,d (half of "
                    + "%,d)", name, split, list.size(), expected, setSize));
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode entry = list.get(i);
            int index;
            try {
                index = entry.isTextual() ? Integer.parseInt(entry.textValue().strip())
                        : entry.isInt() ? entry.intValue() : -1;
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= setSize) {
                throw new IllegalArgumentException(name + ": split '" + split + "' entry " + i + " (" + entry
                        + ") is not an index in 0.." + (setSize - 1));
            }
            if (seen[index]) {
                throw new IllegalArgumentException(name + ": index " + index + " appears twice (split '" + split
                        + "' entry " + i + "); the splits must be disjoint");
            }
            seen[index] = true;
            out[i] = index;
        }
        return out;
    }
}
