package org.geonas.core.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/train-settings.md} from the declarations in {@link TrainSettings}, as
 * {@link org.geonas.core.search.SettingsDoc} does for the search settings. A test fails when the
 * committed file is stale; regenerate it by running this class's main in the repository root.
 */
public final class TrainSettingsDoc {

    /** Where the documentation lives, relative to the repository root. */
    public static final String FILE = "docs/train-settings.md";

    private TrainSettingsDoc() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : ".").resolve(FILE);
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }

    /** The documentation of every train setting. */
    public static String markdown() {
        return "# Train settings\n\n"
                + "<!-- generated from org.geonas.core.evaluate.TrainSettings by org.geonas.core.evaluate.TrainSettingsDoc; "
                + "do not edit -->\n\n"
                + "Every setting of the training of a DARTS genotype from scratch (the evaluation stage), declared once "
                + "in `org.geonas.core.evaluate.TrainSettings`. The same key is used in a train spec (`geonas train "
                + "--spec FILE`, YAML), in a sweep file's `evaluate:` `training:` section, as a `geonas train` option, "
                + "in the training's `result.json` and as a column of the `evaluations` table (see "
                + "[tables.md](tables.md)). The defaults are the GAEA reference's evaluation config "
                + "(`configs/cnn/mode/eval.yaml` and `config_eval.yaml` of liamcli/gaea_release). The training's id "
                + "hashes every setting except `data_dir`, and `source_run` only when set. Settings shared with "
                + "searches ([settings.md](settings.md)) mean the same here.\n\n"
                + TrainSettings.CATALOGUE.markdown();
    }
}
