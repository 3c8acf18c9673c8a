package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.ConnectionNames;
import dev.keyward.OrganizationId;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoredConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
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
 * Schema version 2 recomputes every name key by the display rule, and renames the newer of two
 * connections of one organization whose names now collide: the oldest keeps its name, each newer
 * one gets the first free " (n)" from 2 up.
 */
class NameKeyMigrationTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");

    /** The rows of a version 1 database, each with the name it must have after version 2, by id. */
    private static Map<String, String> fillWithCollisions(LegacyDatabase legacy) {
        Map<String, String> expected = new LinkedHashMap<>();
        String x = "x".repeat(100);
        String fullwidthX = "\uff38" + "x".repeat(99);
        String[][] rows = {
            {"Stra\u00dfe", "Stra\u00dfe"},
            {"STRASSE", "STRASSE (3)"},
            {"Strasse (2)", "Strasse (2)"},
            {"Caf\u00e9", "Caf\u00e9"},
            {"Cafe\u0301", "Cafe\u0301 (2)"},
            {"\u039f\u0394\u039f\u03a3", "\u039f\u0394\u039f\u03a3"},
            {"\u03bf\u03b4\u03bf\u03c3", "\u03bf\u03b4\u03bf\u03c3 (2)"},
            {x, x},
            {fullwidthX, "\uff38" + "x".repeat(95) + " (2)"},
            {"a  b", "a  b"},
            {"A B", "A B (2)"},
            {"Prod", "Prod"},
            {"Prod\u200b", "Prod\u200b (2)"},
            {"Reporting", "Reporting"},
            {"\uff30\uff52\uff4f\uff44", "\uff30\uff52\uff4f\uff44 (3)"}};
        for (String[] row : rows) {
            expected.put(legacy.insert(ACME.value(), row[0], row[0].equals("Prod")), row[1]);
        }
        expected.put(legacy.insert(GLOBEX.value(), "STRASSE", true), "STRASSE");
        return expected;
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("migrating a version 1 database recomputes every key, renames the newer of colliding names,"
            + " and every row stays readable by the store")
    void versionTwoRecomputesKeysAndRenamesTheNewer(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "name_keys");
        Map<String, String> expected = fillWithCollisions(legacy);
        JdbcStore store = JdbcStore.create(legacy.dataSource());

        assertThat(store.migrate()).isEqualTo(Migration.latest());

        legacy.assertNamesAndTheirKeys(expected);
        List<StoredConnection> acme = store.listConnections(ACME);
        assertThat(acme).extracting(c -> c.connection().name())
                .containsExactlyElementsOf(expected.values().stream().limit(15).toList());
        assertThat(acme.stream().map(StoredConnection::nameKey).distinct()).hasSize(15);
        assertThat(acme).allSatisfy(c -> assertThat(store.findConnectionByLookupId(c.lookupId())).contains(c));
        assertThat(acme).allSatisfy(c -> {
            String id = c.connection().id().value();
            boolean renamed = !legacy.inserted().get(id).equals(expected.get(id));
            assertThat(c.connection().updatedAt().isAfter(c.connection().createdAt())).as(id).isEqualTo(renamed);
        });
        assertThat(store.listConnections(GLOBEX)).extracting(c -> c.connection().name()).containsExactly("STRASSE");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("after version 2 the name index holds the new keys and the Access Key constraint is gone")
    void versionTwoKeepsTheNameIndexAndDropsTheAccessKeyConstraint(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "name_keys");
        fillWithCollisions(legacy);
        JdbcStore store = JdbcStore.create(legacy.dataSource());
        store.migrate();

        assertThatThrownBy(() -> BackstopTest.insert(store,
                BackstopTest.row(ACME, "strasse (3)", AuthenticationType.OAUTH)))
                .isInstanceOf(StoreConflictException.class);
        BackstopTest.insert(store, BackstopTest.row(ACME, "Second key", AuthenticationType.ACCESS_KEY));
        assertThat(store.listConnections(ACME)).filteredOn(c -> c.connection().authenticationType()
                == AuthenticationType.ACCESS_KEY).hasSize(2);
        assertThat(columns(legacy.dataSource())).as("kept for nodes of version 1 during a rolling upgrade")
                .contains("name_key", "access_key_organization_id");
        String writtenByVersionOne = legacy.insert(ACME.value(), "Written by a version 1 node", true);
        assertThat(store.findConnection(ACME, ConnectionId.of(writtenByVersionOne))).map(c -> c.connection().name())
                .contains("Written by a version 1 node");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("migrating again, or running the name key step again, changes nothing")
    void versionTwoIsIdempotent(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "name_keys");
        fillWithCollisions(legacy);
        JdbcStore store = JdbcStore.create(legacy.dataSource());
        store.migrate();
        List<String> once = Databases.dump(legacy.dataSource());

        assertThat(JdbcStore.create(legacy.dataSource()).migrate()).isEqualTo(Migration.latest());
        try (Connection jdbc = legacy.dataSource().getConnection()) {
            JdbcStore.recomputeNameKeys(jdbc);
        }

        assertThat(Databases.dump(legacy.dataSource())).isEqualTo(once);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("four processes migrating one version 1 database at once rename each connection once")
    void concurrentMigrationsRenameOnce(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "name_keys_concurrent");
        Map<String, String> expected = fillWithCollisions(legacy);
        DataSource first = legacy.dataSource();
        List<JdbcStore> processes = List.of(JdbcStore.create(first), JdbcStore.create(database.another(first)),
                JdbcStore.create(database.another(first)), JdbcStore.create(database.another(first)));

        assertThat(MigrationTest.runAtOnce(processes)).containsOnly(Migration.latest());

        assertThat(legacy.namesAndKeys().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0]))).isEqualTo(expected);
        try (Connection jdbc = first.getConnection()) {
            assertThat(Migrations.appliedVersions(jdbc)).containsExactlyInAnyOrderElementsOf(Migration.allVersions());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("each rename is reported once, with connection ids and names escaped to printable ASCII")
    void eachRenameIsReported(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "name_keys_log");
        String prod = legacy.insert(ACME.value(), "Prod\n\"", false);
        String invisible = legacy.insert(ACME.value(), "prod\u200b\n\"", false);
        legacy.insert(ACME.value(), "Other", false);
        List<String> warnings = new ArrayList<>();

        try (Connection jdbc = legacy.dataSource().getConnection()) {
            jdbc.setAutoCommit(false);
            NameKeys.recompute(jdbc, warnings::add);
            jdbc.commit();
        }

        assertThat(warnings).containsExactly("renamed connection " + invisible + " of organization acme from"
                + " \"prod\\u200b\\u000a\\u0022\" to \"prod\\u200b\\u000a\\u0022 (2)\": its name now collides with"
                + " that of the older connection " + prod);
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a renamed name whose key would not fit the name index is shortened until it does")
    void renameIsShortenedUntilItsKeyFits(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "name_keys_long");
        String spelledOut = "\ufdfa".repeat(22);
        legacy.insert(ACME.value(), spelledOut + "x", false);
        String newer = legacy.insert(ACME.value(), spelledOut + "\uff38", false);

        JdbcStore.create(legacy.dataSource()).migrate();

        String renamed = legacy.namesAndKeys().get(newer)[0];
        assertThat(renamed).isEqualTo(spelledOut + " (2)");
        assertThat(ConnectionNames.key(renamed)).hasSize(ConnectionNames.MAX_KEY_LENGTH);
        assertThat(ConnectionNames.normalize(renamed)).isEqualTo(renamed);
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_FILE", "POSTGRESQL"})
    @DisplayName("a team with its own migration tool applies the SQL files, then the Java step, and gets the same")
    void ownMigrationToolGetsTheSame(Database database) throws Exception {
        DataSource dataSource = database.fresh("own_tool");
        try (Connection jdbc = dataSource.getConnection()) {
            execute(jdbc, Migration.ALL.get(0));
        }
        LegacyDatabase legacy = LegacyDatabase.existing(dataSource);
        Map<String, String> expected = fillWithCollisions(legacy);

        try (Connection jdbc = dataSource.getConnection()) {
            jdbc.setAutoCommit(false);
            execute(jdbc, Migration.ALL.get(1));
            JdbcStore.recomputeNameKeys(jdbc);
            for (Migration later : Migration.ALL.subList(2, Migration.ALL.size())) {
                execute(jdbc, later);
            }
            jdbc.commit();
        }

        assertThat(legacy.namesAndKeys().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0]))).isEqualTo(expected);
        assertThat(legacy.namesAndKeys().values()).allSatisfy(
                nameAndKey -> assertThat(nameAndKey[1]).isEqualTo(ConnectionNames.key(nameAndKey[0])));
        assertThat(JdbcStore.create(dataSource).listConnections(ACME)).hasSize(15);
    }

    private static void execute(Connection jdbc, Migration migration) throws Exception {
        for (String statement : migration.statements()) {
            try (Statement sql = jdbc.createStatement()) {
                sql.execute(statement);
            }
        }
    }

    private static List<String> columns(DataSource dataSource) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection jdbc = dataSource.getConnection();
                ResultSet rows = jdbc.getMetaData().getColumns(null, null, "%", "%")) {
            while (rows.next()) {
                if (rows.getString("TABLE_NAME").equalsIgnoreCase("keyward_connection")) {
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }
}
