package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RevocationStatus;
import dev.keyward.spi.Revocation;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
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
    private static final Duration POLL = Duration.ofMillis(100);
    /** Room for a loaded CI machine beyond the bound, which is the poll interval. */
    private static final long SLACK_MILLIS = 400;

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
            holdTheFirstTwoRecords(otherPurge);

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

    @Test
    @DisplayName("on PostgreSQL, a node's purge waiting for records another node's purge holds does not hold up its"
            + " reading of the log: a key regenerated elsewhere is denied within the poll interval")
    void aPurgeWaitingForALockHoldsUpNoReadOfTheLog() throws Exception {
        DataSource database = Database.POSTGRESQL.fresh("purge_holds_no_read");
        JdbcStore store = Databases.migrated(database);
        Instant longAgo = Instant.now().minus(Duration.ofHours(3));
        store.inOrganization(ORG, tx -> {
            tx.recordRevocation(revocation(longAgo));
            tx.recordRevocation(revocation(longAgo));
            return null;
        });
        MutableClock clockOfB = MutableClock.startingNow();
        // Remembered credentials trusted for ten minutes: only the log can tell B of the regeneration in time.
        try (Keyward nodeA = Keyward.builder().store(store).argon2(Fixtures.CHEAP_ARGON2).build();
                Keyward nodeB = Fixtures.keyward(JdbcStore.create(Database.POSTGRESQL.another(database)), clockOfB)
                        .revocationPollInterval(POLL).revocationCheckInterval(Duration.ofMinutes(10)).build();
                Connection otherPurge = database.getConnection();
                Connection watching = database.getConnection()) {
            assertThat(nodeB.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.POLL);
            IssuedCredentials key = nodeA.connections().create(ADMIN, ORG, "Key", AuthenticationType.ACCESS_KEY);
            String secret = key.secret().reveal();
            assertThat(granted(nodeB, secret)).isTrue();
            // Another node's purge, half-way (a pause before its commit): it holds the log's head.
            holdTheFirstTwoRecords(otherPurge);
            // A minute later by B's clock, B purges at its next wake, and waits for the lock (up to its statement
            // timeout, 10 s).
            clockOfB.advance(Duration.ofSeconds(61));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waitingForALock(watching) == 0) {
                assertThat(System.nanoTime()).as("B's purge waits for the lock").isLessThan(deadline);
                Thread.onSpinWait();
            }

            nodeA.connections().regenerate(ADMIN, ORG, key.connection().id());
            RevocationLatency latency = new RevocationLatency();
            long took = latency.await(System.nanoTime(), () -> !granted(nodeB, secret), 5_000);
            otherPurge.rollback();

            assertThat(TimeUnit.NANOSECONDS.toMillis(took)).isLessThanOrEqualTo(POLL.toMillis() + SLACK_MILLIS);
        }
    }

    private static boolean granted(Keyward node, String secret) {
        return node.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted();
    }

    /** Locks the log's first two records in a transaction of the connection's, left open, as a purge does. */
    private static void holdTheFirstTwoRecords(Connection otherPurge) throws SQLException {
        otherPurge.setAutoCommit(false);
        try (PreparedStatement lock = otherPurge.prepareStatement(
                "SELECT sequence FROM keyward_revocation WHERE sequence <= 2 ORDER BY sequence FOR UPDATE")) {
            lock.executeQuery().close();
        }
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
