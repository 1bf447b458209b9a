package org.geonas.core.evaluate;

import java.util.List;
import org.geonas.core.config.Setting;
import org.geonas.core.config.Setting.Identity;
import org.geonas.core.config.SettingCatalogue;
import org.geonas.core.config.SettingValues;
import org.geonas.core.data.DatasetKind;
import org.geonas.core.search.SearchSettings;
import org.geonas.core.space.DartsGenotype;
import org.geonas.core.supernet.WeightInit;

/**
 * Every setting of the training of a genotype from scratch (the evaluation stage), each declared
 * once, as {@link SearchSettings} does for searches: the train spec, its YAML and JSON forms, its
 * id, the {@code train} command's options, a sweep file's {@code evaluate.training} keys and the
 * {@code evaluations} table's columns come from here. Defaults are the GAEA reference's evaluation
 * config ({@code configs/cnn/mode/eval.yaml} and {@code config_eval.yaml} of liamcli/gaea_release):
 * C=36, 20 layers, batch 96, 600 epochs, SGD at 0.025 with momentum 0.9 and weight decay 3e-4,
 * cosine to 0, gradient clip 5, cutout 16, auxiliary weight 0.4, drop path 0.2. Settings shared
 * with searches (dataset, data folder, seed, the SGD settings) are the same declarations.
 */
public final class TrainSettings {

    public static final Setting<DartsGenotype> GENOTYPE = Setting.choice("genotype",
            "The DARTS genotype to train: a name (" + String.join(", ", DartsGenotype.names()) + ") or the text form "
                    + "Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], "
                    + "reduce_concat=[2, 3, 4, 5]) that a DARTS-space search writes as its final architecture.",
            DartsGenotype::named, g -> g.name().orElse(g.encode()), () -> String.join(", ", DartsGenotype.names()))
            .required("a genotype name (" + String.join(", ", DartsGenotype.names()) + ") or its Genotype(...) text");

    public static final Setting<DatasetKind> DATASET = SearchSettings.DATASET;

    public static final Setting<String> DATA_DIR = SearchSettings.DATA_DIR;

    public static final Setting<Integer> EPOCHS = Setting.integer("epochs", "Epochs of training.")
            .defaultsTo(600).check(v -> v > 0, "must be a positive integer");

    public static final Setting<Integer> CHANNELS = Setting.integer("channels",
            "Initial channels C of the network (the stem has 3C; each reduction doubles C).")
            .defaultsTo(36).check(v -> v > 0 && v % 2 == 0, "must be a positive even number");

    public static final Setting<Integer> LAYERS = Setting.integer("layers",
            "Cells in the network; cells layers/3 and 2*layers/3 are reduction cells.")
            .defaultsTo(20).check(v -> v >= 3, "must be at least 3");

    public static final Setting<Integer> BATCH = Setting.integer("batch", "Images per batch.")
            .defaultsTo(96).check(v -> v > 1, "must be at least 2 (batch norm needs a batch)");

    public static final Setting<Integer> IMAGE_SIZE = SearchSettings.IMAGE_SIZE;

    public static final Setting<Integer> TRAIN_LIMIT = SearchSettings.TRAIN_LIMIT
            .check((v, earlier) -> v == 0 || v >= earlier.get(BATCH) ? null
                    : "must be at least batch (" + earlier.get(BATCH) + ") or 0 (all), got " + v);

    public static final Setting<Integer> TEST_LIMIT = Setting.integer("test_limit",
            "Test images each epoch's evaluation uses (the first N); 0 = all.")
            .defaultsTo(0).check(v -> v >= 0, "must be >= 0 (0 = all)");

    public static final Setting<Long> SEED = SearchSettings.SEED;

    public static final Setting<Double> WEIGHT_LR = SearchSettings.WEIGHT_LR;

    public static final Setting<Double> WEIGHT_LR_MIN = SearchSettings.WEIGHT_LR_MIN.defaultsTo(0.0);

    public static final Setting<Double> MOMENTUM = SearchSettings.MOMENTUM;

    public static final Setting<Double> WEIGHT_DECAY = SearchSettings.WEIGHT_DECAY;

    public static final Setting<Double> GRAD_CLIP = SearchSettings.GRAD_CLIP;

    public static final Setting<Integer> SCHEDULER_EPOCHS = Setting.integer("scheduler_epochs",
            "Length in epochs of the cosine learning-rate schedule (the reference: the run's epochs).")
            .defaultsTo(earlier -> earlier.get(EPOCHS), "the run's epochs")
            .check((v, earlier) -> v >= earlier.get(EPOCHS) ? null
                    : "must be at least epochs (" + earlier.get(EPOCHS) + "), got " + v);

