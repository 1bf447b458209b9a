package org.geonas.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.geonas.core.config.Setting;
import org.geonas.core.config.SettingCatalogue;
import org.geonas.core.run.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One command-line option per setting of a catalogue, named, typed and described by the
 * setting's declaration, so that options, help and defaults cannot drift from the settings
 * (used by {@code search} and {@code train}).
 */
final class CatalogueOptions {

    private CatalogueOptions() {
    }

    /** Adds the catalogue's options to a command. */
    static CommandSpec addTo(CommandSpec spec, SettingCatalogue catalogue) {
        for (Setting<?> setting : catalogue.settings()) {
            String help = setting.doc() + (setting.isRequired() ? " Required." : " Default: " + setting.defaultDoc() + ".");
            spec.addOption(OptionSpec.builder(setting.optionName()).type(setting.kind().javaType())
                    .paramLabel(setting.key().toUpperCase(Locale.ROOT)).description(help).build());
        }
        return spec;
    }

    /** The settings given as options, in written form. */
    static ObjectNode given(CommandSpec command, SettingCatalogue catalogue) {
        ObjectNode options = Json.JSON.createObjectNode();
        for (Setting<?> setting : catalogue.settings()) {
            Object value = command.findOption(setting.optionName()).getValue();
            if (value != null) {
                options.set(setting.key(), Json.JSON.valueToTree(value));
            }
        }
        return options;
    }
}
