package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RevocationStatus;
import dev.keyward.jdbc.ListeningNode.Kind;
import dev.keyward.jdbc.ListeningNode.Report;
import dev.keyward.spi.Revocation;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.Verification;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Two nodes on one embedded PostgreSQL database, each with a pool of its own: node A, in the test's
 * JVM, revokes; node B ({@link ListeningNode}) listens for revocations on a connection of its own.
 * Subclasses say where B runs. A revocation on A is enforced on B within 50 ms at the 99th
 * percentile of 100 trials each of regenerate, token revocation and delete, counted from the moment
 * A's call returns; a killed listening connection leaves B polling until it reconnects; and B
 * applies every record of the log, each of the kind A wrote, and no other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Isolated("times the push: other test classes running at once would load the machine it times")
abstract class PushRevocationContract {

    private static final int TRIALS = 100;
    private static final double P99_BOUND_MILLIS = 50;
    private static final int RESUMED_TRIALS = 10;
    private static final long DENIAL_TIMEOUT_MILLIS = 5_000;
    /** The bound while push is lost is the poll interval (1 s); the rest is room for a loaded CI machine. */
    private static final long POLLING_TIMEOUT_MILLIS = 3_000;
    private static final long RECONNECT_TIMEOUT_MILLIS = 10_000;

    /** Node B, as node A's side of the test sees it. */
    interface OtherNode extends AutoCloseable {

        /**
         * Checks that B grants the credential, runs {@code revoke} on A, and returns the nanoseconds from
         * the moment {@code revoke} returned until B first denied the credential.
         */
        long denialAfter(Kind kind, String credential, Runnable revoke, long timeoutMillis);

        /** The nanoseconds from now until revocations reach B by push. */
        long untilPush(long timeoutMillis);

        /** What B has applied, once it has applied the log up to {@code position}. */
        Report report(long position);
    }

    private DataSource database;
    private HikariDataSource poolOfA;
    private JdbcStore storeOfA;
    private Keyward nodeA;
    private OtherNode nodeB;

    /** Starts node B on the database of {@code database}. */
    abstract OtherNode startNodeB(DataSource database) throws Exception;

    /** Where B runs, for the printed figures. */
    abstract String whereBRuns();

    @BeforeAll
    void startNodes() throws Exception {
        database = Databases.postgres("push");
        poolOfA = Databases.pool(EmbeddedPostgresServer.anotherDataSource(database));
        storeOfA = Databases.migrated(poolOfA);
        nodeA = Keyward.builder().store(storeOfA).argon2(Fixtures.CHEAP_ARGON2).build();
        nodeB = startNodeB(database);
    }

    @AfterAll
    void stopNodes() throws Exception {
        nodeA.close();
        nodeB.close();
        poolOfA.close();
    }

    @Test
    @DisplayName("regenerate, delete and token revocation on A are enforced on B within 50 ms at p99, none missed")
    void revocationsReachTheOtherNodeWithinFiftyMilliseconds() {
        long logBefore = storeOfA.latestRevocation();
        Report before = nodeB.report(logBefore);
        assertThat(before.delivery()).isEqualTo(RevocationStatus.Delivery.PUSH);

        Trials trials = new Trials(new ArrayList<>());
        for (int i = 0; i < TRIALS; i++) {
            trials.run();
        }

        trials.print("push");
        assertThat(trials.regenerate.percentileMillis(99)).isLessThanOrEqualTo(P99_BOUND_MILLIS);
        assertThat(trials.token.percentileMillis(99)).isLessThanOrEqualTo(P99_BOUND_MILLIS);
        assertThat(trials.delete.percentileMillis(99)).isLessThanOrEqualTo(P99_BOUND_MILLIS);
        assertNoneMissed(logBefore, before, trials.revoked);
    }

    @Test
    @DisplayName("B's listening connection killed: the next revocation still arrives by polling, push resumes, none missed")
    void killedListenerFallsBackToPollingAndReconnects() throws SQLException {
        long logBefore = storeOfA.latestRevocation();
        Report before = nodeB.report(logBefore);
        assertThat(before.delivery()).isEqualTo(RevocationStatus.Delivery.PUSH);
        List<String> revoked = new ArrayList<>();
        OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
        IssuedCredentials key = nodeA.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);

        assertThat(terminateListeners()).isEqualTo(1);
        RevocationLatency whileAway = new RevocationLatency();
        whileAway.record(nodeB.denialAfter(Kind.ACCESS_KEY, key.secret().reveal(),
                () -> nodeA.connections().regenerate(ADMIN, org, key.connection().id()), POLLING_TIMEOUT_MILLIS));
        revoked.add(logged(key.connection().id(), false));

