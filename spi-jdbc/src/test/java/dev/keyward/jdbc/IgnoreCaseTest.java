package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.AuthenticationType;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.spi.StoreException;
import dev.keyward.testing.Fixtures;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An H2 database opened with {@code IGNORECASE=TRUE} makes every text column compare without case, organization
 * ids included: {@code tenantAb} would read {@code tenantaB}'s connections and share its access key. The store
 * refuses such a schema, when it migrates it and at its first use, naming the setting.
 */
class IgnoreCaseTest {

    @Test
    @DisplayName("a schema migrated in an H2 database with IGNORECASE=TRUE is refused, naming the setting")
    void migratingUnderIgnoreCaseIsRefused() {
        JdbcStore store = JdbcStore.create(ignoringCase("ignorecase_migrate"));

        assertThatThrownBy(store::migrate).isInstanceOf(StoreException.class).hasMessageContaining("IGNORECASE=TRUE");
    }

    @Test
    @DisplayName("a store over such a schema, migrated by another tool, refuses its first use, naming the setting")
    void aSchemaMigratedElsewhereIsRefusedAtFirstUse() throws Exception {
        DataSource database = ignoringCase("ignorecase_elsewhere");
        try (Connection jdbc = database.getConnection(); Statement ddl = jdbc.createStatement()) {
            // As a migration tool applying the SQL files would leave it.
            ddl.execute("CREATE TABLE keyward_connection (organization_id VARCHAR(200))");
        }

        assertThatThrownBy(() -> JdbcStore.create(database).listConnections(OrganizationId.of("tenantAb")))
                .isInstanceOf(StoreException.class).hasMessageContaining("IGNORECASE=TRUE");
    }

    @Test
    @DisplayName("with lower-case names too, or a collation of primary strength, the schema is refused")
    void otherWaysToCompareWithoutCaseAreRefused() throws Exception {
        JdbcStore lowerCase = JdbcStore.create(database("ignorecase_lower", ";DATABASE_TO_LOWER=TRUE;IGNORECASE=TRUE"));
        assertThatThrownBy(lowerCase::migrate).isInstanceOf(StoreException.class).hasMessageContaining("without case");

        DataSource collated = database("ignorecase_collation", "");
        try (Connection jdbc = collated.getConnection(); Statement sql = jdbc.createStatement()) {
            sql.execute("SET COLLATION ENGLISH STRENGTH PRIMARY");
        }
        assertThatThrownBy(JdbcStore.create(collated)::migrate).isInstanceOf(StoreException.class)
                .hasMessageContaining("collation of primary strength");
    }

    @Test
    @DisplayName("a schema created with IGNORECASE, the setting since turned off, is refused by its columns' types")
    void aSchemaCreatedIgnoringCaseIsRefusedAfterTheSettingIsOff() throws Exception {
        try (Connection jdbc = ignoringCase("ignorecase_since_off").getConnection();
                Statement ddl = jdbc.createStatement()) {
            ddl.execute("CREATE TABLE keyward_token (lookup_id VARCHAR(64))");
            ddl.execute("SET IGNORECASE FALSE");
        }
        // The same database, opened without the setting.
        DataSource database = database("ignorecase_since_off", "");

        assertThatThrownBy(() -> JdbcStore.create(database).findToken("AAAAAAAAAAAA"))
                .isInstanceOf(StoreException.class).hasMessageContaining("created with IGNORECASE=TRUE");
    }

    @Test
    @DisplayName("a store used before its schema exists checks the schema once it is there: one made ignoring case is refused")
    void aSchemaMadeAfterTheFirstUseIsCheckedWhenItIsThere() throws Exception {
        JdbcStore store = JdbcStore.create(database("ignorecase_later", ""));
        assertThatThrownBy(() -> store.findToken("AAAAAAAAAAAA")).as("no schema yet").isInstanceOf(StoreException.class);
        // A migration tool then applies the schema over a URL that ignores case.
        try (Connection jdbc = ignoringCase("ignorecase_later").getConnection(); Statement ddl = jdbc.createStatement()) {
            ddl.execute("CREATE TABLE keyward_token (lookup_id VARCHAR(64))");
            ddl.execute("SET IGNORECASE FALSE");
        }

        assertThatThrownBy(() -> store.findToken("AAAAAAAAAAAA")).isInstanceOf(StoreException.class)
                .hasMessageContaining("created with IGNORECASE=TRUE");
    }

    @Test
    @DisplayName("without IGNORECASE the schema migrates, and ids that differ only in case are two organizations")
    void withoutIgnoreCaseIdsKeepTheirCase() {
        JdbcStore store = Databases.migrated(Databases.h2Memory("with_case"));
        try (Keyward keyward = Keyward.builder().store(store).argon2(Fixtures.CHEAP_ARGON2).build()) {
            keyward.connections().create(ADMIN, OrganizationId.of("tenantAb"), "Key", AuthenticationType.ACCESS_KEY);

            assertThat(store.listConnections(OrganizationId.of("tenantaB"))).isEmpty();
            keyward.connections().create(ADMIN, OrganizationId.of("tenantaB"), "Key", AuthenticationType.ACCESS_KEY);
            assertThat(store.listConnections(OrganizationId.of("tenantAb"))).hasSize(1);
        }
    }

    private static DataSource ignoringCase(String name) {
        return database(name, ";IGNORECASE=TRUE");
    }

    private static DataSource database(String name, String settings) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + settings);
        return dataSource;
    }
}
