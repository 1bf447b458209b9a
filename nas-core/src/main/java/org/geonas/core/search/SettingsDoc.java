package org.geonas.core.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/settings.md} from the declarations in {@link SearchSettings}, so the documented
 * settings are the ones the code reads. A test fails when the committed file is stale; regenerate
 * it by running this class's main in the repository root.
 */
public final class SettingsDoc {

    /** Where the documentation lives, relative to the repository root. */
    public static final String FILE = "docs/settings.md";

    private SettingsDoc() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : ".").resolve(FILE);
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }

    /** The documentation of every run setting. */
    public static String markdown() {
        return "# Run settings\n\n"
                + "<!-- generated from org.geonas.core.search.SearchSettings by org.geonas.core.search.SettingsDoc; "
                + "do not edit -->\n\n"
                + "Every setting of a search run, declared once in `org.geonas.core.search.SearchSettings`. The same "
                + "key is used in a run spec (`geonas search --spec FILE`, YAML), in a sweep file's `training:` and "
                + "`overrides:` sections (except the grid's axes `space`, `method`, `mode`, `dataset`, `seed`, and "
                + "`data_dir`, which comes from `data:`), as a `geonas search` option, in `result.json` and as a "
                + "column of the `runs` table (see [tables.md](tables.md)). Defaults are filled in when a spec is "
                + "read; a default may follow from a setting above it. The run id hashes every setting except "
                + "`data_dir`; " + addedLater() + ", added later, enter it only when they differ from their "
                + "defaults, so runs from before keep their ids.\n\n"
                + SearchSettings.CATALOGUE.markdown();
    }

    private static String addedLater() {
        return SearchSettings.CATALOGUE.settings().stream()
                .filter(s -> s.identity() == org.geonas.core.config.Setting.Identity.WHEN_CHANGED)
                .map(s -> "`" + s.key() + "`").collect(java.util.stream.Collectors.joining(", "));
    }
}
