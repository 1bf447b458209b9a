package org.geonas.core.search;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.geonas.core.config.Setting;
import org.geonas.core.config.Setting.Identity;
import org.geonas.core.config.SettingCatalogue;
import org.geonas.core.config.SettingValues;
import org.geonas.core.data.DatasetKind;
import org.geonas.core.optim.ArchMethod;
import org.geonas.core.space.NoneExcluded;
import org.geonas.core.space.SearchSpace;
import org.geonas.core.space.SearchSpaces;
import org.geonas.core.supernet.WeightInit;

/**
 * Every setting of a search run, each declared once: key, type, default, doc and checks. The run
 * spec, its JSON and YAML forms, the run id, the {@code search} command's options, the sweep
 * file's {@code training} and {@code overrides} keys and the {@code runs} table's columns are all
 * derived from these declarations. Defaults may read settings declared above them (the
 * architecture learning rate follows the method), so the order matters.
 *
 * <p>A setting added after run ids were first published is declared with {@link
 * Identity#WHEN_CHANGED}: at its default it leaves the run ids of earlier runs as they were.
 */
public final class SearchSettings {

    public static final Setting<SearchSpace> SPACE = Setting.choice("space",
            "Search space: nb201 (NAS-Bench-201 cell) or darts (the DARTS CNN space).",
            SearchSpaces::byId, SearchSpace::id, SearchSpaces::ids).defaultsTo(SearchSpaces.byId("nb201"));

    public static final Setting<ArchMethod> METHOD = Setting.choice("method",
            "Architecture method: darts (softmax + Adam), gaea (exponentiated gradient on the simplex), pcdarts / "
                    + "gaea-pcdarts (1/4 of the channels through the ops, edge normalization), gdas / gaea-gdas (one "
                    + "Gumbel-sampled op per edge), rsws (random search with weight sharing).",
            ArchMethod::fromId, ArchMethod::id, SearchSettings::methodIds).required(methodIds());

    public static final Setting<SearchMode> MODE = Setting.choice("mode",
            "bilevel (architecture steps on held-out images: see search_split) or erm (single level, both on the "
                    + "training images).",
            SearchMode.class).defaultsTo(SearchMode.BILEVEL);

    public static final Setting<DatasetKind> DATASET = Setting.choice("dataset",
            "Dataset: fashion-mnist, cifar10, cifar100, imagenet16-120 or synthetic.",
            DatasetKind::fromId, DatasetKind::id, SearchSettings::datasetIds).required(datasetIds());

    public static final Setting<String> DATA_DIR = Setting.text("data_dir",
            "Folder with the dataset's files (see README, 'Data'); not needed for synthetic. Where, not what: not "
                    + "part of the run id.")
            .optional().identity(Identity.NEVER)
            .check((dir, earlier) -> earlier.get(DATASET) == DatasetKind.SYNTHETIC || dir != null && !dir.isBlank()
                    ? null : "is required for dataset " + earlier.get(DATASET).id() + " (the folder holding its files)");

    public static final Setting<Integer> EPOCHS = Setting.integer("epochs", "Epochs of search.")
            .required("a positive integer").check(v -> v > 0, "must be a positive integer");

    public static final Setting<Integer> CHANNELS = Setting.integer("channels", "Supernet channels C.")
            .defaultsTo(16).check(v -> v > 0, "must be positive");

    public static final Setting<Integer> CELLS = Setting.integer("cells",
            "Cells per stage N for nb201; cells in all for darts.")
            .defaultsTo(earlier -> earlier.get(SPACE).defaultCells(), "5 for nb201, 8 for darts")
            .check(v -> v > 0, "must be positive");

    public static final Setting<Integer> BATCH = Setting.integer("batch", "Images per batch.")
            .defaultsTo(earlier -> earlier.get(SPACE).defaultBatch(), "64 for nb201, 256 for darts")
            .check(v -> v > 1, "must be at least 2 (batch norm needs a batch)");

    public static final Setting<Integer> IMAGE_SIZE = Setting.integer("image_size",
            "Images are resized to S x S.")
            .defaultsTo(earlier -> earlier.get(DATASET).imageSize(), "the dataset's size")
            .check(v -> v >= 8, "must be at least 8");

    public static final Setting<Integer> TRAIN_LIMIT = Setting.integer("train_limit",
            "Use only the first N training images, for quick proxies; 0 = all.")
            .defaultsTo(0).check(v -> v >= 0, "must be >= 0 (0 = all)");

    public static final Setting<Long> SEED = Setting.longInteger("seed",
            "Seed of the initialization, the batches and the augmentation.").defaultsTo(0L);

    public static final Setting<Double> ARCH_LR = Setting.real("arch_lr", "Architecture learning rate.")
            .defaultsTo(earlier -> earlier.get(METHOD).defaultLr(),
                    "per method: 3e-4 darts, pcdarts, gdas; 0.1 gaea, gaea-pcdarts; 0.01 gaea-gdas (PC-DARTS' own "
                            + "search: 6e-4)")
            .check(v -> v > 0, "must be positive");

