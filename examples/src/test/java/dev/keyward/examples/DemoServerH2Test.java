package dev.keyward.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class DemoServerH2Test extends DemoServerContract {

    @TempDir
    static Path dataDirs;
    private int databases;

    @Override
    RunningDemo start(DemoOptions options) {
        return DemoServer.start(options);
    }

    /** The log is polled every second, after a purge of at most a quarter of that. */
    @Override
    Duration medianRevocationBound() {
        return Duration.ofMillis(1_250);
    }

    @Override
    DemoOptions newDatabase() {
        return new DemoOptions("127.0.0.1", 0, null, null, null, dataDirs.resolve("db" + ++databases));
    }

    @Override
    long openSessions(DemoOptions options) throws SQLException {
        // In one JVM, a second connection to the same file shares the open database and sees its sessions.
        String url = "jdbc:h2:file:" + options.dataDir().toAbsolutePath().resolve("keyward");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
