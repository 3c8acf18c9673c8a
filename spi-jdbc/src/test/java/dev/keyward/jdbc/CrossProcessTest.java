package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.ErrorCode;
import dev.keyward.Keyward;
import dev.keyward.KeywardException;
import dev.keyward.OrganizationId;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Four application nodes, each with its own data source and its own Keyward, share one
 * PostgreSQL database: the rules hold across them because the row lock lives in the database.
 */
@DisplayName("four nodes on one PostgreSQL database")
class CrossProcessTest {

    private static final int NODES = 4;
    private static DataSource database;
    private static List<Keyward> nodes;

    private OrganizationId org;

    @BeforeAll
    static void startNodes() {
        database = Databases.postgres("cross_process");
        JdbcStore.create(database).migrate();
        MutableClock clock = MutableClock.startingNow();
        nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            DataSource own = i == 0 ? database : EmbeddedPostgresServer.anotherDataSource(database);
            nodes.add(Fixtures.keyward(JdbcStore.create(own), clock).build());
        }
    }

    @BeforeEach
    void newOrganization() {
        org = OrganizationId.of("org-" + UUID.randomUUID());
    }

    @Test
    @DisplayName("60 concurrent M2M OAuth creations leave exactly 15 rows")
    void sixtyConcurrentOauthCreationsLeaveFifteen() throws Exception {
        List<String> outcomes = onAllNodesAtOnce(60, i -> () -> nodes.get(i % NODES).connections()
                .create(SUPER, org, "client " + i, AuthenticationType.OAUTH));

        assertThat(rows(org)).isEqualTo(15);
        assertThat(outcomes).filteredOn("created"::equals).hasSize(15);
        assertThat(outcomes).filteredOn(ErrorCode.OAUTH_LIMIT_REACHED.name()::equals).hasSize(45);
    }

    @Test
    @DisplayName("10 concurrent Access Key creations leave exactly 1")
    void tenConcurrentAccessKeysLeaveOne() throws Exception {
        List<String> outcomes = onAllNodesAtOnce(10, i -> () -> nodes.get(i % NODES).connections()
                .create(SUPER, org, "key " + i, AuthenticationType.ACCESS_KEY));

        assertThat(rows(org)).isEqualTo(1);
        assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(ErrorCode.ACCESS_KEY_EXISTS.name()::equals).hasSize(9);
    }

    @Test
    @DisplayName("10 concurrent creations of one name leave exactly 1")
    void tenConcurrentCreationsOfOneNameLeaveOne() throws Exception {
        List<String> outcomes = onAllNodesAtOnce(10, i -> () -> nodes.get(i % NODES).connections()
                .create(SUPER, org, i % 2 == 0 ? "Shared name" : "SHARED NAME", AuthenticationType.OAUTH));

        assertThat(rows(org)).isEqualTo(1);
        assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(ErrorCode.NAME_TAKEN.name()::equals).hasSize(9);
    }

    /** Runs {@code calls} calls at once, call i on node i mod 4; returns "created" or the refusal code of each. */
    private static List<String> onAllNodesAtOnce(int calls, IntFunction<Runnable> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                Runnable task = call.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        task.run();
                        return "created";
                    } catch (KeywardException e) {
                        return e.code().name();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> future : futures) {
                outcomes.add(future.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int rows(OrganizationId org) throws SQLException {
        try (Connection jdbc = database.getConnection();
                PreparedStatement count = jdbc.prepareStatement(
                        "SELECT COUNT(*) FROM keyward_connection WHERE organization_id = ?")) {
            count.setString(1, org.value());
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
