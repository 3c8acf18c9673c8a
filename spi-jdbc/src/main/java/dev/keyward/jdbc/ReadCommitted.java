package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A transaction at READ COMMITTED on a borrowed connection, which then goes back as it came: with
 * the auto-commit and isolation level it was lent with. Every transaction the store begins is one,
 * whatever level the pool lends at. Most first wait for a lock (an organization's row, the migration
 * lock, the log's oldest records) and must then read what the lock's previous holder committed; at a
 * stricter level PostgreSQL reads a snapshot taken when the first statement began, before the wait,
 * and a write that meets a row changed since fails instead of reading it again.
 *
 * <p>On PostgreSQL, a connection lent with auto-commit on has no transaction open, and its transaction
 * is set to READ COMMITTED by its own first statement, {@code SET TRANSACTION}, which lasts for that
 * transaction alone: the session's level is neither read (pgjdbc asks the server) nor changed, so it
 * holds behind a pooler in transaction mode too, which may run a session-wide {@code SET} on another
 * server connection than the transaction. Otherwise (H2, or a connection lent with auto-commit off, in
 * which a statement may already have begun a transaction) the connection's level is read and, when it
 * is another, set for the transaction and put back after.
 */
final class ReadCommitted {

    private static final String SET_TRANSACTION = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

    private final Connection jdbc;
    private final boolean autoCommit;
    private final int isolation;
    /** Whether the level is set by each transaction's first statement, not on the connection. */
    private final boolean perTransaction;

    private ReadCommitted(Connection jdbc, boolean autoCommit, int isolation, boolean perTransaction) {
        this.jdbc = jdbc;
        this.autoCommit = autoCommit;
        this.isolation = isolation;
        this.perTransaction = perTransaction;
    }

    /** Notes how the connection was lent and begins the transaction; when that fails, the connection is as lent. */
    static ReadCommitted begin(Connection jdbc, Dialect dialect) throws SQLException {
        boolean autoCommit = jdbc.getAutoCommit();
        ReadCommitted transaction = dialect == Dialect.POSTGRESQL && autoCommit
                ? new ReadCommitted(jdbc, true, Connection.TRANSACTION_READ_COMMITTED, true)
                : new ReadCommitted(jdbc, autoCommit, jdbc.getTransactionIsolation(), false);
        try {
            if (!transaction.perTransaction && transaction.isolation != Connection.TRANSACTION_READ_COMMITTED) {
                jdbc.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            jdbc.setAutoCommit(false);
            transaction.setLevel();
        } catch (SQLException e) {
            if (transaction.perTransaction) {
                transaction.rollback(null);
            }
            transaction.handBack(null);
            throw e;
        }
        return transaction;
    }

    /** Rolls back what was done so far and begins again, at READ COMMITTED. */
    void again() throws SQLException {
        jdbc.rollback();
        setLevel();
    }

    /** On PostgreSQL with the level set per transaction: the transaction's first statement sets it. */
    private void setLevel() throws SQLException {
        if (perTransaction) {
            try (Statement statement = jdbc.createStatement()) {
                statement.execute(SET_TRANSACTION);
            }
        }
    }

    void commit() throws SQLException {
        jdbc.commit();
    }

    /**
     * Rolls back. The exception that made it roll back is rethrown as it is: only a store failure
     * learns, as a suppressed exception, that the rollback failed too.
     */
    void rollback(Throwable failure) {
        try {
            jdbc.rollback();
        } catch (SQLException e) {
            suppress(failure, e);
        }
    }

    /**
     * Restores auto-commit and isolation as lent; a broken connection is for the pool to discard, so
     * failures here are kept quiet.
     */
    void handBack(Throwable failure) {
        try {
            jdbc.setAutoCommit(autoCommit);
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                jdbc.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            suppress(failure, e);
        }
    }

    private static void suppress(Throwable failure, SQLException e) {
        if (failure instanceof StoreException) {
            failure.addSuppressed(SqlFailures.redacted(e));
        }
    }
}