    public static final Setting<Boolean> AUXILIARY = Setting.flag("auxiliary",
            "Train with the auxiliary head on the output of cell 2*layers/3 (needs 32x32 to 40x40 images).")
            .defaultsTo(true)
            .check((v, earlier) -> !v || auxiliaryFits(earlier.get(IMAGE_SIZE)) ? null
                    : "needs image_size 32, 36 or 40 (the head reads an 8x8 to 10x10 map), got image_size "
                            + earlier.get(IMAGE_SIZE) + "; set auxiliary: false or image_size: 32");

    public static final Setting<Double> AUXILIARY_WEIGHT = Setting.real("auxiliary_weight",
            "Weight of the auxiliary head's loss in the training loss.")
            .defaultsTo(0.4).check(v -> v >= 0, "must be >= 0");

    public static final Setting<Double> DROP_PATH_PROB = Setting.real("drop_path_prob",
            "Drop-path probability at the last epoch; epoch e uses drop_path_prob * e / epochs.")
            .defaultsTo(0.2).check(v -> v >= 0 && v < 1, "must be in [0, 1)");

    public static final Setting<Integer> CUTOUT = Setting.integer("cutout",
            "Side of the cutout square zeroed in each training image (DARTS' Cutout, after normalization); 0 = none.")
            .defaultsTo(16).check(v -> v >= 0, "must be >= 0 (0 = no cutout)");

    public static final Setting<Integer> CROP_PADDING = Setting.integer("crop_padding",
            "Zero padding of the random crop (with a random horizontal flip) of the training images; 0 = no crop.")
            .defaultsTo(4).check(v -> v >= 0, "must be >= 0");

    public static final Setting<WeightInit> INIT = SearchSettings.INIT.defaultsTo(WeightInit.PYTORCH)
            .identity(Identity.ALWAYS);

    /**
     * The search run whose genotype this trains, when a sweep's evaluation stage started it; null
     * when given by hand. Part of the id when set, so each search run's evaluation is its own task.
     */
    public static final Setting<String> SOURCE_RUN = Setting.text("source_run",
            "The id of the search run whose final architecture is trained (set by a sweep's evaluate stage).")
            .optional().identity(Identity.WHEN_CHANGED);

    /** Every setting, in declaration order (defaults and checks read the ones above them). */
    public static final SettingCatalogue CATALOGUE = new SettingCatalogue("train spec", List.of(GENOTYPE, DATASET,
            DATA_DIR, EPOCHS, CHANNELS, LAYERS, BATCH, IMAGE_SIZE, TRAIN_LIMIT, TEST_LIMIT, SEED, WEIGHT_LR,
            WEIGHT_LR_MIN, MOMENTUM, WEIGHT_DECAY, GRAD_CLIP, SCHEDULER_EPOCHS, AUXILIARY, AUXILIARY_WEIGHT,
            DROP_PATH_PROB, CUTOUT, CROP_PADDING, INIT, SOURCE_RUN));

    private TrainSettings() {
    }

    /** The learning rate of an epoch: cosine from weight_lr to weight_lr_min over scheduler_epochs. */
    public static double learningRate(SettingValues settings, int epoch) {
        double lr = settings.get(WEIGHT_LR);
        double min = settings.get(WEIGHT_LR_MIN);
        return min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * epoch / settings.get(SCHEDULER_EPOCHS)));
    }

    /** The drop-path probability of an epoch: growing linearly from 0, as the DARTS code sets it. */
    public static double dropPathProbability(SettingValues settings, int epoch) {
        return settings.get(DROP_PATH_PROB) * epoch / settings.get(EPOCHS);
    }

    /** The network these settings train, for {@code classes} classes. */
    public static NetworkCifar network(SettingValues settings, int classes) {
        return NetworkCifar.builder().setGenotype(settings.get(GENOTYPE)).setClasses(classes)
                .optChannels(settings.get(CHANNELS)).optLayers(settings.get(LAYERS))
                .optAuxiliary(settings.get(AUXILIARY)).optInit(settings.get(INIT)).build();
    }

    private static boolean auxiliaryFits(int imageSize) {
        int side = imageSize / 4;
        return imageSize % 4 == 0 && side >= AuxiliaryHead.MIN_SIDE && side <= AuxiliaryHead.MAX_SIDE;
    }
}
