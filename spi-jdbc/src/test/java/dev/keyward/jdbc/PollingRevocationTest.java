package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RevocationStatus;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.Revocation;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.Requests;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two nodes on one H2 database, which cannot push: a revocation reaches the other node within the poll interval. */
class PollingRevocationTest {

    private static final int TRIALS = 20;
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Room for a loaded CI machine beyond the bound, which is the poll interval. */
    private static final long SLACK_MILLIS = 250;

    @Test
    @DisplayName("on H2 a regenerated key is denied on the other node within the poll interval")
    void revocationArrivesWithinThePollInterval() {
        DataSource database = Databases.h2Memory("polling");
        JdbcStore store = Databases.migrated(database);
        try (Keyward nodeA = Keyward.builder().store(store).argon2(Fixtures.CHEAP_ARGON2).build();
                Keyward nodeB = Keyward.builder().store(JdbcStore.create(Databases.anotherH2(database)))
                        .argon2(Fixtures.CHEAP_ARGON2).revocationPollInterval(POLL).build()) {
            assertThat(nodeB.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.POLL);
            RevocationLatency latency = new RevocationLatency();
            for (int i = 0; i < TRIALS; i++) {
                OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
                IssuedCredentials key = nodeA.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
                String secret = key.secret().reveal();
                assertThat(nodeB.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted())
                        .isTrue();

                nodeA.connections().regenerate(ADMIN, org, key.connection().id());
                latency.await(System.nanoTime(), () -> !nodeB.authenticator()
                        .authenticate(Requests.accessKey(secret), ApiFamily.REST).granted(), 5_000);
            }
            System.out.println(latency.summary("H2 polling every " + POLL.toMillis() + " ms, regenerate"));
            assertThat(latency.percentileMillis(100)).isLessThanOrEqualTo(POLL.toMillis() + SLACK_MILLIS);
            assertThat(nodeB.revocationStatus().applied()).isEqualTo(TRIALS);
        }
    }
    @Test
    @DisplayName("a log whose numbers went back (a database restored) is followed from its new end: a key regenerated"
            + " after the restore is denied on the other node within the poll interval")
    void logRewoundThenTheNextRevocationStillArrives() throws Exception {
        DataSource database = Databases.h2Memory("rewound");
        JdbcStore store = Databases.migrated(database);
        try (Keyward nodeA = Keyward.builder().store(store).argon2(Fixtures.CHEAP_ARGON2).build();
                Keyward nodeB = Keyward.builder().store(JdbcStore.create(Databases.anotherH2(database)))
                        .argon2(Fixtures.CHEAP_ARGON2).revocationPollInterval(POLL).build()) {
            OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
            IssuedCredentials before = nodeA.connections().create(ADMIN, org, "Before", AuthenticationType.ACCESS_KEY);
            for (int i = 0; i < 3; i++) {
                nodeA.connections().regenerate(ADMIN, org, before.connection().id());
            }
            assertThat(RevocationLatency.firstHeld(() -> nodeB.revocationStatus().position() == 3,
                    System.nanoTime() + Duration.ofSeconds(5).toNanos())).as("node B applied the three").isPresent();
            try (Connection jdbc = database.getConnection(); Statement restore = jdbc.createStatement()) {
                // As a restore to before the last three revocations leaves it.
                restore.executeUpdate("DELETE FROM keyward_revocation WHERE sequence > 0");
                restore.executeUpdate("UPDATE keyward_revocation_sequence SET last_sequence = 0 WHERE id = 0");
            }
            OrganizationId other = OrganizationId.of("org-" + UUID.randomUUID());
            IssuedCredentials key = nodeA.connections().create(ADMIN, other, "Key", AuthenticationType.ACCESS_KEY);
            String secret = key.secret().reveal();
            assertThat(nodeB.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted()).isTrue();

            nodeA.connections().regenerate(ADMIN, other, key.connection().id());

            RevocationLatency latency = new RevocationLatency();
            latency.await(System.nanoTime(), () -> !nodeB.authenticator()
                    .authenticate(Requests.accessKey(secret), ApiFamily.REST).granted(), 5_000);
            assertThat(latency.percentileMillis(100)).isLessThanOrEqualTo(POLL.toMillis() + SLACK_MILLIS);
        }
    }