        RevocationLatency resumed = new RevocationLatency();
        resumed.record(nodeB.untilPush(RECONNECT_TIMEOUT_MILLIS));
        Trials afterReconnect = new Trials(revoked);
        for (int i = 0; i < RESUMED_TRIALS; i++) {
            afterReconnect.run();
        }

        System.out.println(whileAway.summary(whereBRuns() + ", listener killed, revocation while away"));
        System.out.println(resumed.summary(whereBRuns() + ", listener killed, until push resumed"));
        afterReconnect.print("after reconnect");
        // Polling would put the median near half the poll interval (500 ms); push puts it at milliseconds.
        assertThat(afterReconnect.regenerate.percentileMillis(50)).isLessThanOrEqualTo(P99_BOUND_MILLIS);
        assertThat(afterReconnect.token.percentileMillis(50)).isLessThanOrEqualTo(P99_BOUND_MILLIS);
        assertThat(afterReconnect.delete.percentileMillis(50)).isLessThanOrEqualTo(P99_BOUND_MILLIS);
        assertNoneMissed(logBefore, before, revoked);
    }

    /**
     * The log after {@code logBefore} holds exactly the records of {@code revoked}, in that order; B's
     * position is the log's end, and since {@code before} it applied each of those records, of the same
     * kinds, and no other.
     */
    private void assertNoneMissed(long logBefore, Report before, List<String> revoked) {
        long latest = storeOfA.latestRevocation();
        List<Revocation> log = storeOfA.revocationsAfter(logBefore, revoked.size() + 1);
        assertThat(log).extracting(r -> logged(r.connectionId(), r.tokenLookupId() != null))
                .containsExactlyElementsOf(revoked);
        assertThat(latest).isEqualTo(logBefore + revoked.size());
        long tokenRecords = log.stream().filter(r -> r.tokenLookupId() != null).count();

        Report after = nodeB.report(latest);
        assertThat(after.position()).as("B's position").isEqualTo(latest);
        assertThat(after.applied() - before.applied()).as("records B applied").isEqualTo(revoked.size());
        assertThat(after.tokenRecords() - before.tokenRecords()).as("token records B applied")
                .isEqualTo(tokenRecords);
        assertThat(after.connectionRecords() - before.connectionRecords()).as("connection records B applied")
                .isEqualTo(revoked.size() - tokenRecords);
    }

    private static String logged(ConnectionId connection, boolean token) {
        return connection + (token ? " token" : " connection");
    }

    private int terminateListeners() throws SQLException {
        try (Connection jdbc = database.getConnection(); Statement statement = jdbc.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'keyward-revocations' AND datname = current_database()")) {
            int terminated = 0;
            while (rows.next()) {
                terminated += rows.getBoolean(1) ? 1 : 0;
            }
            return terminated;
        }
    }

    /** Revocations on A timed until B denies, by kind; what each wrote to the log goes to {@code revoked}. */
    private final class Trials {

        final RevocationLatency regenerate = new RevocationLatency();
        final RevocationLatency token = new RevocationLatency();
        final RevocationLatency delete = new RevocationLatency();
        final List<String> revoked;

        Trials(List<String> revoked) {
            this.revoked = revoked;
        }

        /** In a new organization: regenerates an access key, revokes a bearer token, deletes an OAuth client. */
        void run() {
            OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
            IssuedCredentials key = nodeA.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
            IssuedCredentials client = nodeA.connections().create(SUPER, org, "Client", AuthenticationType.OAUTH);
            Verification onA = new Verification(nodeA);
            String clientId = client.connection().clientId();

            regenerate.record(nodeB.denialAfter(Kind.ACCESS_KEY, key.secret().reveal(),
                    () -> nodeA.connections().regenerate(ADMIN, org, key.connection().id()), DENIAL_TIMEOUT_MILLIS));
            revoked.add(logged(key.connection().id(), false));

            String bearer = onA.token(clientId, client.secret().reveal());
            token.record(nodeB.denialAfter(Kind.BEARER_TOKEN, bearer,
                    () -> assertThat(nodeA.revokeToken(bearer)).isTrue(), DENIAL_TIMEOUT_MILLIS));
            revoked.add(logged(client.connection().id(), true));

            String fresh = onA.token(clientId, client.secret().reveal());
            delete.record(nodeB.denialAfter(Kind.BEARER_TOKEN, fresh,
                    () -> nodeA.connections().delete(SUPER, org, client.connection().id()), DENIAL_TIMEOUT_MILLIS));
            revoked.add(logged(client.connection().id(), false));
        }

        void print(String when) {
            System.out.println(regenerate.summary(whereBRuns() + ", " + when + ", regenerate"));
            System.out.println(token.summary(whereBRuns() + ", " + when + ", token revocation"));
            System.out.println(delete.summary(whereBRuns() + ", " + when + ", delete"));
        }
    }
}
