/**
 * Settings declared once. A {@link org.geonas.core.config.Setting} names a setting (its snake_case
 * key), its type, its default (which may follow from settings declared before it), a one-line doc
 * and its checks; a {@link org.geonas.core.config.SettingCatalogue} orders a set of them and turns
 * a JSON/YAML tree into checked {@link org.geonas.core.config.SettingValues}. Everything else about
 * a setting (command-line options and their help, spec-file keys, the canonical JSON that run ids
 * hash, table columns) is derived from the declaration, so adding a setting touches the
 * declaration and the code that uses it.
 */
package org.geonas.core.config;