    public static final Setting<Double> ARCH_WEIGHT_DECAY = Setting.real("arch_weight_decay",
            "Architecture weight decay (L2 for the softmax methods, entropic for GAEA).")
            .defaultsTo(earlier -> earlier.get(METHOD).defaultWeightDecay(),
                    "per method: 1e-3 darts, pcdarts, gdas; 0 gaea, gaea-pcdarts; 0.01 gaea-gdas")
            .check(v -> v >= 0, "must be >= 0");

    public static final Setting<Double> WEIGHT_LR = Setting.real("weight_lr",
            "Initial SGD learning rate of the network weights, cosine-annealed.")
            .defaultsTo(0.025).check(v -> v > 0, "must be positive");

    public static final Setting<Double> WEIGHT_LR_MIN = Setting.real("weight_lr_min",
            "Final learning rate of the cosine schedule.")
            .defaultsTo(0.001).check((v, earlier) -> v >= 0 && v <= earlier.get(WEIGHT_LR) ? null
                    : "must be in [0, weight_lr = " + earlier.get(WEIGHT_LR) + "], got " + v);

    public static final Setting<Double> MOMENTUM = Setting.real("momentum", "SGD momentum.")
            .defaultsTo(0.9).check(v -> v >= 0 && v < 1, "must be in [0, 1)");

    public static final Setting<Double> WEIGHT_DECAY = Setting.real("weight_decay", "SGD weight decay.")
            .defaultsTo(3e-4).check(v -> v >= 0, "must be >= 0");

    public static final Setting<Double> GRAD_CLIP = Setting.real("grad_clip",
            "Bound on the global gradient norm of the network weights.")
            .defaultsTo(5.0).check(v -> v > 0, "must be positive");

    public static final Setting<Integer> EVAL_LIMIT = Setting.integer("eval_limit",
            "Validation images for each epoch's evaluation; 0 = all.")
            .defaultsTo(0).check(v -> v >= 0, "must be >= 0 (0 = all)");

    public static final Setting<Integer> CANDIDATES = Setting.integer("candidates",
            "rsws: architectures sampled and scored with the shared weights at each epoch's end.")
            .defaultsTo(10).check(v -> v > 0, "must be positive");

    /** The cosine schedule's length; the GAEA reference runs 25 NB201 epochs of a 50-epoch schedule. */
    public static final Setting<Integer> SCHEDULER_EPOCHS = Setting.integer("scheduler_epochs",
            "Length in epochs of the cosine learning-rate schedule; longer than the run, it stops before the "
                    + "schedule's end (the GAEA reference: 50 for its 25-epoch NB201 searches).")
            .defaultsTo(earlier -> earlier.get(EPOCHS), "the run's epochs").identity(Identity.WHEN_CHANGED)
            .check((v, earlier) -> v >= earlier.get(EPOCHS) ? null
                    : "must be at least epochs (" + earlier.get(EPOCHS) + "), got " + v);

    /** Architecture warm-up: PC-DARTS starts architecture steps at epoch 15, the GAEA reference's EGDAS at 50. */
    public static final Setting<Integer> ARCH_WARMUP_EPOCHS = Setting.integer("arch_warmup_epochs",
            "Epochs at the start that train the network weights only, with the architecture held at its "
                    + "initialization (PC-DARTS' own search: 15; the GAEA reference's GDAS: 50, with the Gumbel "
                    + "temperature held at its start meanwhile).")
            .defaultsTo(0).identity(Identity.WHEN_CHANGED)
            .check((v, earlier) -> v >= 0 && v < earlier.get(EPOCHS) ? null
                    : "must be in [0, epochs = " + earlier.get(EPOCHS) + "), got " + v);

    /** The GAEA reference searches NAS-Bench-201 without none ({@code search.exclude_zero=true}). */
    public static final Setting<Boolean> EXCLUDE_NONE = Setting.flag("exclude_none",
            "Search without the none op: the architecture weights have no none column, so none can neither take "
                    + "weight nor be derived (the GAEA reference's NAS-Bench-201 searches: true).")
            .defaultsTo(false).identity(Identity.WHEN_CHANGED);

    public static final Setting<WeightInit> INIT = Setting.choice("init",
            "Initialization of conv and linear parameters: he-normal, or pytorch (PyTorch's defaults, uniform in "
                    + "+-1/sqrt(fan_in), which the GAEA reference runs with).", WeightInit.class)
            .defaultsTo(WeightInit.HE_NORMAL).identity(Identity.WHEN_CHANGED);

    public static final Setting<ErmStep> ERM_STEP = Setting.choice("erm_step",
            "Mode erm only: joint (one forward/backward on a training batch updates both) or separate (an "
                    + "architecture step on a training batch of its own, then the weight step: the GAEA reference).",
            ErmStep.class)
            .defaultsTo(ErmStep.JOINT).identity(Identity.WHEN_CHANGED)
            .check((v, earlier) -> v == ErmStep.JOINT || earlier.get(MODE) == SearchMode.ERM ? null
                    : "applies to mode erm only (mode is " + earlier.get(MODE).id() + ")");

