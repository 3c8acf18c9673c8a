package dev.keyward.examples;

import dev.keyward.GitHubSecretScanning;
import dev.keyward.Keyward;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The demo server's command line: {@code --port N} (0 = any free port), {@code --host H}
 * (default 127.0.0.1), {@code --db JDBC_URL} with {@code --db-user} and {@code --db-password},
 * {@code --data-dir DIR} for the default H2 file database, the Keyward settings of
 * {@link KeywardOptions}, and {@code --allowed-host NAME}, once for each host name besides loopback and
 * address literals the admin plane and console answer at ({@link LoopbackHosts}).
 */
public record DemoOptions(String host, int port, String dbUrl, String dbUser, String dbPassword, Path dataDir,
        KeywardOptions keyward, List<String> allowedHosts) {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    public static final String USAGE = """
            usage: java -jar keyward-demo.jar [--port N] [--host H] [--data-dir DIR]
                                              [--db JDBC_URL [--db-user U] [--db-password P]]
                                              [--max-credential-lifetime SECONDS]
                                              [--last-used-resolution SECONDS]
                                              [--rate-limit N] [--daily-quota N]
                                              [--max-live-tokens N] [--token-rate-limit N]
                                              [--introspection-credentials ID:SECRET]
                                              [--github-scanning-key PEM_FILE --github-scanning-key-id ID]
                                              [--allowed-host NAME]...
              --port N         port to listen on, 0 for any free port (default 8080)
              --host H         address to bind (default 127.0.0.1)
              --data-dir DIR   where the default H2 database lives (default ./data)
              --db JDBC_URL    a jdbc:postgresql: or jdbc:h2: URL instead of the default
              --db-user U      the database user
              --db-password P  the database password; better in the environment variable KEYWARD_DB_PASSWORD,
                               which other users of the machine do not see in its process list
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
              --introspection-credentials ID:SECRET
                               the API gateway allowed to call POST /oauth/introspect (default none);
                               better in the environment variable KEYWARD_INTROSPECTION_CREDENTIALS
              --github-scanning-key PEM_FILE, --github-scanning-key-id ID
                               a public key (P-256, PEM) trusted to sign GitHub secret scanning alerts
                               at POST /secret-scanning/github, and its identifier (default none)
              --allowed-host NAME
                               a host name the admin plane and console also answer at: a reverse proxy's,
                               or the machine's own on a network (once per name)
            """;

    public DemoOptions {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Options with no host names allowed besides loopback and address literals. */
    public DemoOptions(String host, int port, String dbUrl, String dbUser, String dbPassword, Path dataDir,
            KeywardOptions keyward) {
        this(host, port, dbUrl, dbUser, dbPassword, dataDir, keyward, List.of());
    }

    /** Options with Keyward's settings at the demo's defaults. */
    public DemoOptions(String host, int port, String dbUrl, String dbUser, String dbPassword, Path dataDir) {
        this(host, port, dbUrl, dbUser, dbPassword, dataDir, KeywardOptions.DEFAULTS);
    }

    /**
     * The Keyward settings the demo takes from its command line.
     *
     * @param maxCredentialLifetime     the longest a secret may live, or {@code null} for no limit
     * @param lastUsedResolution        how precisely the last use of a connection is kept
     * @param rateLimit                 API requests per minute per organization, 0 for none
     * @param dailyQuota                API requests per UTC day per organization, 0 for none
     * @param maxLiveTokens             live bearer tokens per connection
     * @param tokenRateLimit            token requests per minute per OAuth client, 0 for none
     * @param introspectionClientId     the API gateway's id at the introspection endpoint, or {@code null} for none
     * @param introspectionClientSecret the API gateway's secret, or {@code null} for none; never shown
     * @param githubScanningKeyId       the identifier of the key trusted to sign GitHub's alerts, or {@code null}
     * @param githubScanningKey         that key, or {@code null} for none
     */
    public record KeywardOptions(Duration maxCredentialLifetime, Duration lastUsedResolution, int rateLimit,
            long dailyQuota, int maxLiveTokens, int tokenRateLimit, String introspectionClientId,
            String introspectionClientSecret, String githubScanningKeyId, PublicKey githubScanningKey) {

        public static final KeywardOptions DEFAULTS = new KeywardOptions(null, Duration.ofSeconds(60));

        /** These settings with no traffic limits, the default cap of live tokens, no gateway and no scanning key. */
        public KeywardOptions(Duration maxCredentialLifetime, Duration lastUsedResolution) {
            this(maxCredentialLifetime, lastUsedResolution, 0, 0, 10, 0, null, null, null, null);
        }

        /** These settings with these traffic limits. */
        public KeywardOptions withLimits(int rateLimit, long dailyQuota, int maxLiveTokens, int tokenRateLimit) {
            return new KeywardOptions(maxCredentialLifetime, lastUsedResolution, rateLimit, dailyQuota, maxLiveTokens,
                    tokenRateLimit, introspectionClientId, introspectionClientSecret, githubScanningKeyId,
                    githubScanningKey);
        }

        /** The same settings with this gateway allowed to introspect. */
        public KeywardOptions withIntrospection(String clientId, String clientSecret) {
            return new KeywardOptions(maxCredentialLifetime, lastUsedResolution, rateLimit, dailyQuota, maxLiveTokens,
                    tokenRateLimit, clientId, clientSecret, githubScanningKeyId, githubScanningKey);
        }

        /** The same settings trusting this key for GitHub's secret scanning alerts. */
        public KeywardOptions withGithubScanningKey(String keyId, PublicKey key) {
            return new KeywardOptions(maxCredentialLifetime, lastUsedResolution, rateLimit, dailyQuota, maxLiveTokens,
                    tokenRateLimit, introspectionClientId, introspectionClientSecret, keyId, key);
        }

        /** The builder with these settings. */
        public Keyward.Builder applyTo(Keyward.Builder builder) {
            if (maxCredentialLifetime != null) {
                builder.maxCredentialLifetime(maxCredentialLifetime);
            }
            if (introspectionClientId != null) {
                builder.introspectionClient(introspectionClientId, introspectionClientSecret);
            }
            if (githubScanningKey != null) {
                builder.githubSecretScanningKey(githubScanningKeyId, githubScanningKey);
            }
            return builder.lastUsedResolution(lastUsedResolution).rateLimit(rateLimit).dailyQuota(dailyQuota)
                    .maxLiveTokens(maxLiveTokens).tokenRateLimit(tokenRateLimit);
        }

        /** Never shows the gateway's secret. */
        @Override
        public String toString() {
            return "KeywardOptions[maxCredentialLifetime=" + maxCredentialLifetime + ", lastUsedResolution="
                    + lastUsedResolution + ", introspectionClientId=" + introspectionClientId
                    + ", introspectionClientSecret=" + (introspectionClientSecret == null ? null : "****")
                    + ", githubScanningKeyId=" + githubScanningKeyId + "]";
        }
    }

    /** These options with other Keyward settings. */
    public DemoOptions withKeyward(KeywardOptions settings) {
        return new DemoOptions(host, port, dbUrl, dbUser, dbPassword, dataDir, settings, allowedHosts);
    }

    /** The environment variable that may hold the database password instead of {@code --db-password}. */
    public static final String DB_PASSWORD_VARIABLE = "KEYWARD_DB_PASSWORD";
    /** The environment variable that may hold {@code ID:SECRET} instead of {@code --introspection-credentials}. */
    public static final String INTROSPECTION_VARIABLE = "KEYWARD_INTROSPECTION_CREDENTIALS";

    /**
     * Parses the arguments, and the secrets this process's environment holds ({@link #parse(List, Map)}),
     * refusing anything unknown or malformed with a message for the user.
     */
    public static DemoOptions parse(List<String> args) {
        return parse(args, System.getenv());
    }

    /**
     * Parses the arguments, refusing anything unknown or malformed with a message for the user. The database
     * password and the gateway's credentials may come from the environment ({@value #DB_PASSWORD_VARIABLE},
     * {@value #INTROSPECTION_VARIABLE}) instead: a command line is shown to every user of the machine in its
     * process list, a process's environment only to its own user. Given both ways, a secret is refused.
     */
    public static DemoOptions parse(List<String> args, Map<String, String> environment) {
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
        String introspection = null;
        Path scanningKeyFile = null;
        String scanningKeyId = null;
        List<String> allowedHosts = new ArrayList<>();
        Set<String> given = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (!flag.startsWith("--")) {
                // Not repeated: an option given no value shifts the next one's value here, a password perhaps.
                throw new IllegalArgumentException("argument " + (i + 1) + " is not an option (options start with --);"
                        + " did an option before it miss its value?\n" + USAGE);
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
                case "--introspection-credentials" -> introspection = value;
                case "--github-scanning-key" -> scanningKeyFile = Path.of(value);
                case "--github-scanning-key-id" -> scanningKeyId = value;
                case "--allowed-host" -> allowedHosts.add(hostName(value));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
            if (!flag.equals("--allowed-host") && !given.add(flag)) {
                // The last one would win without a word: a second key or port is a mistake to say, not to guess.
                throw new IllegalArgumentException(flag + " is given twice\n" + USAGE);
            }
        }
        dbPassword = fromEnvironment(environment, DB_PASSWORD_VARIABLE, "--db-password", dbPassword);
        introspection = fromEnvironment(environment, INTROSPECTION_VARIABLE, "--introspection-credentials",
                introspection);
        if (dbUrl != null && !DemoDatabase.isSupported(dbUrl)) {
            throw new IllegalArgumentException(DemoDatabase.UNSUPPORTED + "\n" + USAGE);
        }
        if (dbUrl != null && DemoDatabase.hasUserInfo(dbUrl)) {
            // Never the URL itself: the password is in it.
            throw new IllegalArgumentException("--db: the URL names a user or password before its host, which the driver"
                    + " does not read; give the user as --db-user or a user= parameter of the URL, and the password in"
                    + " the environment variable " + DB_PASSWORD_VARIABLE + ", which other users do not see");
        }
        if (dbUrl != null && dbPassword != null && DemoDatabase.hasPassword(dbUrl)) {
            // On PostgreSQL the pool would log in with the URL's, the revocation listener with the other.
            throw new IllegalArgumentException("--db: the URL holds a password, and one is given as --db-password or "
                    + DB_PASSWORD_VARIABLE + " too; give it once, best in " + DB_PASSWORD_VARIABLE);
        }
        if (dbUrl != null && dbUser != null && DemoDatabase.hasUser(dbUrl)) {
            throw new IllegalArgumentException("--db: the URL names a user, and --db-user names one too; give it once");
        }
        KeywardOptions keyward = new KeywardOptions(maxLifetime == null || maxLifetime.isZero() ? null : maxLifetime,
                lastUsedResolution).withLimits((int) rateLimit, dailyQuota, (int) maxLiveTokens, (int) tokenRateLimit);
        if (introspection != null) {
            int colon = introspection.indexOf(':');
            if (colon < 1 || colon == introspection.length() - 1) {
                throw new IllegalArgumentException("--introspection-credentials (or " + INTROSPECTION_VARIABLE
                        + ") must be ID:SECRET");
            }
            keyward = keyward.withIntrospection(introspection.substring(0, colon), introspection.substring(colon + 1));
        }
        if ((scanningKeyFile == null) != (scanningKeyId == null)) {
            throw new IllegalArgumentException("--github-scanning-key and --github-scanning-key-id go together");
        }
        if (scanningKeyFile != null) {
            keyward = keyward.withGithubScanningKey(scanningKeyId, pemKey(scanningKeyFile));
        }
        // Keyward's builder judges the values; its refusals reach the user as usage errors, naming the option.
        try {
            keyward.applyTo(Keyward.builder());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optionOf(e.getMessage()) + e.getMessage(), e);
        }
        return new DemoOptions(host, port, dbUrl, dbUser, dbPassword, dataDir, keyward, allowedHosts);
    }

    /** The secret given by the option, or else by the environment variable; refused when given both ways. */
    private static String fromEnvironment(Map<String, String> environment, String variable, String option,
            String given) {
        String set = environment.get(variable);
        if (set == null || set.isEmpty()) {
            return given;
        }
        if (given != null) {
            // Which one to use would be a guess; neither value is repeated.
            throw new IllegalArgumentException(option + " is given twice: as an option and as " + variable);
        }
        if (set.chars().anyMatch(Character::isISOControl)) {
            // Most often the line end of a file the variable was read from; a login would fail without a word.
            throw new IllegalArgumentException(variable + " holds a control character (a line end read from a file?)");
        }
        return set;
    }

    /** The option a refusal of Keyward's builder is about, named by the builder setting its message starts with. */
    private static String optionOf(String message) {
        String setting = message == null ? "" : message.split("[^A-Za-z]", 2)[0];
        String option = switch (setting) {
            case "maxCredentialLifetime" -> "--max-credential-lifetime";
            case "lastUsedResolution" -> "--last-used-resolution";
            case "rateLimit" -> "--rate-limit";
            case "dailyQuota" -> "--daily-quota";
            case "maxLiveTokens" -> "--max-live-tokens";
            case "tokenRateLimit" -> "--token-rate-limit";
            case "introspection", "introspectionClient" -> "--introspection-credentials (or " + INTROSPECTION_VARIABLE + ")";
            case "keyIdentifier" -> "--github-scanning-key-id";
            default -> null;
        };
        return option == null ? "" : option + ": ";
    }

    /** A DNS host name, without a port; {@code localhost} and addresses need none. */
    private static String hostName(String value) {
        // Digits and dots alone are an address to a browser, written short or not (127.1, 10.1): never a name.
        if (!HOST_NAME.matcher(value).matches() || value.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            throw new IllegalArgumentException("--allowed-host must be a host name, letters, digits, '.' and '-',"
                    + " without a port, was " + value);
        }
        return value;
    }

    private static PublicKey pemKey(Path file) {
        try {
            return GitHubSecretScanning.publicKeyFromPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalArgumentException("--github-scanning-key: could not read " + file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--github-scanning-key: " + file + " is not a PEM public key on P-256");
        }
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

    /** Never shows the database password, given as an option or in the URL. */
    @Override
    public String toString() {
        return "DemoOptions[host=" + host + ", port=" + port + ", db="
                + (dbUrl == null ? "H2 in " + dataDir : DemoDatabase.withoutPassword(dbUrl))
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? null : "****") + ", " + keyward
                + ", allowedHosts=" + allowedHosts + "]";
    }
}
