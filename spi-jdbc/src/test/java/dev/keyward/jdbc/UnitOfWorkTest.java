package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.testing.StoredRows;
import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.ErrorCode;
import dev.keyward.KeywardException;
import dev.keyward.OrganizationId;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnitOfWorkTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("work that swallows a failed statement and returns is not committed: a store failure instead")
    void swallowedFailureIsNotCommitted(Database database) {
        JdbcStore store = Databases.migrated(database.fresh("unit_of_work"));
        OrganizationId org = OrganizationId.of("acme");
        insert(store, row(org, "taken"));

        assertThatThrownBy(() -> store.inOrganization(org, tx -> {
            tx.insert(row(org, "kept?"));
            try {
                tx.insert(row(org, "TAKEN"));
            } catch (StoreConflictException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
            }
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("one of its statements failed");

        assertThat(store.listConnections(org)).extracting(c -> c.connection().name()).containsExactly("taken");
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("the transaction view is dead once its unit of work is over")
    void viewIsDeadAfterTheUnitOfWork(Database database) {
        JdbcStore store = Databases.migrated(database.fresh("unit_of_work"));
        AtomicReference<OrganizationTransaction> leaked = new AtomicReference<>();
        store.inOrganization(OrganizationId.of("acme"), tx -> {
            leaked.set(tx);
            return null;
        });

        assertThatThrownBy(() -> leaked.get().connections()).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a pooled connection comes back as it was lent: auto-commit and isolation level restored")
    void connectionIsHandedBackAsItCame(Database database) throws Exception {
        DataSource real = database.fresh("unit_of_work");
        Databases.migrated(real);
        try (Connection pooled = Databases.lentStrictly(real.getConnection())) {
            JdbcStore store = JdbcStore.create(Databases.lending(pooled));
            OrganizationId org = OrganizationId.of("acme");

            insert(store, row(org, "first"));
            assertThatThrownBy(() -> insert(store, row(org, "FIRST"))).isInstanceOf(KeywardException.class);

            assertThat(pooled.getAutoCommit()).isFalse();
            assertThat(pooled.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(JdbcStore.create(real).listConnections(org)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("once an organization has its row, a unit of work takes its lock in one statement")
    void lockIsOneStatementOnceTheOrganizationExists(Database database) {
        DataSource clean = database.fresh("unit_of_work");
        Databases.migrated(clean);
        FaultyDataSource counting = new FaultyDataSource(clean);
        JdbcStore store = JdbcStore.create(counting.dataSource());
        OrganizationId org = OrganizationId.of("acme");
        // The database is detected, and checked, once: at the store's first use.
        store.listConnections(org);

        counting.arm(Integer.MAX_VALUE, FaultyDataSource.Fault.FAIL);
        insert(store, row(org, "first"));
        int first = counting.steps();
        counting.arm(Integer.MAX_VALUE, FaultyDataSource.Fault.FAIL);
        store.inOrganization(org, tx -> null);

        // On PostgreSQL the transaction's level is set in the same round trip as the lock (see ReadCommitted).
        assertThat(counting.steps()).as("the lock and the commit").isEqualTo(2);
        assertThat(first).as("the first: the lock tried, the row inserted and locked, the insert, the commit")
                .isEqualTo(5);
        assertThat(JdbcStore.create(clean).listConnections(org)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("units of work that meet a new organization at once all run, one at a time, on the row one of them made")
    void firstUnitsOfWorkOfANewOrganizationAtOnceAllRun(Database database) throws Exception {
        JdbcStore store = Databases.migrated(database.fresh("unit_of_work"));
        OrganizationId org = OrganizationId.of("new-" + UUID.randomUUID());
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String name = "writer " + i;
                done.add(pool.submit(() -> {
                    start.await();
                    insert(store, row(org, name));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.listConnections(org)).hasSize(writers);
    }

    @Test
    @DisplayName("on PostgreSQL a unit of work runs at READ COMMITTED when the session's level is stricter and cannot be"
            + " changed, as behind a pooler in transaction mode: it sees a connection the previous lock holder added")
    void readCommittedWhateverTheSessionSays() throws Exception {
        DataSource real = Database.POSTGRESQL.fresh("unit_of_work");
        Databases.migrated(real);
        OrganizationId org = OrganizationId.of("acme");
        try (Connection first = real.getConnection(); Connection second = real.getConnection()) {
            for (Connection session : List.of(first, second)) {
                try (java.sql.Statement statement = session.createStatement()) {
                    statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
            }
            JdbcStore holder = JdbcStore.create(Databases.lending(levelKept(first)));
            JdbcStore waiter = JdbcStore.create(Databases.lending(levelKept(second)));
            insert(holder, row(org, "existing"));
            CountDownLatch inserted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> holding = pool.submit(() -> holder.inOrganization(org, tx -> {
                    tx.insert(row(org, "added while the other waits"));
                    inserted.countDown();
                    await(release);
                    return null;
                }));
                assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
                Future<Integer> seen = pool.submit(() -> waiter.inOrganization(org, tx -> tx.connections().size()));
                try (Connection observer = real.getConnection()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (waitingForARowLock(observer) == 0) {
                        assertThat(System.nanoTime()).as("the second unit of work waits for the lock").isLessThan(deadline);
                        Thread.onSpinWait();
                    }
                }
                release.countDown();
                holding.get(30, TimeUnit.SECONDS);

                assertThat(seen.get(30, TimeUnit.SECONDS)).as("the row the previous holder committed").isEqualTo(2);
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
            try (java.sql.Statement statement = second.createStatement();
                    java.sql.ResultSet level = statement.executeQuery("SHOW transaction_isolation")) {
                assertThat(level.next()).isTrue();
                assertThat(level.getString(1)).as("the session's own level, untouched").isEqualTo("repeatable read");
            }
        }
    }

    @Test
    @DisplayName("on PostgreSQL a unit of work on a connection lent with auto-commit on neither asks nor sets the"
            + " connection's isolation level, each a round trip of its own")
    void noRoundTripForTheIsolationLevel() throws Exception {
        DataSource real = Database.POSTGRESQL.fresh("unit_of_work");
        Databases.migrated(real);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Connection pooled = real.getConnection()) {
            Connection recorded = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                    UnitOfWorkTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (self, method, args) -> {
                        calls.add(method.getName());
                        try {
                            return method.invoke(pooled, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            JdbcStore store = JdbcStore.create(Databases.lending(recorded));
            OrganizationId org = OrganizationId.of("acme");
            insert(store, row(org, "first"));
            store.inOrganization(org, tx -> tx.connections().size());

            assertThat(calls).doesNotContain("getTransactionIsolation", "setTransactionIsolation");
            assertThat(pooled.getAutoCommit()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a unit of work that recorded a revocation and goes on working keeps no other organization's"
            + " revocation waiting: numbers are taken at its end, and given in commit order")
    void revocationNumbersAreTakenAtTheEnd(Database database) throws Exception {
        JdbcStore store = Databases.migrated(database.fresh("unit_of_work"));
        OrganizationId slow = OrganizationId.of("slow");
        OrganizationId quick = OrganizationId.of("quick");
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> slowWork = pool.submit(() -> store.inOrganization(slow, tx -> {
                tx.recordRevocation(revocation(slow, "SLOWLOOKUP01"));
                recorded.countDown();
                await(release);
                return null;
            }));
            assertThat(recorded.await(30, TimeUnit.SECONDS)).isTrue();

            Future<?> quickWork = pool.submit(() -> store.inOrganization(quick, tx -> {
                tx.recordRevocation(revocation(quick, "QUICKLOOKUP1"));
                tx.recordRevocation(revocation(quick, "QUICKLOOKUP2"));
                return null;
            }));
            quickWork.get(30, TimeUnit.SECONDS);
            release.countDown();
            slowWork.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }

        assertThat(store.revocationsAfter(0, 10)).extracting(r -> r.sequence() + " " + r.connectionLookupId())
                .containsExactly("1 QUICKLOOKUP1", "2 QUICKLOOKUP2", "3 SLOWLOOKUP01");
        assertThat(store.latestRevocation()).isEqualTo(3);
    }

    private static dev.keyward.spi.Revocation revocation(OrganizationId org, String lookupId) {
        return dev.keyward.spi.Revocation.builder().organizationId(org).connectionId(ConnectionId.of("revoked"))
                .connectionLookupId(lookupId).revokedAt(NOW).build();
    }

    @ParameterizedTest
    @EnumSource(value = org.postgresql.jdbc.AutoSave.class, names = {"CONSERVATIVE", "ALWAYS"})
    @DisplayName("on PostgreSQL with pgjdbc's autosave on and a stricter session level, units of work run and the"
            + " session's level is as lent: the level set by the transaction's first statement is not refused")
    void autosaveThenUnitsOfWorkRun(org.postgresql.jdbc.AutoSave autosave) throws Exception {
        DataSource real = Database.POSTGRESQL.fresh("unit_of_work");
        Databases.migrated(real);
        try (Connection pooled = real.getConnection()) {
            pooled.unwrap(org.postgresql.PGConnection.class).setAutosave(autosave);
            try (java.sql.Statement statement = pooled.createStatement()) {
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            }
            JdbcStore store = JdbcStore.create(Databases.lending(pooled));
            OrganizationId org = OrganizationId.of("acme");

            insert(store, row(org, "first"));
            insert(store, row(org, "second"));
            store.inOrganization(org, tx -> {
                tx.recordRevocation(revocation(org, "AUTOSAVELOOK"));
                return null;
            });

            assertThat(store.listConnections(org)).hasSize(2);
            assertThat(store.latestRevocation()).isEqualTo(1);
            assertThat(pooled.getTransactionIsolation()).as("the session's level, as lent")
                    .isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        }
    }

    /** The connection, its isolation level neither read nor changed through it: a pooler would send those elsewhere. */
    private static Connection levelKept(Connection connection) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(UnitOfWorkTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (self, method, args) -> {
                    if (method.getName().equals("setTransactionIsolation")) {
                        return null;
                    }
                    if (method.getName().equals("getTransactionIsolation")) {
                        return Connection.TRANSACTION_REPEATABLE_READ;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** How many sessions of this database wait for a row lock. */
    private static int waitingForARowLock(Connection jdbc) throws Exception {
        try (java.sql.PreparedStatement statement = jdbc.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND datname = current_database()");
                java.sql.ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static StoredConnection row(OrganizationId org, String name) {
        return StoredRows.oauth(org, name, NOW);
    }

    private static void insert(JdbcStore store, StoredConnection row) {
        store.inOrganization(row.connection().organizationId(), tx -> {
            tx.insert(row);
            return null;
        });
    }
}
