package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs one statement on a short connection of its own, as the data source hands it out; and prepares every
 * statement the store runs while serving, each bounded by the store's statement timeout.
 */
final class Statements {

    /** What to do with a prepared statement: bind, execute, read. */
    @FunctionalInterface
    interface Body<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    private final DataSource dataSource;
    private final int timeoutSeconds;

    /**
     * Statements on connections of {@code dataSource}, each given at most {@code timeoutSeconds} (0: no bound) where
     * the dialect bounds a statement alone ({@link Dialect#queryTimeout}).
     */
    Statements(DataSource dataSource, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Prepares {@code sql} on {@code connection}, to run for at most {@code timeoutSeconds} (0: no bound): past
     * it the driver cancels it, and it fails with SQLState 57014 (see {@link SqlFailures#storeFailure}). So a
     * statement waiting behind a lock another transaction holds, or on a database that stopped answering
     * queries, keeps no request waiting for longer.
     */
    static PreparedStatement prepare(Connection connection, String sql, int timeoutSeconds) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (timeoutSeconds > 0) {
            try {
                statement.setQueryTimeout(timeoutSeconds);
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        return statement;
    }

    /**
     * Runs {@code sql}, which reads; a failure becomes a store exception saying {@code what} could not be done.
     * On a connection lent with auto-commit off, the read began a transaction: it is ended (rolled back, as
     * nothing was written) before the connection goes back, which a pool may not do. Left open, it would keep
     * the connection idle in a transaction, and at a stricter level than READ COMMITTED every later read on it
     * would see the snapshot of this one: revocations committed since would never be seen.
     */
    <T> T run(String what, Dialect dialect, String sql, Body<T> body) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            T result;
            try {
                result = execute(connection, dialect, sql, body);
            } catch (SQLException | RuntimeException | Error e) {
                if (!autoCommit) {
                    rollbackQuietly(connection, e);
                }
                throw e;
            }
            if (!autoCommit) {
                connection.rollback();
            }
            return result;
        } catch (SQLException e) {
            throw SqlFailures.storeFailure(what, e);
        }
    }

    /**
     * Runs {@code sql}, which writes, in a {@link ReadCommitted} transaction of its own that commits
     * before the connection goes back: a pool may lend connections with auto-commit off, and would
     * roll back a write left uncommitted. A failure rolls it back, and becomes a store exception
     * saying {@code what} could not be done.
     */
    <T> T write(String what, Dialect dialect, String sql, Body<T> body) {
        try (Connection connection = dataSource.getConnection()) {
            ReadCommitted transaction = ReadCommitted.begin(connection, dialect);
            try {
                transaction.setLevel();
                T result = execute(connection, dialect, sql, body);
                transaction.commit();
                return result;
            } catch (SQLException e) {
                StoreException failure = SqlFailures.storeFailure(what, e);
                transaction.rollback(failure);
                throw failure;
            } catch (RuntimeException | Error e) {
                transaction.rollback(e);
                throw e;
            } finally {
                transaction.handBack(null);
            }
        } catch (SQLException e) {
            throw SqlFailures.storeFailure(what, e);
        }
    }

    /** Ends the transaction a failed read began; the read's failure is the one reported. */
    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(SqlFailures.redacted(e));
        }
    }

    private <T> T execute(Connection connection, Dialect dialect, String sql, Body<T> body) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, dialect.queryTimeout(timeoutSeconds))) {
            return body.apply(statement);
        }
    }
}
