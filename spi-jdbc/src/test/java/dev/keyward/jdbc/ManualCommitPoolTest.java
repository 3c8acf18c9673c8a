package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.LastUse;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.StoredRows;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pools that lend connections with auto-commit off, as hosts using JPA often configure them. */
class ManualCommitPoolTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final OrganizationId ORG = OrganizationId.of("acme");

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("with auto-commit off in the pool, purged tokens stay purged: the next purge finds none")
    void purgedTokensStayPurged(Database database) {
        DataSource real = database.fresh("manual_commit");
        try (HikariDataSource pool = Databases.pool(real, config -> config.setAutoCommit(false))) {
            JdbcStore store = Databases.migrated(pool);
            List<StoredToken> expired = insertExpiredTokens(store, insertConnection(store), 3);

            assertThat(store.purgeExpiredTokens(NOW, 1000)).isEqualTo(3);
            assertThat(store.purgeExpiredTokens(NOW, 1000)).isZero();

            JdbcStore elsewhere = JdbcStore.create(real);
            assertThat(expired).allSatisfy(t -> assertThat(elsewhere.findToken(t.lookupId())).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("with auto-commit off in the pool, purged revocation records stay purged: the next purge finds none")
    void purgedRevocationsStayPurged(Database database) {
        DataSource real = database.fresh("manual_commit");
        try (HikariDataSource pool = Databases.pool(real, config -> config.setAutoCommit(false))) {
            JdbcStore store = Databases.migrated(pool);
            recordRevocations(store, 4);

            assertThat(store.purgeRevocations(NOW, 1000)).as("all but the latest").isEqualTo(3);
            assertThat(store.purgeRevocations(NOW, 1000)).isZero();

            assertThat(JdbcStore.create(real).revocationsAfter(0, 10)).extracting(Revocation::sequence)
                    .containsExactly(4L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a connection lent at SERIALIZABLE with auto-commit off comes back so from every write outside"
            + " a unit of work, each write committed")
    void writesOutsideUnitsOfWorkCommitAndHandTheConnectionBack(Database database) throws Exception {
        DataSource real = database.fresh("manual_commit");
        Databases.migrated(real);
        try (Connection pooled = Databases.lentStrictly(real.getConnection())) {
            JdbcStore store = JdbcStore.create(Databases.lending(pooled));
            JdbcStore elsewhere = JdbcStore.create(real);
            StoredConnection owner = insertConnection(store);
            List<StoredToken> expired = insertExpiredTokens(store, owner, 2);
            recordRevocations(store, 3);

            // Each write is seen from another connection before the next write could commit it.
            assertThat(store.purgeExpiredTokens(NOW, 1000)).isEqualTo(2);
            assertHandedBackAsItCame(pooled);
            assertThat(expired).allSatisfy(t -> assertThat(elsewhere.findToken(t.lookupId())).isEmpty());
            assertThat(store.purgeRevocations(NOW, 1000)).isEqualTo(2);
            assertHandedBackAsItCame(pooled);
            assertThat(elsewhere.revocationsAfter(0, 10)).as("the latest is kept").extracting(Revocation::sequence)
                    .containsExactly(3L);
            store.recordLastUsed(List.of(new LastUse(ORG, owner.connection().id(), NOW)));
            assertHandedBackAsItCame(pooled);
            assertThat(elsewhere.listConnections(ORG)).singleElement()
                    .satisfies(c -> assertThat(c.connection().lastUsedAt()).isEqualTo(NOW));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a connection lent at SERIALIZABLE with auto-commit off is in no transaction after a read: the next"
            + " read sees what was committed since, and a unit of work runs after it")
    void readsEndTheTransactionTheyBegan(Database database) throws Exception {
        DataSource real = database.fresh("manual_commit");
        Databases.migrated(real);
        try (Connection pooled = Databases.lentStrictly(real.getConnection())) {
            JdbcStore store = JdbcStore.create(Databases.lending(pooled));
            JdbcStore elsewhere = JdbcStore.create(real);
            recordRevocations(elsewhere, 1);

            long seen = store.latestRevocation();
            recordRevocations(elsewhere, 1);

            assertThat(store.latestRevocation()).as("a revocation committed after the last read").isEqualTo(seen + 1);
            assertThat(store.revocationsAfter(seen, 10)).hasSize(1);
            StoredConnection owner = insertConnection(store);
            assertThat(store.findConnectionByLookupId(owner.lookupId())).isPresent();
            assertHandedBackAsItCame(pooled);
            if (database == Database.POSTGRESQL) {
                assertThat(sessionState(real, pooled)).isEqualTo("idle");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("on a connection lent at SERIALIZABLE with auto-commit off, migrating and its check of the database"
            + " leave no transaction open: a revocation committed elsewhere after it is seen by the next read")
    void migratingLeavesNoTransactionOpen(Database database) throws Exception {
        DataSource real = database.fresh("manual_commit");
        try (Connection pooled = Databases.lentStrictly(real.getConnection())) {
            JdbcStore store = JdbcStore.create(Databases.lending(pooled));
            store.migrate();
            assertHandedBackAsItCame(pooled);

            recordRevocations(JdbcStore.create(real), 1);

            assertThat(store.latestRevocation()).isEqualTo(1);
        }
    }

    /** What PostgreSQL says the session of a connection is doing, asked from another connection. */
    private static String sessionState(DataSource real, Connection pooled) throws Exception {
        int pid = pooled.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        try (Connection other = real.getConnection();
                java.sql.PreparedStatement statement = other.prepareStatement(
                        "SELECT state FROM pg_stat_activity WHERE pid = ?")) {
            statement.setInt(1, pid);
            try (java.sql.ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static void assertHandedBackAsItCame(Connection pooled) throws Exception {
        assertThat(pooled.getAutoCommit()).isFalse();
        assertThat(pooled.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    }

    private static StoredConnection insertConnection(JdbcStore store) {
        StoredConnection owner = StoredRows.oauth(ORG, "Client", NOW.minus(Duration.ofHours(3)));
        store.inOrganization(ORG, tx -> {
            tx.insert(owner);
            return null;
        });
        return owner;
    }

    /** Inserts {@code count} tokens of {@code owner} that expired an hour before {@link #NOW}. */
    private static List<StoredToken> insertExpiredTokens(JdbcStore store, StoredConnection owner, int count) {
        List<StoredToken> tokens = IntStream.range(0, count)
                .mapToObj(i -> StoredRows.token(owner, NOW.minus(Duration.ofHours(2)), Duration.ofHours(1)))
                .toList();
        store.inOrganization(ORG, tx -> {
            tokens.forEach(tx::insertToken);
            return null;
        });
        return tokens;
    }

    /** Records {@code count} revocations of a connection of {@link #ORG}, made an hour before {@link #NOW}. */
    private static void recordRevocations(JdbcStore store, int count) {
        Revocation revocation = Revocation.builder().organizationId(ORG)
                .connectionId(ConnectionId.of("revoked")).connectionLookupId("REVOKEDLOOK1")
                .revokedAt(NOW.minus(Duration.ofHours(1))).build();
        store.inOrganization(ORG, tx -> {
            for (int i = 0; i < count; i++) {
                tx.recordRevocation(revocation);
            }
            return null;
        });
    }
}