    /**
     * As above, but the log is used again up to the node's position before the node reads it: its next read finds
     * no record after its position and the log's end where it left it. The record under its position is another
     * one than it knew, which it notices once, and it re-reads what it remembers, so the revocations it skipped
     * still end the keys they revoked. The node starts after the first records, so its position comes from the
     * log's end, not from a record it applied; its reads of the log wait while the log is rewound and refilled,
     * so it never sees the log half done.
     */
    @Test
    @DisplayName("a log whose numbers went back and were used again up to the node's position is noticed once: a"
            + " key regenerated after the restore is denied on the other node, and the node then trusts again")
    void logRewoundAndRefilledToThePositionThenNoticedOnce() throws Exception {
        Duration poll = Duration.ofMillis(200);
        DataSource database = Databases.h2Memory("refilled");
        JdbcStore store = Databases.migrated(database);
        CountingStore counting = new CountingStore(JdbcStore.create(Databases.anotherH2(database)));
        // Held by each of node B's reads of the log for its whole length, and by the restore: B sees the log
        // before it or after it, never half done.
        ReadWriteLock log = new ReentrantReadWriteLock();
        ForwardingStore nodeBStore = new ForwardingStore(counting) {
            @Override
            public long latestRevocation() {
                log.readLock().lock();
                try {
                    return super.latestRevocation();
                } finally {
                    log.readLock().unlock();
                }
            }

            @Override
            public List<Revocation> revocationsAfter(long sequence, int limit) {
                log.readLock().lock();
                try {
                    return super.revocationsAfter(sequence, limit);
                } finally {
                    log.readLock().unlock();
                }
            }
        };
        try (Keyward nodeA = Keyward.builder().store(store).argon2(Fixtures.CHEAP_ARGON2).build()) {
            OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
            IssuedCredentials before = nodeA.connections().create(ADMIN, org, "Before", AuthenticationType.ACCESS_KEY);
            for (int i = 0; i < 3; i++) {
                nodeA.connections().regenerate(ADMIN, org, before.connection().id());
            }
            try (Keyward nodeB = Keyward.builder().store(nodeBStore).argon2(Fixtures.CHEAP_ARGON2)
                    .revocationPollInterval(poll).build()) {
                assertThat(nodeB.revocationStatus().position()).as("from the log's end").isEqualTo(3);
                OrganizationId other = OrganizationId.of("org-" + UUID.randomUUID());
                IssuedCredentials key = nodeA.connections().create(ADMIN, other, "Key", AuthenticationType.ACCESS_KEY);
                String secret = key.secret().reveal();
                OrganizationId third = OrganizationId.of("org-" + UUID.randomUUID());
                String bystander = nodeA.connections().create(ADMIN, third, "Key", AuthenticationType.ACCESS_KEY)
                        .secret().reveal();
                assertThat(grantedOn(nodeB, secret)).isTrue();
                assertThat(grantedOn(nodeB, bystander)).isTrue();

                log.writeLock().lock();
                try {
                    try (Connection jdbc = database.getConnection(); Statement restore = jdbc.createStatement()) {
                        restore.executeUpdate("DELETE FROM keyward_revocation WHERE sequence > 0");
                        restore.executeUpdate("UPDATE keyward_revocation_sequence SET last_sequence = 0 WHERE id = 0");
                    }
                    for (int i = 0; i < 3; i++) {
                        nodeA.connections().regenerate(ADMIN, other, key.connection().id());
                    }
                } finally {
                    log.writeLock().unlock();
                }

                RevocationLatency latency = new RevocationLatency();
                latency.await(System.nanoTime(), () -> !grantedOn(nodeB, secret), 10_000);
                assertThat(latency.percentileMillis(100)).isLessThanOrEqualTo(poll.toMillis() + SLACK_MILLIS);

                // Re-read once after the notice, then trusted again over later reads of the log.
                assertThat(grantedOn(nodeB, bystander)).isTrue();
                int reads = counting.reads();
                int logReads = counting.logReads();
                assertThat(RevocationLatency.firstHeld(() -> counting.logReads() >= logReads + 3,
                        System.nanoTime() + Duration.ofSeconds(10).toNanos())).as("three more reads of the log")
                        .isPresent();
                assertThat(grantedOn(nodeB, bystander)).isTrue();
                assertThat(counting.reads()).as("no re-read: the notice was not repeated").isEqualTo(reads);
            }
        }
    }

    private static boolean grantedOn(Keyward node, String secret) {
        return node.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted();
    }
}
