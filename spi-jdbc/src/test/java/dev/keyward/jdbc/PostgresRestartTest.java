package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RevocationStatus;
import dev.keyward.jdbc.ListeningNode.Kind;
import dev.keyward.jdbc.ListeningNode.Report;
import dev.keyward.spi.StoreException;
import dev.keyward.testing.Fixtures;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * PostgreSQL itself stopped and started again under two nodes, as a restart or a failover does: while it
 * is down, node B keeps verifying what it remembers and answers 503 for what it would have to read; once
 * it is back, the next revocation on node A reaches B within the poll bound, B listens again, revocations
 * arrive by push once more, and B has applied every record of the log and no other. The server is one of
 * this test's own, on a data directory that outlives it, so stopping it disturbs no other test.
 */
@Isolated("stops a PostgreSQL server and times what follows: other test classes running at once would load the machine")
class PostgresRestartTest {

    private static final String DATABASE = "restart";
    private static final long PUSH_BOUND_MILLIS = 50;
    /** The bound while push is lost is the poll interval (1 s); the rest is room for a loaded CI machine. */
    private static final long POLLING_TIMEOUT_MILLIS = 3_000;
    /** The listener notices a dead connection at once, or within about a second of quiet; then it backs off up to 2 s. */
    private static final long RECONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int RESUMED_TRIALS = 5;

    @TempDir
    Path dataDirectory;

    private EmbeddedPostgres server;
    private HikariDataSource poolOfA;
    private Keyward nodeA;
    private ListeningNode nodeB;

    @AfterEach
    void stopEverything() throws Exception {
        Databases.closeAll(nodeB, nodeA, poolOfA, server);
    }

    @Test
    @DisplayName("PostgreSQL restarted: remembered keys keep verifying, reads answer 503, then revocations arrive again, none missed")
    void revocationsSurviveARestartOfPostgres() throws Exception {
        server = start(0);
        int port = server.getPort();
        try (Connection admin = server.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        DataSource database = server.getDatabase("postgres", DATABASE);
        poolOfA = Databases.pool(database);
        JdbcStore storeOfA = Databases.migrated(poolOfA);
        nodeA = Keyward.builder().store(storeOfA).argon2(Fixtures.CHEAP_ARGON2).build();
        // B's pool gives up on a connection after a second, so a read while PostgreSQL is down answers 503 soon.
        nodeB = new ListeningNode(Databases.pool(database, Duration.ofSeconds(1)), database);

        OrganizationId org = OrganizationId.of("remembered");
        IssuedCredentials remembered = nodeA.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials unread = nodeA.connections().create(ADMIN, OrganizationId.of("unread"), "Key",
                AuthenticationType.ACCESS_KEY);
        String rememberedKey = remembered.secret().reveal();
        long logBefore = storeOfA.latestRevocation();
        Report before = nodeB.report(logBefore);
        assertThat(before.delivery()).isEqualTo(RevocationStatus.Delivery.PUSH);
        assertThat(nodeB.grants(Kind.ACCESS_KEY, rememberedKey)).as("verified on B before the restart").isTrue();

        server.close();
        assertThat(nodeB.untilDelivery(RevocationStatus.Delivery.POLL, RECONNECT_TIMEOUT_MILLIS))
                .as("B noticed its listening connection died").isTrue();
        assertThat(nodeB.grants(Kind.ACCESS_KEY, rememberedKey)).as("a remembered key while PostgreSQL is down")
                .isTrue();
        assertThat(nodeB.accessKeyStatus(unread.secret().reveal()))
                .as("a key B would have to read while PostgreSQL is down").isEqualTo(503);

        server = start(port);
        awaitAnswers(storeOfA);
        RevocationLatency whileAway = new RevocationLatency();
        whileAway.record(nodeB.denialAfter(Kind.ACCESS_KEY, rememberedKey,
                () -> nodeA.connections().regenerate(ADMIN, org, remembered.connection().id()), POLLING_TIMEOUT_MILLIS));
        assertThat(nodeB.untilDelivery(RevocationStatus.Delivery.PUSH, RECONNECT_TIMEOUT_MILLIS))
                .as("B listens again").isTrue();

        RevocationLatency resumed = new RevocationLatency();
        for (int i = 0; i < RESUMED_TRIALS; i++) {
            OrganizationId trial = OrganizationId.of("trial-" + i);
            IssuedCredentials key = nodeA.connections().create(ADMIN, trial, "Key", AuthenticationType.ACCESS_KEY);
            resumed.record(nodeB.denialAfter(Kind.ACCESS_KEY, key.secret().reveal(),
                    () -> nodeA.connections().regenerate(ADMIN, trial, key.connection().id()), POLLING_TIMEOUT_MILLIS));
        }
        System.out.println(whileAway.summary("PostgreSQL restarted, the first revocation"));
        System.out.println(resumed.summary("PostgreSQL restarted, once B listens again"));
        // Polling would put the median near half the poll interval (500 ms); push puts it at milliseconds.
        assertThat(resumed.percentileMillis(50)).isLessThanOrEqualTo(PUSH_BOUND_MILLIS);

        long latest = storeOfA.latestRevocation();
        assertThat(storeOfA.revocationsAfter(logBefore, RESUMED_TRIALS + 2))
                .as("the log: the regeneration after the restart, then one per trial")
                .hasSize(1 + RESUMED_TRIALS).allMatch(r -> r.tokenLookupId() == null);
        Report after = nodeB.report(latest);
        assertThat(after.position()).as("B's position").isEqualTo(latest);
        assertThat(after.applied() - before.applied()).as("records B applied").isEqualTo(1 + RESUMED_TRIALS);
        assertThat(after.connectionRecords() - before.connectionRecords()).isEqualTo(1 + RESUMED_TRIALS);
        assertThat(after.tokenRecords()).isEqualTo(before.tokenRecords());
    }

    /**
     * Reads through A's pool until a read succeeds: each connection the pool held when the server stopped
     * fails its next use once (SQLState 57P01) and is dropped, as a host's first calls after a restart meet.
     */
    private static void awaitAnswers(JdbcStore store) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_TIMEOUT_MILLIS);
        for (int failures = 0;; failures++) {
            try {
                store.latestRevocation();
                return;
            } catch (StoreException e) {
                assertThat(System.nanoTime()).as("A's store answers again; failures so far: " + failures)
                        .isLessThan(deadline);
            }
        }
    }

    /** Starts the server on the data directory, initialising it the first time; on any free port when 0. */
    private EmbeddedPostgres start(int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }
}
