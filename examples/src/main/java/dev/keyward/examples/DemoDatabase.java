package dev.keyward.examples;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The demo's DataSource: an H2 file database by default, or the PostgreSQL or H2 URL given. */
final class DemoDatabase {

    private DemoDatabase() {
    }

    static DataSource open(DemoOptions options) {
        if (options.dbUrl() == null) {
            // Units of work queue on an organization's row lock; give them longer than H2's default wait.
            return h2("jdbc:h2:file:" + options.dataDir().toAbsolutePath().resolve("keyward") + ";LOCK_TIMEOUT=10000", "sa", "");
        }
        if (options.dbUrl().startsWith("jdbc:h2:")) {
            return h2(options.dbUrl(), options.dbUser(), options.dbPassword());
        }
        if (options.dbUrl().startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(options.dbUrl());
            if (options.dbUser() != null) {
                postgres.setUser(options.dbUser());
            }
            if (options.dbPassword() != null) {
                postgres.setPassword(options.dbPassword());
            }
            return postgres;
        }
        throw new IllegalArgumentException("--db must be a jdbc:postgresql: or jdbc:h2: URL");
    }

    private static DataSource h2(String url, String user, String password) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser(user == null ? "" : user);
        h2.setPassword(password == null ? "" : password);
        return h2;
    }

    /** Where the default database lives, for the banner. */
    static String describe(DemoOptions options) {
        return options.dbUrl() == null ? "H2 file " + Path.of(options.dataDir().toString(), "keyward.mv.db") : options.dbUrl();
    }
}
