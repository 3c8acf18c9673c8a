package dev.keyward.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The demo's database, opened once and shared through a HikariCP pool: an H2 file database by
 * default, or the PostgreSQL or H2 URL given. Closing the pool closes the database.
 */
public final class DemoDatabase {

    // Keyward holds a connection only for one store read or one unit of work, and hashes
    // outside them: ten serve far more requests at once than the demo's processors can.
    private static final int POOL_SIZE = 10;

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("^([^?]*?//[^/?@:]*:)[^?]*@");

    private DemoDatabase() {
    }

    public static HikariDataSource open(DemoOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("keyward-demo");
        config.setMaximumPoolSize(POOL_SIZE);
        if (options.dbUrl() == null) {
            // Units of work queue on an organization's row lock; give them longer than H2's default wait.
            config.setJdbcUrl("jdbc:h2:file:" + options.dataDir().toAbsolutePath().resolve("keyward") + ";LOCK_TIMEOUT=10000");
            config.setUsername("sa");
            config.setPassword("");
        } else if (options.dbUrl().startsWith("jdbc:h2:") || options.dbUrl().startsWith("jdbc:postgresql:")) {
            config.setJdbcUrl(options.dbUrl());
            config.setUsername(options.dbUser());
            config.setPassword(options.dbPassword());
        } else {
            throw new IllegalArgumentException("--db must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        return new HikariDataSource(config);
    }

    /**
     * On PostgreSQL, where the node listens for revocations: a data source of its own for one connection,
     * never taken from the pool, so every node learns of a revocation within milliseconds. Null on H2,
     * where nodes poll the revocation log.
     */
    public static DataSource pushConnections(DemoOptions options) {
        if (options.dbUrl() == null || !options.dbUrl().startsWith("jdbc:postgresql:")) {
            return null;
        }
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(options.dbUrl());
        // Given only when given: a user and password in the URL itself stay in force.
        if (options.dbUser() != null) {
            direct.setUser(options.dbUser());
        }
        if (options.dbPassword() != null) {
            direct.setPassword(options.dbPassword());
        }
        return direct;
    }

    /** Where the database lives, for the banner: the H2 file, or the URL given without its password. */
    public static String describe(DemoOptions options) {
        return options.dbUrl() == null ? "H2 file " + Path.of(options.dataDir().toString(), "keyward.mv.db")
                : withoutPassword(options.dbUrl());
    }

    /**
     * The JDBC URL with any password in it masked, for showing: the value of a {@code password}
     * parameter, whatever its case ({@code ?password=…}, {@code &password=…}, H2's {@code ;PASSWORD=…}),
     * and the password of a {@code //user:password@host} part, up to its last {@code @} before the
     * query. Masks too much rather than too little: a password may hold characters that are not escaped.
     */
    public static String withoutPassword(String jdbcUrl) {
        return USER_INFO.matcher(PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1****")).replaceAll("$1****@");
    }
}
