package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationTest {

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("migrate creates every table, records every version, and is idempotent")
    void migrateIsIdempotent(Database database) throws Exception {
        DataSource dataSource = database.fresh("migrate");
        JdbcStore store = JdbcStore.create(dataSource);

        assertThat(store.migrate()).isEqualTo(Migration.latest());
        assertThat(store.migrate()).isEqualTo(Migration.latest());
        assertThat(JdbcStore.create(dataSource).migrate()).isEqualTo(Migration.latest());

        try (Connection jdbc = dataSource.getConnection()) {
            assertThat(Databases.keywardTables(jdbc)).containsExactly("keyward_connection", "keyward_organization",
                    "keyward_revocation", "keyward_revocation_sequence", "keyward_schema_version", "keyward_token");
            assertThat(Migrations.appliedVersions(jdbc)).containsExactlyInAnyOrderElementsOf(Migration.allVersions());
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("four processes migrating one empty database at once all succeed, and the schema is applied once")
    void concurrentMigrationsTakeTurns(Database database) throws Exception {
        for (int round = 0; round < 3; round++) {
            DataSource first = database.fresh("concurrent_migrate");
            List<DataSource> processes = List.of(first, database.another(first), database.another(first),
                    database.another(first));

            List<Integer> versions = runAtOnce(processes.stream().map(JdbcStore::create).toList());

            assertThat(versions).containsOnly(Migration.latest());
            try (Connection jdbc = first.getConnection()) {
                assertThat(Migrations.appliedVersions(jdbc)).containsExactlyInAnyOrderElementsOf(Migration.allVersions());
            }
            assertThat(Databases.dump(first)).filteredOn(line -> !line.startsWith("keyward_schema_version"))
                    .containsExactly("keyward_revocation_sequence: id=0 last_sequence=0");
        }
    }

    @Test
    @DisplayName("on PostgreSQL, two processes whose pools default to REPEATABLE READ, both waiting for the"
            + " migration lock, take turns: the second finds the work done")
    void processesAtRepeatableReadTakeTurns() throws Exception {
        DataSource first = Database.POSTGRESQL.fresh("repeatable_read_migrate");
        Consumer<HikariConfig> repeatableRead = config -> config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        ExecutorService processes = Executors.newFixedThreadPool(2);
        try (HikariDataSource a = Databases.pool(first, repeatableRead);
                HikariDataSource b = Databases.pool(Database.POSTGRESQL.another(first), repeatableRead);
                Connection holder = Database.POSTGRESQL.another(first).getConnection()) {
            advisoryLock(holder, "pg_advisory_lock");
            List<Future<Integer>> migrations = List.of(processes.submit(() -> JdbcStore.create(a).migrate()),
                    processes.submit(() -> JdbcStore.create(b).migrate()));
            // Each has begun its transaction, and taken its snapshot at a stricter level, before it waits.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waitingForTheLock(holder) < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(waitingForTheLock(holder)).isEqualTo(2);

            advisoryLock(holder, "pg_advisory_unlock");

            for (Future<Integer> migration : migrations) {
                assertThat(migration.get(60, TimeUnit.SECONDS)).isEqualTo(Migration.latest());
            }
            try (Connection jdbc = first.getConnection()) {
                assertThat(Migrations.appliedVersions(jdbc))
                        .containsExactlyInAnyOrderElementsOf(Migration.allVersions());
            }
        } finally {
            processes.shutdownNow();
        }
    }

    @Test
    @DisplayName("on PostgreSQL, migrating hands the connection back as it came: auto-commit and isolation as lent")
    void migrationHandsTheConnectionBackAsItCame() throws Exception {
        DataSource real = Database.POSTGRESQL.fresh("migrate_hand_back");
        try (Connection pooled = real.getConnection()) {
            pooled.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);

            assertThat(JdbcStore.create(Databases.lending(pooled)).migrate()).isEqualTo(Migration.latest());

            assertThat(pooled.getAutoCommit()).isTrue();
            assertThat(pooled.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    private static void advisoryLock(Connection jdbc, String function) throws SQLException {
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, Migrations.ADVISORY_LOCK_KEY);
            statement.execute();
        }
    }

    /** How many sessions of this database wait for an advisory lock. */
    private static int waitingForTheLock(Connection jdbc) throws SQLException {
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT count(*) FROM pg_locks"
                + " WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            return (int) Rows.oneLong(statement);
        }
    }

    @Test
    @DisplayName("the migrations are plain SQL files on the class path, one statement per semicolon")
    void migrationsArePlainClasspathFiles() throws Exception {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("dev/keyward/jdbc/migration/V1__keyward_schema.sql")) {
            assertThat(in).isNotNull();
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sql).contains("CREATE TABLE IF NOT EXISTS keyward_connection");
        }
        assertThat(Migration.ALL).extracting(Migration::version).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(Migration.ALL.get(0).statements()).hasSize(5).allSatisfy(s -> assertThat(s).doesNotContain(";"));
        assertThat(Migration.ALL.get(1).statements()).hasSize(2).allSatisfy(s -> assertThat(s).doesNotContain(";"));
        assertThat(Migration.ALL.get(2).statements()).hasSize(2).allSatisfy(s -> assertThat(s).contains("ADD COLUMN IF NOT EXISTS"));
        assertThat(Migration.ALL.get(3).statements()).hasSize(4).allSatisfy(s -> assertThat(s).containsAnyOf(
                "CREATE TABLE IF NOT EXISTS", "CREATE INDEX IF NOT EXISTS", "HAVING COUNT(*) = 0"));
        assertThat(Migration.ALL.get(6).statements()).as("a Java step only").isEmpty();
    }

    /** Migrates every store at once, each on a thread of its own; returns the versions they report. */
    static List<Integer> runAtOnce(List<JdbcStore> stores) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(stores.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (JdbcStore store : stores) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return store.migrate();
                }));
            }
            start.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> future : futures) {
                versions.add(future.get(60, TimeUnit.SECONDS));
            }
            return versions;
        } finally {
            pool.shutdownNow();
        }
    }
    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a step of a migration that fails with an Error leaves nothing: auto-commit turned on again commits"
            + " nothing of it")
    void stepFailingWithAnErrorLeavesNothing(Database database) throws Exception {
        DataSource real = database.fresh("migration_error");
        Databases.migrated(real);
        try (Connection jdbc = real.getConnection()) {
            jdbc.setAutoCommit(true);
            try {
                Migrations.inOneTransaction(jdbc, () -> {
                    try (PreparedStatement insert = jdbc.prepareStatement(
                            "INSERT INTO keyward_organization (organization_id) VALUES ('half-done')")) {
                        insert.executeUpdate();
                    }
                    throw new AssertionError("a step that failed on purpose");
                });
            } catch (AssertionError expected) {
                assertThat(expected).hasMessage("a step that failed on purpose");
            }
            assertThat(jdbc.getAutoCommit()).isTrue();
        }
        try (Connection other = real.getConnection(); PreparedStatement count = other.prepareStatement(
                "SELECT count(*) FROM keyward_organization WHERE organization_id = 'half-done'")) {
            assertThat(Rows.oneLong(count)).isZero();
        }
    }
}
