package dev.keyward.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

class DemoServerPostgresTest extends DemoServerContract {

    private EmbeddedPostgres postgres;
    private final Map<DemoOptions, String> databaseNames = new HashMap<>();

    @Override
    RunningDemo start(DemoOptions options) {
        return DemoServer.start(options);
    }

    /**
     * Revocations are pushed, in a few milliseconds here, measured over HTTP while other test classes run;
     * polling puts the median near three quarters of a second (the kit measured 0.7–0.8 s on H2).
     */
    @Override
    Duration medianRevocationBound() {
        return Duration.ofMillis(250);
    }

    @Override
    DemoOptions newDatabase() {
        String name = "demo_" + (databaseNames.size() + 1);
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.start();
            }
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DemoOptions options = new DemoOptions("127.0.0.1", 0, postgres.getJdbcUrl("postgres", name), "postgres", null, null);
        databaseNames.put(options, name);
        return options;
    }

    @Override
    long openSessions(DemoOptions options) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ?")) {
            s.setString(1, databaseNames.get(options));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    void stopDatabases() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
