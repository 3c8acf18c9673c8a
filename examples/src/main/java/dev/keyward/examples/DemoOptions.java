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
                                              [--rate-limit N] [--daily-quota N]
                                              [--max-live-tokens N] [--token-rate-limit N]
              --port N         port to listen on, 0 for any free port (default 8080)
              --host H         address to bind (default 127.0.0.1)
              --data-dir DIR   where the default H2 database lives (default ./data)
              --db JDBC_URL    a jdbc:postgresql: or jdbc:h2: URL instead of the default
              --max-credential-lifetime SECONDS
                               the longest a secret may live, 0 for no limit (default 0)
              --last-used-resolution SECONDS
                               how precisely the last use of a connection is kept (default 60)
              --rate-limit N   API requests per minute per organization, 0 for none (default 0)
              --daily-quota N  API requests per UTC day per organization, 0 for none (default 0)
              --max-live-tokens N
                               live bearer tokens per connection; one more revokes the oldest (default 10)
              --token-rate-limit N
                               token requests per minute per OAuth client, 0 for none (default 0)
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
     * @param rateLimit             API requests per minute per organization, 0 for none
     * @param dailyQuota            API requests per UTC day per organization, 0 for none
     * @param maxLiveTokens         live bearer tokens per connection
     * @param tokenRateLimit        token requests per minute per OAuth client, 0 for none
     */
    public record KeywardOptions(Duration maxCredentialLifetime, Duration lastUsedResolution, int rateLimit,
            long dailyQuota, int maxLiveTokens, int tokenRateLimit) {

        public static final KeywardOptions DEFAULTS = new KeywardOptions(null, Duration.ofSeconds(60));

        /** These settings with no traffic limits and the default cap of live tokens. */
        public KeywardOptions(Duration maxCredentialLifetime, Duration lastUsedResolution) {
            this(maxCredentialLifetime, lastUsedResolution, 0, 0, 10, 0);
        }

        /** These settings with these traffic limits. */
        public KeywardOptions withLimits(int rateLimit, long dailyQuota, int maxLiveTokens, int tokenRateLimit) {
            return new KeywardOptions(maxCredentialLifetime, lastUsedResolution, rateLimit, dailyQuota, maxLiveTokens,
                    tokenRateLimit);
        }

        /** The builder with these settings. */
        public Keyward.Builder applyTo(Keyward.Builder builder) {
            if (maxCredentialLifetime != null) {
                builder.maxCredentialLifetime(maxCredentialLifetime);
            }
            return builder.lastUsedResolution(lastUsedResolution).rateLimit(rateLimit).dailyQuota(dailyQuota)
                    .maxLiveTokens(maxLiveTokens).tokenRateLimit(tokenRateLimit);
        }
    }

    /** These options with other Keyward settings. */
    public DemoOptions withKeyward(KeywardOptions settings) {
        return new DemoOptions(host, port, dbUrl, dbUser, dbPassword, dataDir, settings);
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
        long rateLimit = 0;
        long dailyQuota = 0;
        long maxLiveTokens = KeywardOptions.DEFAULTS.maxLiveTokens();
        long tokenRateLimit = 0;
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
                case "--rate-limit" -> rateLimit = count(flag, value, 0, 1_000_000_000);
                case "--daily-quota" -> dailyQuota = count(flag, value, 0, 1_000_000_000_000L);
                case "--max-live-tokens" -> maxLiveTokens = count(flag, value, 1, 1000);
                case "--token-rate-limit" -> tokenRateLimit = count(flag, value, 0, 1_000_000);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return new DemoOptions(host, port, dbUrl, dbUser, dbPassword, dataDir,
                new KeywardOptions(maxLifetime == null || maxLifetime.isZero() ? null : maxLifetime, lastUsedResolution,
                        (int) rateLimit, dailyQuota, (int) maxLiveTokens, (int) tokenRateLimit));
    }

    /** A whole number from {@code min} to {@code max}. */
    private static long count(String flag, String value, long min, long max) {
        try {
            long count = Long.parseLong(value);
            if (count >= min && count <= max) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ", was "
                + value);
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
