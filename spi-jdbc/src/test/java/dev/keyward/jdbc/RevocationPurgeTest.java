package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.Revocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RevocationPurgeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final OrganizationId ORG = OrganizationId.of("acme");

    @Test
    @DisplayName("on PostgreSQL, a purge that meets records another purge holds waits for it, and never takes"
            + " a record behind one not old enough")
    void purgeWaitsInsteadOfSkippingAhead() throws Exception {
        DataSource database = Database.POSTGRESQL.fresh("purge_revocations");
        JdbcStore store = Databases.migrated(database);
        store.inOrganization(ORG, tx -> {
            tx.recordRevocation(revocation(NOW.minus(Duration.ofHours(1))));
            tx.recordRevocation(revocation(NOW.plus(Duration.ofHours(1))));
            tx.recordRevocation(revocation(NOW.minus(Duration.ofHours(1))));
            // Not the latest record, which is never purged anyway: the old one before it stays for the young one.
            tx.recordRevocation(revocation(NOW.plus(Duration.ofHours(1))));
            return null;
        });
        ExecutorService node = Executors.newSingleThreadExecutor();
        try (Connection otherPurge = database.getConnection(); Connection watching = database.getConnection()) {
            // Another node's purge, half-way: it holds the first two records, as it locks the log's head.
            otherPurge.setAutoCommit(false);
            try (PreparedStatement lock = otherPurge.prepareStatement(
                    "SELECT sequence FROM keyward_revocation WHERE sequence <= 2 ORDER BY sequence FOR UPDATE")) {
                lock.executeQuery().close();
            }

            Future<Integer> purge = node.submit(() -> store.purgeRevocations(NOW, 10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!purge.isDone() && waitingForALock(watching) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            otherPurge.rollback();

            assertThat(purge.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            node.shutdownNow();
        }
        assertThat(store.revocationsAfter(0, 10)).extracting(Revocation::sequence, Revocation::revokedAt)
                .containsExactly(tuple(2L, NOW.plus(Duration.ofHours(1))), tuple(3L, NOW.minus(Duration.ofHours(1))),
                        tuple(4L, NOW.plus(Duration.ofHours(1))));
    }

    private static Revocation revocation(Instant revokedAt) {
        return Revocation.builder().organizationId(ORG).connectionId(ConnectionId.of("revoked"))
                .connectionLookupId("REVOKEDLOOK1").revokedAt(revokedAt).build();
    }

    /** How many sessions of this database wait for a lock; asked outside a transaction, which keeps its first answer. */
    private static int waitingForALock(Connection jdbc) throws SQLException {
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
