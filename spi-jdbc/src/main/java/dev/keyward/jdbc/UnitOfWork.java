package dev.keyward.jdbc;

import dev.keyward.OrganizationId;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Runs a unit of work in one {@link ReadCommitted} transaction that first takes the organization's
 * row lock, so units of work on one organization run one at a time across every process; commits
 * when the work returns, rolls back when it throws, and hands the connection back as it came.
 */
final class UnitOfWork {

    /** H2 may refuse a concurrent first insert of one organization row; the row exists on the next try. */
    private static final int LOCK_ATTEMPTS = 3;

    private UnitOfWork() {
    }

    /**
     * Runs {@code work}; each statement, the lock's first, may take at most {@code timeoutSeconds} (0: no bound),
     * and the lock asks to be had within {@code lockWaitSeconds} where the dialect's statement can say so (0: not).
     */
    static <T> T run(Connection jdbc, Dialect dialect, OrganizationId organizationId, int timeoutSeconds,
            int lockWaitSeconds, Function<OrganizationTransaction, T> work) {
        int queryTimeout = dialect.queryTimeout(timeoutSeconds);
        ReadCommitted transaction;
        try {
            transaction = ReadCommitted.begin(jdbc, dialect);
        } catch (SQLException e) {
            throw SqlFailures.storeFailure("could not lock organization " + organizationId, e);
        }
        try {
            lock(jdbc, transaction, dialect, organizationId, queryTimeout, lockWaitSeconds);
        } catch (SQLException e) {
            StoreException failure = SqlFailures.storeFailure("could not lock organization " + organizationId, e);
            transaction.rollback(failure);
            transaction.handBack(failure);
            throw failure;
        }
        try {
            T result = apply(jdbc, dialect, organizationId, queryTimeout, work);
            commit(transaction);
            return result;
        } catch (RuntimeException | Error e) {
            transaction.rollback(e);
            throw e;
        } finally {
            transaction.handBack(null);
        }
    }

    private static <T> T apply(Connection jdbc, Dialect dialect, OrganizationId organizationId, int queryTimeout,
            Function<OrganizationTransaction, T> work) {
        JdbcTransaction transaction = new JdbcTransaction(jdbc, dialect, organizationId, queryTimeout);
        try {
            T result = work.apply(transaction);
            if (transaction.failure() != null) {
                throw new StoreException("could not commit the unit of work on " + organizationId
                        + ": one of its statements failed", transaction.failure());
            }
            transaction.recordRevocations();
            return result;
        } finally {
            transaction.close();
        }
    }

    /**
     * Locks the organization's row: one statement when the row exists, as it does from the organization's
     * first unit of work on; before that, the row is inserted if absent (by whichever of two concurrent first
     * units of work comes first) and then locked.
     */
    private static void lock(Connection jdbc, ReadCommitted transaction, Dialect dialect, OrganizationId organizationId,
            int queryTimeout, int lockWaitSeconds) throws SQLException {
        String lockRow = dialect.lockOrganization(lockWaitSeconds);
        if (lockExisting(jdbc, transaction.first(lockRow), organizationId, queryTimeout)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement insert = Statements.prepare(jdbc, dialect.insertOrganizationIfAbsent(),
                    queryTimeout)) {
                insert.setString(1, organizationId.value());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!SqlFailures.isUniqueViolation(e) || attempt == LOCK_ATTEMPTS) {
                    throw e;
                }
                transaction.again();
                continue;
            }
            if (!lockExisting(jdbc, lockRow, organizationId, queryTimeout)) {
                throw new SQLException("organization row vanished while being locked", "02000");
            }
            return;
        }
    }

    /**
     * Locks the organization's row if it exists, by {@code lock}: {@link Dialect#lockOrganization}, with the
     * transaction's level set before it when it is the transaction's first statement; whether it did.
     */
    private static boolean lockExisting(Connection jdbc, String lock, OrganizationId organizationId,
            int queryTimeout) throws SQLException {
        try (PreparedStatement select = Statements.prepare(jdbc, lock, queryTimeout)) {
            select.setString(1, organizationId.value());
            try (ResultSet row = ReadCommitted.execute(select)) {
                return row.next();
            }
        }
    }

    private static void commit(ReadCommitted transaction) {
        try {
            transaction.commit();
        } catch (SQLException e) {
            throw SqlFailures.storeFailure("could not commit the unit of work", e);
        }
    }
}
