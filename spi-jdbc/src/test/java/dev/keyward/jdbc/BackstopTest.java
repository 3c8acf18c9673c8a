package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.testing.StoredRows;
import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.ConnectionService;
import dev.keyward.ErrorCode;
import dev.keyward.KeywardException;
import dev.keyward.OrganizationId;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database keeps name keys and lookup ids unique and reports a taken one as a neutral
 * conflict, deciding no refusal; limits are core's alone, and no store failure quotes a hash.
 */
class BackstopTest {

    private static final String HASH = "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$aGFzaA";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("a second name key is a neutral conflict, whatever the names contain")
    void duplicateNameKeyIsAConflict(Database database) {
        JdbcStore store = Databases.migrated(database.fresh("backstop"));
        OrganizationId org = OrganizationId.of("keyward_connection_name_uq");
        insert(store, row(org, "keyward_connection_name_uq \"x\" 100%_\\", AuthenticationType.OAUTH));

        assertThatThrownBy(() -> insert(store, row(org, "KEYWARD_CONNECTION_NAME_UQ \"X\" 100%_\\",
                AuthenticationType.OAUTH))).isInstanceOfSatisfying(StoreConflictException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("could not insert connection: a unique key the store"
                                + " keeps was already taken (SQLState 23505)"));
        insert(store, row(org, "keyward_connection_name_uq \"x\" 100x_\\", AuthenticationType.OAUTH));
        insert(store, row(OrganizationId.of("other"), "keyward_connection_name_uq \"x\" 100%_\\",
                AuthenticationType.OAUTH));
        assertThat(store.listConnections(org)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("the database holds no Access Key limit: two Access Key rows of one organization are kept")
    void databaseHoldsNoAccessKeyLimit(Database database) {
        JdbcStore store = Databases.migrated(database.fresh("backstop"));
        OrganizationId org = OrganizationId.of("acme");

        insert(store, row(org, "first", AuthenticationType.ACCESS_KEY));
        insert(store, row(org, "second", AuthenticationType.ACCESS_KEY));

        assertThat(store.listConnections(org)).extracting(c -> c.connection().authenticationType())
                .containsExactly(AuthenticationType.ACCESS_KEY, AuthenticationType.ACCESS_KEY);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("accessKeyLimit(2) works through the service with no store setting: the third is ACCESS_KEY_EXISTS")
    void accessKeyLimitOfTwoNeedsNoStoreSetting(Database database) {
        JdbcStore store = Databases.migrated(database.fresh("backstop"));
        ConnectionService connections = Fixtures.keyward(store, MutableClock.startingNow()).accessKeyLimit(2).build()
                .connections();
        OrganizationId org = OrganizationId.of("acme");

        connections.create(ADMIN, org, "First key", AuthenticationType.ACCESS_KEY);
        connections.create(ADMIN, org, "Second key", AuthenticationType.ACCESS_KEY);

        assertThatThrownBy(() -> connections.create(ADMIN, org, "Third key", AuthenticationType.ACCESS_KEY))
                .isInstanceOfSatisfying(KeywardException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_KEY_EXISTS));
        assertThat(connections.list(ADMIN, org)).extracting(Connection::name)
                .containsExactlyInAnyOrder("First key", "Second key");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("a store failure says what could not be done and quotes no bound value, hashes included")
    void storeFailuresQuoteNoHash(Database database) {
        JdbcStore store = Databases.migrated(database.fresh("backstop"));
        OrganizationId org = OrganizationId.of("acme");
        StoredConnection valid = row(org, "valid", AuthenticationType.OAUTH);
        String oversized = HASH + "A".repeat(600);
        StoredConnection tooLong = valid.toBuilder().secretHash(oversized).build();

        assertThatThrownBy(() -> insert(store, tooLong)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
            assertThat(e.getMessage()).startsWith("could not insert connection (SQLState ");
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("argon2").doesNotContain("AAAA");
            }
        });
        assertThat(store.listConnections(org)).isEmpty();
    }

    /** A connection row with a cheap fake hash, created at a fixed instant. */
    static StoredConnection row(OrganizationId org, String name, AuthenticationType type) {
        return StoredRows.connection(org, name, type, NOW).secretHash(HASH).build();
    }

    static void insert(JdbcStore store, StoredConnection row) {
        store.inOrganization(row.connection().organizationId(), tx -> {
            tx.insert(row);
            return null;
        });
    }
}