    public static final Setting<DeriveFrom> DERIVE_FROM = Setting.choice("derive_from",
            "Which epoch's architecture is the result: last-epoch, or best-valid-epoch (bilevel only: the epoch "
                    + "of the best validation accuracy, the GAEA reference's result).", DeriveFrom.class)
            .defaultsTo(DeriveFrom.LAST_EPOCH).identity(Identity.WHEN_CHANGED)
            .check((v, earlier) -> v == DeriveFrom.LAST_EPOCH || earlier.get(MODE) == SearchMode.BILEVEL ? null
                    : "best-valid-epoch needs mode bilevel (an erm search has no held-out images to choose by)");

    /** The reference GDAS adds the unsampled ops' (zero) weights to the node sum, which gives them a gradient. */
    public static final Setting<GdasUnsampledOps> GDAS_UNSAMPLED_OPS = Setting.choice("gdas_unsampled_ops",
            "gdas / gaea-gdas: skip (the ops an edge did not sample take no part, so their architecture gradient "
                    + "is 0) or zero-weight (they enter the node sum as their weight, 0 in the hard sample, so each "
                    + "gets the summed gradient of the node it feeds: the reference GDAS).", GdasUnsampledOps.class)
            .defaultsTo(GdasUnsampledOps.SKIP).identity(Identity.WHEN_CHANGED)
            .check((v, earlier) -> v == GdasUnsampledOps.SKIP || earlier.get(METHOD) == ArchMethod.GDAS
                    || earlier.get(METHOD) == ArchMethod.GAEA_GDAS ? null
                    : "zero-weight applies to methods gdas and gaea-gdas only (method is " + earlier.get(METHOD).id()
                            + ")");

    /** The reference's split files (AutoDL-Projects' get_nas_search_loaders, as GAEA's NB201 searches read them). */
    public static final Setting<SearchSplit> SEARCH_SPLIT = Setting.choice("search_split",
            "Bilevel mode's images for the weights and for the architecture: halves (the training images cut 50/50) "
                    + "or nb201 (NAS-Bench-201's split files, as the GAEA reference: cifar10 trains the weights on the "
                    + "split's 25,000 train images and the architecture on its 25,000 valid images; cifar100 and "
                    + "imagenet16-120 train the weights on all training images and the architecture on the xvalid half "
                    + "of the test set, leaving xtest unseen). Each epoch's evaluation uses the architecture's images. "
                    + "With train_limit N, nb201 takes the first N images of each of its two sets.",
            SearchSplit.class).defaultsTo(SearchSplit.HALVES)
            .identity(Identity.WHEN_CHANGED)
            .check((v, earlier) -> v != SearchSplit.NB201 || earlier.get(MODE) == SearchMode.BILEVEL ? null
                    : "nb201 needs mode bilevel (erm has no architecture images), got mode " + earlier.get(MODE).id())
            .check((v, earlier) -> v != SearchSplit.NB201 || org.geonas.core.data.Nb201Splits.covers(earlier.get(DATASET)) ? null
                    : "nb201 has splits for cifar10, cifar100 and imagenet16-120 only, got dataset "
                            + earlier.get(DATASET).id());

    /** Every setting of a run, in declaration order (defaults read the ones above them). */
    public static final SettingCatalogue CATALOGUE = new SettingCatalogue("run spec", List.of(SPACE, METHOD, MODE,
            DATASET, DATA_DIR, EPOCHS, CHANNELS, CELLS, BATCH, IMAGE_SIZE, TRAIN_LIMIT, SEED, ARCH_LR,
            ARCH_WEIGHT_DECAY, WEIGHT_LR, WEIGHT_LR_MIN, MOMENTUM, WEIGHT_DECAY, GRAD_CLIP, EVAL_LIMIT, CANDIDATES,
            SCHEDULER_EPOCHS, ARCH_WARMUP_EPOCHS, EXCLUDE_NONE, INIT, ERM_STEP, DERIVE_FROM,
            GDAS_UNSAMPLED_OPS, SEARCH_SPLIT));

    private SearchSettings() {
    }

    /** The space the architecture weights live in: the configured one, without none if so asked. */
    public static SearchSpace searchSpace(SettingValues settings) {
        SearchSpace space = settings.get(SPACE);
        return settings.get(EXCLUDE_NONE) ? NoneExcluded.of(space) : space;
    }

    /** The learning rate of the network weights in an epoch: cosine from weight_lr to weight_lr_min. */
    public static double learningRate(SettingValues settings, int epoch) {
        double lr = settings.get(WEIGHT_LR);
        double min = settings.get(WEIGHT_LR_MIN);
        return min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * epoch / settings.get(SCHEDULER_EPOCHS)));
    }

    private static String methodIds() {
        return Arrays.stream(ArchMethod.values()).map(ArchMethod::id).collect(Collectors.joining(", "));
    }

    private static String datasetIds() {
        return Arrays.stream(DatasetKind.values()).map(DatasetKind::id).collect(Collectors.joining(", "));
    }
}
