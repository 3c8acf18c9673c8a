package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs one statement on a short connection of its own, as the data source hands it out. */
final class Statements {

    /** What to do with a prepared statement: bind, execute, read. */
    @FunctionalInterface
    interface Body<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    private final DataSource dataSource;

    Statements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code sql}; a failure becomes a store exception saying {@code what} could not be done. */
    <T> T run(String what, String sql, Body<T> body) {
        try (Connection connection = dataSource.getConnection()) {
            return execute(connection, sql, body);
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
    <T> T write(String what, String sql, Body<T> body) {
        try (Connection connection = dataSource.getConnection()) {
            ReadCommitted transaction = ReadCommitted.begin(connection);
            try {
                T result = execute(connection, sql, body);
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

    private static <T> T execute(Connection connection, String sql, Body<T> body) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return body.apply(statement);
        }
    }
}
