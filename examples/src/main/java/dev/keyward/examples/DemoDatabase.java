package dev.keyward.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
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

    /** What a {@code --db} the demo cannot use is told; never the URL, which may hold a password. */
    static final String UNSUPPORTED = "--db must be a jdbc:postgresql: or jdbc:h2: URL";

    private static final Pattern USER_INFO = Pattern.compile("^([^?]*?//[^/?@:]*:)[^?]*@");
    /** A parameter or setting whose name ends in {@code password}, from its name to the end of the URL. */
    private static final Pattern ANY_PASSWORD = Pattern.compile("(?i)([?&;][^?&;=]*password=).*");

    /**
     * The login password as a parameter of the URL ({@code ?password=}, {@code &password=}, H2's
     * {@code ;PASSWORD=}), also without a value ({@code ?password}: pgjdbc reads an empty one).
     */
    private static final Pattern LOGIN_PASSWORD = Pattern.compile("(?i)[?&;]password(?=[=&;]|$)");
    /** The login user as a parameter of the URL, as {@link #LOGIN_PASSWORD}. */
    private static final Pattern LOGIN_USER = Pattern.compile("(?i)[?&;]user(?=[=&;]|$)");

    /** The longest wait for a connection of the pool. */
    static final Duration POOL_WAIT = Duration.ofSeconds(10);

    private DemoDatabase() {
    }

    /** Whether the demo can use this JDBC URL: PostgreSQL's or H2's. */
    static boolean isSupported(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:postgresql:");
    }

    public static HikariDataSource open(DemoOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("keyward-demo");
        config.setMaximumPoolSize(POOL_SIZE);
        // A request waits at most this long for a connection, then is answered 503: with H2's lock wait and the
        // hash queue's, within the JDK demo's bound on an answer (HttpServerSetup.MAX_RESPONSE_TIME).
        config.setConnectionTimeout(POOL_WAIT.toMillis());
        if (options.dbUrl() == null) {
            // Units of work queue on an organization's row lock; give them longer than H2's default wait. H2 would
            // close the database as the JVM begins to stop, under the requests the demo still answers: the demo
            // closes it itself, last.
            config.setJdbcUrl("jdbc:h2:file:" + options.dataDir().toAbsolutePath().resolve("keyward")
                    + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
            config.setUsername("sa");
            config.setPassword("");
        } else if (isSupported(options.dbUrl())) {
            config.setJdbcUrl(options.dbUrl());
            config.setUsername(options.dbUser());
            config.setPassword(options.dbPassword());
        } else {
            throw new IllegalArgumentException(UNSUPPORTED);
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
        // A new listening connection that a peer accepts and then never answers must not hold the listener for ever,
        // nor the thread pgjdbc logs in on (the login timeout leaves it; the socket timeout ends it). Once
        // listening, the listener sets its own timeouts.
        if (direct.getLoginTimeout() == 0) {
            direct.setLoginTimeout(10);
        }
        if (direct.getSocketTimeout() == 0) {
            direct.setSocketTimeout(15);
        }
        return direct;
    }

    /** Where the database lives, for the banner: the H2 file, or the URL given without its password. */
    public static String describe(DemoOptions options) {
        return options.dbUrl() == null ? "H2 file " + Path.of(options.dataDir().toString(), "keyward.mv.db")
                : withoutPassword(options.dbUrl());
    }

    /**
     * The JDBC URL with any password in it masked, for showing: the value of every parameter whose
     * name ends in {@code password}, whatever its case ({@code ?password=…}, {@code &sslpassword=…},
     * H2's {@code ;PASSWORD=…}), up to where the database's driver ends that value — the next
     * {@code &} of a PostgreSQL query, the next {@code ;} of H2's settings, and for any other URL
     * the end of the URL, or of the URL too when the value holds a backslash, by which H2 escapes a
     * {@code ;} — and the password of a {@code //user:password@host} part, up to its last
     * {@code @} before the query. Masks too much rather than too little: a password may hold
     * characters that are not escaped.
     */
    public static String withoutPassword(String jdbcUrl) {
        String masked;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            masked = maskValues(jdbcUrl, jdbcUrl.indexOf('?'), '&');
        } else if (jdbcUrl.startsWith("jdbc:h2:")) {
            masked = maskValues(jdbcUrl, jdbcUrl.indexOf(';'), ';');
        } else {
            masked = ANY_PASSWORD.matcher(jdbcUrl).replaceAll("$1****");
        }
        return USER_INFO.matcher(masked).replaceAll("$1****@");
    }

    /** Whether the URL holds the login password as a parameter (not {@code sslpassword} or another). */
    public static boolean hasPassword(String jdbcUrl) {
        return LOGIN_PASSWORD.matcher(jdbcUrl).find();
    }

    /** Whether the URL names the login user as a parameter. */
    public static boolean hasUser(String jdbcUrl) {
        return LOGIN_USER.matcher(jdbcUrl).find();
    }

    /**
     * True if the URL names a user or password before its host ({@code //user:password@host}), which
     * neither pgjdbc nor H2 reads: they fail to connect, and print the whole URL as they do. Counts
     * any {@code @} after {@code //} and before the query (H2: its settings), since a password may hold
     * an unescaped {@code /}.
     */
    public static boolean hasUserInfo(String jdbcUrl) {
        int end = jdbcUrl.indexOf(jdbcUrl.startsWith("jdbc:h2:") ? ';' : '?');
        String head = end < 0 ? jdbcUrl : jdbcUrl.substring(0, end);
        int authority = head.indexOf("//");
        return authority >= 0 && head.indexOf('@', authority) >= 0;
    }

    /** Masks the values of the parameters after {@code start} whose names end in {@code password}. */
    private static String maskValues(String url, int start, char separator) {
        if (start < 0) {
            return url;
        }
        StringBuilder masked = new StringBuilder(url.substring(0, start + 1));
        String[] parameters = url.substring(start + 1).split(Pattern.quote(String.valueOf(separator)), -1);
        for (int i = 0; i < parameters.length; i++) {
            String parameter = parameters[i];
            int equals = parameter.indexOf('=');
            if (i > 0) {
                masked.append(separator);
            }
            if (equals >= 0 && parameter.substring(0, equals).toLowerCase(Locale.ROOT).endsWith("password")) {
                masked.append(parameter, 0, equals + 1).append("****");
                if (parameter.indexOf('\\', equals) >= 0) {
                    // An escape (H2 reads "\;" as part of the value): where the value ends is not sure.
                    return masked.toString();
                }
            } else {
                masked.append(parameter);
            }
        }
        return masked.toString();
    }
}
