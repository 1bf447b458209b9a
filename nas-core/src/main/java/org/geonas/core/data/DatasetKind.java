package org.geonas.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The datasets the search can run on, by the id used in configuration files. Each constant knows
 * how to load a split and how to check its files cheaply (before a Spark job or a long search
 * starts, so a missing download fails in seconds).
 */
public enum DatasetKind {
    CIFAR10("cifar10", 3, 32, 10) {
        @Override
        public ImageSet load(Path dataDir, boolean train) {
            return CifarReader.cifar10(dataDir, train);
        }

        @Override
        public void checkFiles(Path dataDir) {
            CifarReader.checkCifar10(dataDir);
        }
    },
    CIFAR100("cifar100", 3, 32, 100) {
        @Override
        public ImageSet load(Path dataDir, boolean train) {
            return CifarReader.cifar100(dataDir, train);
        }

        @Override
        public void checkFiles(Path dataDir) {
            CifarReader.checkCifar100(dataDir);
        }
    },
    /**
     * NAS-Bench-201's ImageNet16-120: the 16x16 downsampled ImageNet's classes 1..120; its test split is
     * the {@code val_data} file's 6,000 images of those classes.
     */
    IMAGENET16_120("imagenet16-120", 3, 16, 120) {
        @Override
        public ImageSet load(Path dataDir, boolean train) {
            return ImageNet16Reader.first120Classes(dataDir, train);
        }

        @Override
        public void checkFiles(Path dataDir) {
            ImageNet16Reader.checkFirst120Classes(dataDir);
        }
    },
    FASHION_MNIST("fashion-mnist", 1, 28, 10) {
        @Override
        public ImageSet load(Path dataDir, boolean train) {
            return IdxReader.fashionMnist(dataDir, train);
        }

        @Override
        public void checkFiles(Path dataDir) {
            IdxReader.checkFashionMnist(dataDir);
        }
    },
    /** Generated, no files: 2048 training and 512 test images with the same class templates. */
    SYNTHETIC("synthetic", 3, 32, 10) {
        @Override
        public ImageSet load(Path dataDir, boolean train) {
            return SyntheticImages.generate(train ? 2048 : 512, channels(), imageSize(), numClasses(),
                    SyntheticImages.TEMPLATE_SEED,
                    train ? SyntheticImages.TRAIN_SEED : SyntheticImages.TEST_SEED);
        }

        @Override
        public void checkFiles(Path dataDir) {
            // nothing to check: the data is generated
        }
    };

    private final String id;
    private final int channels;
    private final int imageSize;
    private final int numClasses;

    DatasetKind(String id, int channels, int imageSize, int numClasses) {
        this.id = id;
        this.channels = channels;
        this.imageSize = imageSize;
        this.numClasses = numClasses;
    }

    /** Loads the training ({@code train}) or test split with pixels in [0,1]. */
    public abstract ImageSet load(Path dataDir, boolean train);

    /**
     * Checks presence, sizes and headers of all files of both splits without reading pixel data
     * (ImageNet16's pickles: their shape and labels, stepping over the pixel bytes).
     *
     * @throws DataFileException naming the first bad file and the fix
     */
    public abstract void checkFiles(Path dataDir);

    /** The id used in configuration, e.g. {@code "fashion-mnist"}. */
    public String id() {
        return id;
    }

    /** Channels of the stored images. */
    public int channels() {
        return channels;
    }

    /** Side of the (square) stored images. */
    public int imageSize() {
        return imageSize;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The kind with this id (case-insensitive, surrounding blanks ignored). */
    public static DatasetKind fromId(String id) {
        String key = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (DatasetKind k : values()) {
            if (k.id.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + id + "'; known datasets: "
                + Arrays.stream(values()).map(DatasetKind::id).collect(Collectors.joining(", ")));
    }
}
