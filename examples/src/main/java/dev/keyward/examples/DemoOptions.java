package dev.keyward.examples;

import dev.keyward.Keyward;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The demo server's command line: {@code --port N} (0 = any free port), {@code --host H}
 * (default 127.0.0.1), {@code --db JDBC_URL} with {@code --db-user} and {@code --db-password},
 * {@code --data-dir DIR} for the default H2 file database, and the Keyward settings of
 * {@link KeywardOptions}.
 */
public record DemoOptions(String host, int port, String dbUrl, String dbUser, String dbPassword, Path dataDir,
        KeywardOptions keyward) {

    public static final String USAGE = """
            usage: java -jar keyward-demo.jar [--port N] [--host H] [--data-dir DIR]
                                              [--db JDBC_URL [--db-user U] [--db-password P]]
                                              [--max-credential-lifetime SECONDS]
                                              [--last-used-resolution SECONDS]
              --port N         port to listen on, 0 for any free port (default 8080)
              --host H         address to bind (default 127.0.0.1)
              --data-dir DIR   where the default H2 database lives (default ./data)
              --db JDBC_URL    a jdbc:postgresql: or jdbc:h2: URL instead of the default
              --max-credential-lifetime SECONDS
                               the longest a secret may live, 0 for no limit (default 0)
              --last-used-resolution SECONDS
                               how precisely the last use of a connection is kept (default 60)
            """;

    /** Options with Keyward's settings at the demo's defaults. */
    public DemoOptions(String host, int port, String dbUrl, String dbUser, String dbPassword, Path dataDir) {
        this(host, port, dbUrl, dbUser, dbPassword, dataDir, KeywardOptions.DEFAULTS);
    }

    /**
     * The Keyward settings the demo takes from its command line.
     *
     * @param maxCredentialLifetime the longest a secret may live, or {@code null} for no limit
     * @param lastUsedResolution    how precisely the last use of a connection is kept
     */
    public record KeywardOptions(Duration maxCredentialLifetime, Duration lastUsedResolution) {

        public static final KeywardOptions DEFAULTS = new KeywardOptions(null, Duration.ofSeconds(60));

        /** The builder with these settings. */
        public Keyward.Builder applyTo(Keyward.Builder builder) {
            if (maxCredentialLifetime != null) {
                builder.maxCredentialLifetime(maxCredentialLifetime);
            }
            return builder.lastUsedResolution(lastUsedResolution);
        }
    }

    /** Parses the arguments, refusing anything unknown or malformed with a message for the user. */
    public static DemoOptions parse(List<String> args) {
        String host = "127.0.0.1";
        int port = 8080;
        String dbUrl = null;
        String dbUser = null;
        String dbPassword = null;
        Path dataDir = Path.of("data");
        Duration maxLifetime = null;
        Duration lastUsedResolution = KeywardOptions.DEFAULTS.lastUsedResolution();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            String value = i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = port(value);
                case "--db" -> dbUrl = value;
                case "--db-user" -> dbUser = value;
                case "--db-password" -> dbPassword = value;
                case "--data-dir" -> dataDir = Path.of(value);
                case "--max-credential-lifetime" -> maxLifetime = seconds(flag, value, 0);
                case "--last-used-resolution" -> lastUsedResolution = seconds(flag, value, 1);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return new DemoOptions(host, port, dbUrl, dbUser, dbPassword, dataDir,
                new KeywardOptions(maxLifetime == null || maxLifetime.isZero() ? null : maxLifetime, lastUsedResolution));
    }

    /** A whole number of seconds, at least {@code min}; Keyward's builder judges the rest of the range. */
    private static Duration seconds(String flag, String value, long min) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= min) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(flag + " must be a whole number of seconds, at least " + min + ", was "
                + value);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--port must be 0-65535, was " + value);
    }

    /** Never shows the database password. */
    @Override
    public String toString() {
        return "DemoOptions[host=" + host + ", port=" + port + ", db=" + (dbUrl == null ? "H2 in " + dataDir : dbUrl)
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? null : "****") + ", " + keyward + "]";
    }
}
