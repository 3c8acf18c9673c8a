package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RevocationStatus;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.Requests;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A node started while its PostgreSQL database cannot be reached (it restarts, or starts after the
 * application): the node polls the revocation log meanwhile, and listens as soon as the database is
 * back, so push is not lost for the life of the process.
 */
@Isolated("times the push once the database is back: other test classes running at once would load the machine")
class LateDatabaseTest {

    private static final long UNTIL_PUSH_MILLIS = 10_000;
    private static final long DENIAL_TIMEOUT_MILLIS = 5_000;

    private final AtomicBoolean down = new AtomicBoolean(true);
    private HikariDataSource poolOfA;
    private HikariDataSource poolOfB;
    private Keyward nodeA;
    private Keyward nodeB;

    @AfterEach
    void stopNodes() throws Exception {
        Databases.closeAll(nodeB, nodeA, poolOfA, poolOfB);
    }

    @Test
    @DisplayName("a node started while the database cannot be reached polls, then listens once it can")
    void nodeStartedWhileTheDatabaseIsDownListensOnceItIsBack() {
        DataSource database = Databases.postgres("late");
        poolOfA = Databases.pool(EmbeddedPostgresServer.anotherDataSource(database));
        nodeA = Keyward.builder().store(Databases.migrated(poolOfA)).argon2(Fixtures.CHEAP_ARGON2).build();
        DataSource direct = EmbeddedPostgresServer.anotherDataSource(database);

        // B's pool starts while the database is down, as a host's pool may, and waits a second for a connection.
        HikariConfig config = new HikariConfig();
        config.setDataSource(unlessDown(database));
        config.setMaximumPoolSize(4);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(1_000);
        poolOfB = new HikariDataSource(config);
        nodeB = Keyward.builder()
                .store(JdbcStore.builder(poolOfB).pushConnections(unlessDown(direct)).build())
                .argon2(Fixtures.CHEAP_ARGON2).build();
        // The log unread: what B remembers is re-read at the poll interval until it reads the log.
        assertThat(nodeB.revocationStatus().delivery()).as("started while the database was down")
                .isEqualTo(RevocationStatus.Delivery.RE_READ);

        down.set(false);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UNTIL_PUSH_MILLIS);
        while (nodeB.revocationStatus().delivery() != RevocationStatus.Delivery.PUSH && System.nanoTime() < deadline) {
            Thread.yield();
        }
        assertThat(nodeB.revocationStatus().delivery()).as("once the database is back")
                .isEqualTo(RevocationStatus.Delivery.PUSH);

        RevocationLatency latency = new RevocationLatency();
        for (int i = 0; i < 5; i++) {
            OrganizationId org = OrganizationId.of("late-" + i);
            IssuedCredentials key = nodeA.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
            String secret = key.secret().reveal();
            assertThat(granted(secret)).isTrue();
            nodeA.connections().regenerate(ADMIN, org, key.connection().id());
            long start = System.nanoTime();
            latency.record(RevocationLatency.firstHeld(() -> !granted(secret),
                    start + TimeUnit.MILLISECONDS.toNanos(DENIAL_TIMEOUT_MILLIS))
                    .orElseThrow(() -> new AssertionError("not denied on B")) - start);
        }
        System.out.println(latency.summary("started while the database was down, once it is back"));
        // Polling would put the median near half the poll interval (500 ms); push puts it at milliseconds.
        assertThat(latency.percentileMillis(50)).isLessThanOrEqualTo(50);
    }

    private boolean granted(String accessKey) {
        return nodeB.authenticator().authenticate(Requests.accessKey(accessKey), ApiFamily.REST).granted();
    }

    /** The data source, whose connections are refused while {@link #down} holds, as a database that is not up. */
    private DataSource unlessDown(DataSource database) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        throw new SQLTransientConnectionException("the database is not up", "08001");
                    }
                    try {
                        return method.invoke(database, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
