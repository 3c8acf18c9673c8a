package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.AuthenticationType;
import dev.keyward.ErrorCode;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.KeywardException;
import dev.keyward.OrganizationId;
import dev.keyward.spi.StoreException;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A statement that waits — behind a lock another transaction holds, on a table locked by a schema change —
 * ends at the store's statement timeout with a store failure, and nothing of it is kept; without the bound
 * it would keep the request's thread for as long as the lock is held.
 */
class StatementTimeoutTest {

    /** How long the tests wait at most for a call that must end at the one-second timeout. */
    private static final Duration GUARD = Duration.ofSeconds(20);
    /** A call bounded by a one-second timeout ends well within this; H2's lock timeout here is 30 s. */
    private static final long ENDED_WITHIN_MILLIS = 5_000;

    /** Every node a test made, closed after it: none keeps reading the log through the rest of the run. */
    private final List<Keyward> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(Keyward::close);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a regenerate waiting for its organization's lock ends at the timeout; nothing changes; then it runs")
    void regenerateBehindAHeldLockEndsAtTheTimeout(Database database) throws SQLException {
        DataSource dataSource = database.fresh("timeout_lock");
        JdbcStore store = JdbcStore.builder(dataSource).statementTimeout(Duration.ofSeconds(1)).build();
        store.migrate();
        Keyward keyward = node(store, MutableClock.startingNow());
        OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
        IssuedCredentials key = keyward.connections().create(SUPER, org, "Key", AuthenticationType.ACCESS_KEY);
        String secret = key.secret().reveal();
        List<String> before = Databases.dump(dataSource);

        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            lockOrganization(other, org);

            long start = System.nanoTime();
            KeywardException failure = assertTimeoutPreemptively(GUARD, () -> catchFailure(
                    () -> keyward.connections().regenerate(SUPER, org, key.connection().id(), Duration.ZERO)));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms until the refusal")
                    .isLessThan(ENDED_WITHIN_MILLIS);
            assertThat(failure).isInstanceOf(StoreException.class);
            assertThat(failure.code()).isEqualTo(ErrorCode.STORE_FAILURE);
            assertThat(failure.getMessage()).startsWith("could not lock organization " + org)
                    .contains("statement timeout").doesNotContain(secret)
                    // PostgreSQL cancels the statement; H2 ends the wait for the lock.
                    .endsWith(database == Database.POSTGRESQL ? "(SQLState 57014)" : "(SQLState HYT00)");
            other.rollback();
        }

