package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionNames;
import dev.keyward.OrganizationId;
import dev.keyward.internal.NameCodePoints;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoredConnection;
import java.sql.Connection;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schema version 7 recomputes every name key written by version 6, whose key folded dotless i onto
 * i, collapsed the spaces of spacing accents and kept the accent after a spacing ypogegrammeni off
 * its iota; where two names now collide, the newer is renamed as version 2 renames.
 */
class NameKeyRefoldMigrationTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");

    /** The name key of versions 2 to 6. */
    static String versionSixKey(String name) {
        StringBuilder visible = new StringBuilder();
        name.codePoints().filter(c -> !NameCodePoints.isDefaultIgnorable(c)).forEach(visible::appendCodePoint);
        String compatible = Normalizer.normalize(visible, Normalizer.Form.NFKC);
        String folded = compatible.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        String key = Normalizer.normalize(folded, Normalizer.Form.NFKC);
        return key.replaceAll("[\\t\\p{Zs}]+", " ").replaceAll("^ | $", "");
    }

    /** The rows of a version 6 database, each with the name it must have after version 7, by id. */
    private static Map<String, String> fill(LegacyDatabase legacy) {
        Map<String, String> expected = new LinkedHashMap<>();
        String[][] rows = {
            {"K\u0131rm\u0131z\u0131", "K\u0131rm\u0131z\u0131"},
            {"x\u037a\u0301", "x\u037a\u0301"},
            {"x \u03af", "x \u03af (2)"},
            {"\u039f\u0394\u039f\u03a3", "\u039f\u0394\u039f\u03a3"},
            {"x \u00b4", "x \u00b4"},
            {"Prod", "Prod"}};
        for (String[] row : rows) {
            expected.put(legacy.insert(ACME.value(), row[0], false), row[1]);
        }
        return expected;
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("migrating a version 6 database recomputes every key, renames the newer of names that now collide,"
            + " and frees the keys only the old rule shared")
    void versionSevenRecomputesKeysAndRenamesTheNewer(Database database) {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "refold", 6, NameKeyRefoldMigrationTest::versionSixKey);
        Map<String, String> expected = fill(legacy);
        JdbcStore store = JdbcStore.create(legacy.dataSource());

        assertThat(store.migrate()).isEqualTo(Migration.latest());

        legacy.assertNamesAndTheirKeys(expected);
        List<StoredConnection> acme = store.listConnections(ACME);
        assertThat(acme).allSatisfy(c -> {
            String id = c.connection().id().value();
            boolean renamed = !legacy.inserted().get(id).equals(expected.get(id));
            assertThat(c.connection().updatedAt().isAfter(c.connection().createdAt())).as(id).isEqualTo(renamed);
        });
        BackstopTest.insert(store, BackstopTest.row(ACME, "Kirmizi", AuthenticationType.OAUTH));
        BackstopTest.insert(store, BackstopTest.row(ACME, "x\u00b4", AuthenticationType.OAUTH));
        assertThatThrownBy(() -> BackstopTest.insert(store, BackstopTest.row(ACME, "X \u03af",
                AuthenticationType.OAUTH))).isInstanceOf(StoreConflictException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("migrating again, or running the name key step again, changes nothing")
    void versionSevenIsIdempotent(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "refold", 6, NameKeyRefoldMigrationTest::versionSixKey);
        fill(legacy);
        JdbcStore.create(legacy.dataSource()).migrate();
        List<String> once = Databases.dump(legacy.dataSource());

        assertThat(JdbcStore.create(legacy.dataSource()).migrate()).isEqualTo(Migration.latest());
        try (Connection jdbc = legacy.dataSource().getConnection()) {
            JdbcStore.recomputeNameKeys(jdbc);
        }

        assertThat(Databases.dump(legacy.dataSource())).isEqualTo(once);
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_FILE", "POSTGRESQL"})
    @DisplayName("a team with its own migration tool applies the version 7 file, then the Java step, and gets the same")
    void ownMigrationToolGetsTheSame(Database database) throws Exception {
        DataSource dataSource = database.fresh("refold_own_tool");
        Migration seven = Migration.ALL.get(6);
        try (Connection jdbc = dataSource.getConnection()) {
            for (Migration earlier : Migration.ALL.subList(0, 6)) {
                execute(jdbc, earlier);
            }
        }
        LegacyDatabase legacy = LegacyDatabase.existing(dataSource, NameKeyRefoldMigrationTest::versionSixKey);
        Map<String, String> expected = fill(legacy);

        try (Connection jdbc = dataSource.getConnection()) {
            jdbc.setAutoCommit(false);
            execute(jdbc, seven);
            JdbcStore.recomputeNameKeys(jdbc);
            jdbc.commit();
        }

        assertThat(seven.version()).isEqualTo(7);
        assertThat(legacy.namesAndKeys().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0]))).isEqualTo(expected);
        assertThat(legacy.namesAndKeys().values()).allSatisfy(
                nameAndKey -> assertThat(nameAndKey[1]).isEqualTo(ConnectionNames.key(nameAndKey[0])));
    }

    private static void execute(Connection jdbc, Migration migration) throws Exception {
        for (String statement : migration.statements()) {
            try (Statement sql = jdbc.createStatement()) {
                sql.execute(statement);
            }
        }
    }
}
