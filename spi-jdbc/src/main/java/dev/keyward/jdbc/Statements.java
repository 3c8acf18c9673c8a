package dev.keyward.jdbc;

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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            return body.apply(statement);
        } catch (SQLException e) {
            throw SqlFailures.storeFailure(what, e);
        }
    }
}
