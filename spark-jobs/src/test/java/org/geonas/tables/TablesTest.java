package org.geonas.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.geonas.core.config.Setting;
import org.geonas.core.run.RunResult;
import org.geonas.core.run.RunSpec;
import org.geonas.core.run.RunStatus;
import org.geonas.core.search.EpochMetrics;
import org.geonas.core.search.SearchSettings;
import org.junit.jupiter.api.Test;

/** The table declarations: schema and rows agree, every setting is a runs column, and the docs are current. */
class TablesTest {

    private static final RunSpec SPEC = RunSpec.of("gaea", "synthetic", null, 2).with(SearchSettings.SEED, 7L)
            .with(SearchSettings.CHANNELS, 4);

    @Test
    void everyRunSettingIsARunsColumnWithItsValue() {
        RunResult result = new RunResult("abc", SPEC, RunStatus.SUCCEEDED, null, null, "|a~0|", Map.of(),
                List.of(epoch(0), epoch(1)), 3.5, "cpu", 123L, null);
        Row row = Tables.RUNS_TABLE.row(new Tables.RunRow("s", result));
        List<String> names = Tables.RUNS_TABLE.columnNames();
        assertEquals(Tables.RUNS_TABLE.schema().size(), row.size());
        for (Setting<?> setting : SearchSettings.CATALOGUE.settings()) {
            int i = names.indexOf(setting.key());
            assertTrue(i >= 0, setting.key());
            assertEquals(SPEC.toTree().get(setting.key()).isNull() ? null : written(setting), row.get(i), setting.key());
        }
        assertEquals("gaea", row.get(names.indexOf(Tables.METHOD)));
        assertEquals(7L, row.get(names.indexOf(Tables.SEED)));
        assertEquals(2, row.get(names.indexOf(SearchSettings.EPOCHS.key())), "the setting");
        assertEquals(2, row.get(names.indexOf(Tables.EPOCHS_COMPLETED)), "the epochs run");
        assertEquals(Tables.SCHEMA_VERSION, row.get(names.size() - 1));
        assertEquals(DataTypes.LongType, Tables.RUNS_TABLE.schema().apply(Tables.SEED).dataType());
        assertEquals(DataTypes.DoubleType, Tables.RUNS_TABLE.schema().apply("arch_lr").dataType());
    }

    @Test
    void everyTableEndsWithItsSchemaVersionAndRowsFollowTheSchema() {
        for (Table<?> table : Tables.RESULT_TABLES) {
            List<String> names = table.columnNames();
            assertEquals(Tables.SCHEMA_VERSION_COLUMN, names.get(names.size() - 1), table.name());
            assertEquals(Tables.SWEEP_ID, names.get(0), table.name());
            assertEquals(table.schema(), Tables.SCHEMAS.get(table.name()));
        }
        Row epochRow = Tables.EPOCHS_TABLE.row(new Tables.EpochRow("s", "r", epoch(3)));
        assertEquals(3, epochRow.getInt(Tables.EPOCHS_TABLE.columnNames().indexOf(Tables.EPOCH)));
        assertEquals(0.7, epochRow.getDouble(Tables.EPOCHS_TABLE.columnNames().indexOf(Tables.MEAN_ENTROPY)));
        assertThrows(IllegalArgumentException.class, () -> new Table<>("t", "twice", List.of(
                new Column<Object>("a", DataTypes.IntegerType, "a", r -> 1),
                new Column<Object>("a", DataTypes.IntegerType, "a again", r -> 2))));
    }

    @Test
    void theCommittedTableDocumentationIsGeneratedFromTheDeclarations() throws Exception {
        Path file = Path.of("..").resolve(TablesDoc.FILE);
        assertEquals(TablesDoc.markdown(), Files.readString(file, StandardCharsets.UTF_8), file
                + " is stale: regenerate it with TablesDoc.main (see its javadoc)");
        for (Setting<?> setting : SearchSettings.CATALOGUE.settings()) {
            assertTrue(TablesDoc.markdown().contains("| `" + setting.key() + "` |"), setting.key());
        }
    }

    private static <T> Object written(Setting<T> setting) {
        return setting.encode(SPEC.get(setting));
    }

    private static EpochMetrics epoch(int e) {
        return new EpochMetrics(e, 0.02, 1.0, 0.5, 1.1, 0.4, 0.4, 0.3, 0.7, "|a~0|", 1.0, Map.of());
    }
}
