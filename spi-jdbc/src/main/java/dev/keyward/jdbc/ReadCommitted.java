package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A transaction at READ COMMITTED on a borrowed connection, which then goes back as it came: with
 * the auto-commit and isolation level it was lent with. Every transaction the store begins is one,
 * whatever level the pool lends at. Most first wait for a lock (an organization's row, the migration
 * lock, the log's oldest records) and must then read what the lock's previous holder committed; at a
 * stricter level PostgreSQL reads a snapshot taken when the first statement began, before the wait,
 * and a write that meets a row changed since fails instead of reading it again.
 */
final class ReadCommitted {

    private final Connection jdbc;
    private final boolean autoCommit;
    private final int isolation;

    private ReadCommitted(Connection jdbc, boolean autoCommit, int isolation) {
        this.jdbc = jdbc;
        this.autoCommit = autoCommit;
        this.isolation = isolation;
    }

    /** Notes how the connection was lent and begins the transaction; when that fails, the connection is as lent. */
    static ReadCommitted begin(Connection jdbc) throws SQLException {
        ReadCommitted transaction = new ReadCommitted(jdbc, jdbc.getAutoCommit(), jdbc.getTransactionIsolation());
        try {
            if (transaction.isolation != Connection.TRANSACTION_READ_COMMITTED) {
                jdbc.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            jdbc.setAutoCommit(false);
        } catch (SQLException e) {
            transaction.handBack(null);
            throw e;
        }
        return transaction;
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