        assertThat(Databases.dump(dataSource)).isEqualTo(before);
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted())
                .isTrue();
        IssuedCredentials regenerated = keyward.connections().regenerate(SUPER, org, key.connection().id(),
                Duration.ZERO);
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(regenerated.secret().reveal()),
                ApiFamily.REST).granted()).isTrue();
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted())
                .isFalse();
    }

    @Test
    @DisplayName("a key's first check behind a table another transaction locked answers 503 at the timeout, then 200")
    void coldCheckBehindALockedTableIsUnavailableAtTheTimeout() throws SQLException {
        DataSource dataSource = Database.POSTGRESQL.fresh("timeout_read");
        JdbcStore store = JdbcStore.builder(dataSource).statementTimeout(Duration.ofSeconds(1)).build();
        store.migrate();
        MutableClock clock = MutableClock.startingNow();
        OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
        String secret = node(store, clock).connections().create(SUPER, org, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        // A node that has not seen the key yet: its first check reads the store.
        Keyward node = node(store, clock);

        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement lock = other.createStatement()) {
                // What a schema change in a long transaction holds: every read of the table waits for it.
                lock.execute("LOCK TABLE keyward_connection IN ACCESS EXCLUSIVE MODE");
            }
            long start = System.nanoTime();
            AuthenticationResult result = assertTimeoutPreemptively(GUARD,
                    () -> node.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms until the answer")
                    .isLessThan(ENDED_WITHIN_MILLIS);
            assertThat(result.granted()).isFalse();
            assertThat(((AuthenticationResult.Denied) result).httpStatus()).isEqualTo(503);
            other.rollback();
        }

        assertThat(node.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted()).isTrue();
    }

    @Test
    @DisplayName("on PostgreSQL every statement run while serving carries the timeout: 10 seconds unless set")
    void everyStatementCarriesTheTimeout() {
        List<Integer> timeouts = new CopyOnWriteArrayList<>();
        DataSource recording = migratedRecording(Database.POSTGRESQL, timeouts);
        MutableClock clock = MutableClock.startingNow();
        Keyward keyward = node(JdbcStore.create(recording), clock);
        OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());

        IssuedCredentials key = keyward.connections().create(SUPER, org, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials regenerated = keyward.connections().regenerate(SUPER, org, key.connection().id(),
                Duration.ZERO);
        Keyward node = node(JdbcStore.create(recording), clock);
        assertThat(node.authenticator().authenticate(Requests.accessKey(regenerated.secret().reveal()),
                ApiFamily.REST).granted()).isTrue();
        keyward.connections().delete(SUPER, org, key.connection().id());

        // A create alone runs five statements (see FaultInjectionTest).
        assertThat(timeouts).hasSizeGreaterThan(10).containsOnly(10);
    }

    /**
     * H2 sets a query timeout on the whole session, where it would stay after the connection went back to the
     * host's pool and bound the host's own statements: the store sets none there, and its organization lock
     * asks for a wait of its own instead (see the first test).
     */
    @Test
    @DisplayName("on H2 no statement is given a query timeout, which would stay on the host's pooled session")
    void onH2NoStatementIsGivenAQueryTimeout() {
        List<Integer> timeouts = new CopyOnWriteArrayList<>();
        Keyward keyward = node(JdbcStore.create(migratedRecording(Database.H2_MEMORY, timeouts)),
                MutableClock.startingNow());
        OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());

        IssuedCredentials key = keyward.connections().create(SUPER, org, "Key", AuthenticationType.ACCESS_KEY);
        keyward.connections().regenerate(SUPER, org, key.connection().id(), Duration.ZERO);

        assertThat(timeouts).hasSizeGreaterThan(5).containsOnly(0);
    }

    @Test
    @DisplayName("a lock statement says how long it waits on H2 2.2.220 and later only: earlier ones refuse the clause")
    void lockWaitClauseOnlyWhereH2KnowsIt() {
        assertThat(Dialect.h2WaitsForLocks("2.5.252 (2025-08-20)")).isTrue();
        assertThat(Dialect.h2WaitsForLocks("2.2.220 (2023-07-04)")).isTrue();
        assertThat(Dialect.h2WaitsForLocks("2.3.232 (2024-08-11)")).isTrue();
        assertThat(Dialect.h2WaitsForLocks("3.0.1")).isTrue();
        assertThat(Dialect.h2WaitsForLocks("2.2.218 (2023-06-01)")).isFalse();
        assertThat(Dialect.h2WaitsForLocks("2.1.214 (2022-06-13)")).isFalse();
        assertThat(Dialect.h2WaitsForLocks("2.0.206")).isFalse();
        assertThat(Dialect.h2WaitsForLocks("unknown")).isFalse();
        assertThat(Dialect.h2WaitsForLocks(null)).isFalse();
        assertThat(Dialect.H2.lockOrganization(10)).endsWith(" FOR UPDATE WAIT 10");
        assertThat(Dialect.H2.lockOrganization(0)).endsWith(" FOR UPDATE");
        assertThat(Dialect.POSTGRESQL.lockOrganization(10)).endsWith(" FOR UPDATE");
    }

    @Test
    @DisplayName("a timeout of no whole seconds, below zero or over an hour is refused in words; zero is no bound")
    void timeoutsOutsideTheRangeAreRefused() {
        JdbcStore.Builder builder = JdbcStore.builder(Database.H2_MEMORY.fresh("timeout_refused"));
        assertThatThrownBy(() -> builder.statementTimeout(Duration.ofMillis(1_500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> builder.statementTimeout(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> builder.statementTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0");
        assertThatThrownBy(() -> builder.statementTimeout(Duration.ofHours(1).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 hour");
        assertThatThrownBy(() -> builder.statementTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("statementTimeout");
        assertThat(builder.statementTimeout(Duration.ofHours(1)).statementTimeout(Duration.ZERO).build()).isNotNull();
    }

    @Test
    @DisplayName("with no bound set, a statement is given none")
    void zeroSetsNoTimeout() {
        List<Integer> timeouts = new CopyOnWriteArrayList<>();
        Keyward keyward = node(JdbcStore.builder(migratedRecording(Database.POSTGRESQL, timeouts))
                .statementTimeout(Duration.ZERO).build(), MutableClock.startingNow());

        keyward.connections().create(SUPER, OrganizationId.of("org-" + UUID.randomUUID()), "Key",
                AuthenticationType.ACCESS_KEY);

        assertThat(timeouts).hasSizeGreaterThan(3).containsOnly(0);
    }

    private static void lockOrganization(Connection other, OrganizationId org) throws SQLException {
        try (PreparedStatement lock = other.prepareStatement(Sql.LOCK_ORGANIZATION)) {
            lock.setString(1, org.value());
            assertThat(lock.executeQuery().next()).as("the organization's row, locked").isTrue();
        }
    }

    /** A Keyward instance over {@code store} that reads the revocation log only once a minute; closed after the test. */
    private Keyward node(JdbcStore store, MutableClock clock) {
        Keyward node = Fixtures.keyward(store, clock).revocationPollInterval(Duration.ofMinutes(1)).build();
        nodes.add(node);
        return node;
    }

    /** A fresh, migrated database of this kind, whose statements note their query timeouts in {@code timeouts}. */
    private static DataSource migratedRecording(Database database, List<Integer> timeouts) {
        DataSource dataSource = database.fresh("timeouts");
        JdbcStore.create(dataSource).migrate();
        return recordingTimeouts(dataSource, timeouts);
    }

    private static KeywardException catchFailure(Runnable call) {
        try {
            call.run();
        } catch (KeywardException e) {
            return e;
        }
        throw new AssertionError("the call succeeded while the lock was held");
    }

    /**
     * {@code dataSource}, noting each prepared statement's query timeout as it executes: the last one set on that
     * statement, 0 for none. (Statements made by {@code createStatement}, the store's {@code SET TRANSACTION}
     * alone, are not noted.)
     */
    private static DataSource recordingTimeouts(DataSource dataSource, List<Integer> timeouts) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = Databases.invoke(dataSource, method, args);
                    return result instanceof Connection connection ? recording(connection, timeouts) : result;
                });
    }

    private static Connection recording(Connection connection, List<Integer> timeouts) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = Databases.invoke(connection, method, args);
                    if (result instanceof PreparedStatement statement) {
                        return recording(statement, timeouts);
                    }
                    return result;
                });
    }

    private static PreparedStatement recording(PreparedStatement statement, List<Integer> timeouts) {
        int[] set = {0};
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setQueryTimeout")) {
                        set[0] = (Integer) args[0];
                    } else if (method.getName().startsWith("execute")) {
                        timeouts.add(set[0]);
                    }
                    return Databases.invoke(statement, method, args);
                });
    }
}
