package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * transaction alone, and which goes to the server with the statement after it when the caller can send the
 * two at once ({@link #first}): the session's level is neither read (pgjdbc asks the server) nor changed, so it
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
    /** Whether the transaction's level is still to be set by its first statement. */
    private boolean levelPending;

    private ReadCommitted(Connection jdbc, boolean autoCommit, int isolation, boolean perTransaction) {
        this.jdbc = jdbc;
        this.autoCommit = autoCommit;
        this.isolation = isolation;
        this.perTransaction = perTransaction;
        this.levelPending = perTransaction;
    }

    /** Notes how the connection was lent and begins the transaction; when that fails, the connection is as lent. */
    static ReadCommitted begin(Connection jdbc, Dialect dialect) throws SQLException {
        boolean autoCommit = jdbc.getAutoCommit();
        ReadCommitted transaction = dialect == Dialect.POSTGRESQL && autoCommit
                ? new ReadCommitted(jdbc, true, Connection.TRANSACTION_READ_COMMITTED, true)
                : new ReadCommitted(jdbc, autoCommit, jdbc.getTransactionIsolation(), false);
        try {
            // Per transaction, the level is READ COMMITTED as noted: the first statement sets it, nothing here.
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

    /** Rolls back what was done so far and begins again, at READ COMMITTED. */
    void again() throws SQLException {
        jdbc.rollback();
        levelPending = perTransaction;
        setLevel();
    }

    /** Sets the transaction's level now if it is still to be set: before a statement that cannot carry it. */
    void setLevel() throws SQLException {
        if (levelPending) {
            try (Statement statement = jdbc.createStatement()) {
                statement.execute(SET_TRANSACTION);
            }
            levelPending = false;
        }
    }

    /**
     * The transaction's first statement, carrying the setting of the level before it when that is still to
     * be done, so that both reach the server together: one round trip for the two. Run it with
     * {@link #execute}.
     */
    String first(String sql) {
        if (!levelPending) {
            return sql;
        }
        levelPending = false;
        return SET_TRANSACTION + "; " + sql;
    }

    /** Runs a statement made by {@link #first} that reads; the rows it read, which the caller closes. */
    static ResultSet execute(PreparedStatement statement) throws SQLException {
        boolean rows = statement.execute();
        while (!rows && statement.getUpdateCount() != -1) {
            rows = statement.getMoreResults();
        }
        if (!rows) {
            throw new SQLException("the statement read no rows", "02000");
        }
        return statement.getResultSet();
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
