package dev.keyward.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Brings the schema to the latest {@link Migration}, recording each applied version in
 * {@code keyward_schema_version}; idempotent, and serialized when processes migrate at once.
 *
 * <p>PostgreSQL: one {@link ReadCommitted} transaction that first takes a transaction-level
 * advisory lock, so a failed migration leaves nothing and a concurrent one waits, then finds the
 * work done.
 * H2 commits each DDL statement, so there a second connection holds a row lock on the version
 * table's row 0 while the first applies the migrations; the scripts themselves are idempotent,
 * so a run interrupted half-way can be repeated. A version's Java step and the record of the
 * version commit together on both databases.
 */
final class Migrations {

    /** Any constant shared by every process; it names Keyward's lock among the database's advisory locks. */
    static final long ADVISORY_LOCK_KEY = 0x6B65797761726400L;

    static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS keyward_schema_version ("
            + " version INTEGER NOT NULL, description VARCHAR(200) NOT NULL,"
            + " applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,"
            + " CONSTRAINT keyward_schema_version_pk PRIMARY KEY (version))";
    static final String SELECT_VERSIONS = "SELECT version FROM keyward_schema_version";
    static final String INSERT_VERSION =
            "INSERT INTO keyward_schema_version (version, description, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)";
    static final String LOCK_VERSION_ZERO = "SELECT version FROM keyward_schema_version WHERE version = 0 FOR UPDATE";
    static final String POSTGRES_LOCK = "SELECT pg_advisory_xact_lock(?)";
    static final String VERSION_ZERO = "schema version table";

    private Migrations() {
    }

    /** Applies what is missing; returns the schema version now in place. */
    static int migrate(DataSource dataSource, Dialect dialect) {
        return migrate(dataSource, dialect, Migration.latest());
    }

    /** Applies what is missing up to {@code target}, and nothing later; returns the schema version now in place. */
    static int migrate(DataSource dataSource, Dialect dialect, int target) {
        try {
            return dialect == Dialect.POSTGRESQL ? migrateInOneTransaction(dataSource, target)
                    : migrateUnderRowLock(dataSource, target);
        } catch (SQLException e) {
            throw SqlFailures.storeFailure("could not migrate the Keyward schema", e);
        }
    }

    /**
     * At READ COMMITTED: a process that waited for the lock then reads the versions the one before it
     * committed, where a stricter level would read the snapshot its lock statement took before waiting.
     */
    private static int migrateInOneTransaction(DataSource dataSource, int target) throws SQLException {
        try (Connection jdbc = dataSource.getConnection()) {
            ReadCommitted transaction = ReadCommitted.begin(jdbc, Dialect.POSTGRESQL);
            try {
                transaction.setLevel();
                try (PreparedStatement lock = jdbc.prepareStatement(POSTGRES_LOCK)) {
                    lock.setLong(1, ADVISORY_LOCK_KEY);
                    lock.execute();
                }
                int version = apply(jdbc, target);
                transaction.commit();
                return version;
            } catch (SQLException | RuntimeException | Error e) {
                // An Error too: handing the connection back turns auto-commit on, which would commit a half migration.
                transaction.rollback(e);
                throw e;
            } finally {
                transaction.handBack(null);
            }
        }
    }

    private static int migrateUnderRowLock(DataSource dataSource, int target) throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            boolean autoCommit = lock.getAutoCommit();
            lock.setAutoCommit(true);
            execute(lock, CREATE_VERSION_TABLE);
            insertVersionIfAbsent(lock, 0, VERSION_ZERO);
            lock.setAutoCommit(false);
            try {
                execute(lock, LOCK_VERSION_ZERO);
                try (Connection jdbc = dataSource.getConnection()) {
                    boolean workAutoCommit = jdbc.getAutoCommit();
                    jdbc.setAutoCommit(true);
                    try {
                        return apply(jdbc, target);
                    } finally {
                        jdbc.setAutoCommit(workAutoCommit);
                    }
                }
            } finally {
                lock.rollback();
                lock.setAutoCommit(autoCommit);
            }
        }
    }

    /** Applies every missing version up to {@code target} on this connection, in its current transaction mode. */
    private static int apply(Connection jdbc, int target) throws SQLException {
        execute(jdbc, CREATE_VERSION_TABLE);
        Set<Integer> applied = appliedVersions(jdbc);
        if (!applied.contains(0)) {
            insertVersion(jdbc, 0, VERSION_ZERO);
        }
        int current = 0;
        for (Migration migration : Migration.ALL) {
            if (migration.version() > target) {
                break;
            }
            if (!applied.contains(migration.version())) {
                for (String statement : migration.statements()) {
                    execute(jdbc, statement);
                }
                inOneTransaction(jdbc, () -> {
                    migration.step().apply(jdbc);
                    insertVersion(jdbc, migration.version(), migration.description());
                });
            }
            current = migration.version();
        }
        return current;
    }

    /** What runs in one transaction. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in the connection's transaction; with auto-commit on (H2 here, or a caller's
     * connection), in a transaction of its own that commits when the work returns.
     */
    static void inOneTransaction(Connection jdbc, Work work) throws SQLException {
        if (!jdbc.getAutoCommit()) {
            work.run();
            return;
        }
        jdbc.setAutoCommit(false);
        try {
            work.run();
            jdbc.commit();
        } catch (SQLException | RuntimeException | Error e) {
            // An Error too: auto-commit turned on again below would commit the half-done work.
            jdbc.rollback();
            throw e;
        } finally {
            jdbc.setAutoCommit(true);
        }
    }

    static Set<Integer> appliedVersions(Connection jdbc) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement statement = jdbc.createStatement(); ResultSet rows = statement.executeQuery(SELECT_VERSIONS)) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private static void insertVersionIfAbsent(Connection jdbc, int version, String description) throws SQLException {
        try {
            if (!appliedVersions(jdbc).contains(version)) {
                insertVersion(jdbc, version, description);
            }
        } catch (SQLException e) {
            // Another process inserted it between our read and our insert: just as good.
            if (!SqlFailures.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    private static void insertVersion(Connection jdbc, int version, String description) throws SQLException {
        try (PreparedStatement insert = jdbc.prepareStatement(INSERT_VERSION)) {
            insert.setInt(1, version);
            insert.setString(2, description);
            insert.executeUpdate();
        }
    }

    private static void execute(Connection jdbc, String sql) throws SQLException {
        try (Statement statement = jdbc.createStatement()) {
            statement.execute(sql);
        }
    }
}
