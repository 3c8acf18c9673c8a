package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.Keyward;
import dev.keyward.memory.InMemoryStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class DemoOptionsTest {

    /** Parsed in an empty environment: the one running the tests may hold the demo's variables. */
    private static DemoOptions parse(List<String> args) {
        return DemoOptions.parse(args, Map.of());
    }

    private static DemoOptions parse(List<String> args, Map<String, String> environment) {
        return DemoOptions.parse(args, environment);
    }

    @Test
    void noArgumentsThenLoopbackOnly8080AndH2InData() {
        DemoOptions options = parse(List.of());

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.dbUrl()).isNull();
        assertThat(options.dataDir()).isEqualTo(Path.of("data"));
    }

    @Test
    void everyOptionThenParsed() {
        DemoOptions options = parse(List.of("--port", "0", "--db", "jdbc:postgresql://localhost/k",
                "--db-user", "k", "--db-password", "s3cret", "--data-dir", "/tmp/k", "--host", "0.0.0.0"));

        assertThat(options).isEqualTo(new DemoOptions("0.0.0.0", 0, "jdbc:postgresql://localhost/k", "k", "s3cret",
                Path.of("/tmp/k")));
        assertThat(options.toString()).doesNotContain("s3cret");
    }

    @Test
    @DisplayName("--allowed-host: once per name; a port, an address or anything but a host name is refused")
    void allowedHostsParsedOncePerNameAndOnlyHostNames() {
        assertThat(parse(List.of()).allowedHosts()).isEmpty();
        assertThat(parse(List.of("--allowed-host", "keyward.internal", "--allowed-host", "devbox"))
                .allowedHosts()).containsExactly("keyward.internal", "devbox");
        for (String refused : List.of("keyward.internal:8080", "10.0.0.5", "127.1", "1.2.3.4.5", "[::1]", "", "-devbox",
                "a b", "höst",
                "devbox.", "http://devbox")) {
            assertThatThrownBy(() -> parse(List.of("--allowed-host", refused))).as(refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allowed-host");
        }
    }

    @Test
    @DisplayName("a secret shifted into an option's place by a missing value is not repeated in the error")
    void secretReadAsAnOptionIsNotRepeated() {
        for (List<String> args : List.of(List.of("--db-user", "--db-password", "s3cret"),
                List.of("--data-dir", "--introspection-credentials", "gw:s3cret"),
                List.of("--db-user", "--db-password", "s3cret", "--port", "0"))) {
            assertThatThrownBy(() -> parse(args)).as(args.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        }
        assertThatThrownBy(() -> parse(List.of("--prot", "8080"))).as("a mistyped option is named")
                .hasMessageContaining("unknown option --prot");
    }

    @Test
    @DisplayName("the database password and the gateway's credentials may come from the environment, not both ways")
    void secretsFromTheEnvironmentThenUsedAndGivenTwiceRefused() {
        Map<String, String> environment = Map.of("KEYWARD_DB_PASSWORD", "s3cret",
                "KEYWARD_INTROSPECTION_CREDENTIALS", "gw:s3cret-s3cret-s3cret");

        DemoOptions options = parse(List.of("--db", "jdbc:postgresql://localhost/k", "--db-user", "k"),
                environment);

        assertThat(options.dbPassword()).isEqualTo("s3cret");
        assertThat(options.keyward().introspectionClientId()).isEqualTo("gw");
        assertThat(options.keyward().introspectionClientSecret()).isEqualTo("s3cret-s3cret-s3cret");
        assertThat(options.toString()).doesNotContain("s3cret");
        assertThat(parse(List.of(), Map.of("KEYWARD_DB_PASSWORD", "")).dbPassword()).as("set empty")
                .isNull();
        assertThat(parse(List.of("--db-password", "flag"), Map.of()).dbPassword()).isEqualTo("flag");
        for (List<String> twice : List.of(List.of("--db-password", "other"),
                List.of("--introspection-credentials", "gw2:other-other-other"))) {
            assertThatThrownBy(() -> parse(twice, environment)).as(twice.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice")
                    .hasMessageContaining(twice.get(0)).hasMessageContaining("KEYWARD_")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("other"));
        }
        assertThatThrownBy(() -> parse(List.of(), Map.of("KEYWARD_INTROSPECTION_CREDENTIALS", "s3cret")))
                .hasMessageContaining("KEYWARD_INTROSPECTION_CREDENTIALS").hasMessageContaining("ID:SECRET")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThatThrownBy(() -> parse(List.of(), Map.of("KEYWARD_INTROSPECTION_CREDENTIALS", "gw:short")))
                .as("refused by Keyward's builder").hasMessageStartingWith("--introspection-credentials (or"
                        + " KEYWARD_INTROSPECTION_CREDENTIALS): ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short"));
        assertThatThrownBy(() -> parse(List.of(), Map.of("KEYWARD_DB_PASSWORD", "s3cret\n")))
                .hasMessageContaining("KEYWARD_DB_PASSWORD holds a control character")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    @DisplayName("a password or user in the --db URL and another given beside it: refused, neither shown")
    void passwordInTheUrlAndGivenAgainThenRefused() {
        for (String url : List.of("jdbc:postgresql://db.example/k?ssl=true&password=s3cret",
                "jdbc:postgresql://db.example/k?PASSWORD=s3cret", "jdbc:h2:file:/tmp/k;Password=s3cret",
                "jdbc:postgresql://db.example/k?password", "jdbc:postgresql://db.example/k?password&ssl=true")) {
            for (Map<String, String> environment : List.of(Map.<String, String>of(),
                    Map.of("KEYWARD_DB_PASSWORD", "0ther"))) {
                List<String> args = environment.isEmpty() ? List.of("--db", url, "--db-password", "0ther")
                        : List.of("--db", url);
                assertThatThrownBy(() -> parse(args, environment)).as(url + " " + environment.keySet())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give it once")
                        .message().doesNotContain("s3cret").doesNotContain("0ther").doesNotContain("db.example");
            }
        }
        assertThat(parse(List.of("--db", "jdbc:postgresql://db.example/k?sslpassword=s3cret", "--db-password", "0ther"))
                .dbPassword()).as("a key's password is not the login's").isEqualTo("0ther");
        for (String url : List.of("jdbc:postgresql://db.example/k?user=a", "jdbc:h2:file:/tmp/k;USER=a")) {
            assertThatThrownBy(() -> parse(List.of("--db", url, "--db-user", "b"))).as(url)
                    .hasMessageContaining("names a user, and --db-user names one too");
        }
        assertThat(parse(List.of("--db", "jdbc:postgresql://db.example/k?username=a", "--db-user", "b")).dbUser())
                .as("another parameter ending in user").isEqualTo("b");
    }

    @Test
    void passwordInTheDatabaseUrlIsShownNeitherByTheOptionsNorByTheBanner() {
        Map<String, String> shown = Map.of(
                "jdbc:postgresql://db.example/keyward?user=k&password=s3cret&ssl=true",
                "jdbc:postgresql://db.example/keyward?user=k&password=****&ssl=true",
                "jdbc:postgresql://db.example/keyward?PassWord=s3cret",
                "jdbc:postgresql://db.example/keyward?PassWord=****",
                "jdbc:postgresql://db.example/keyward?user=k&sslpassword=s3cret&sslkey=/k.pk8",
                "jdbc:postgresql://db.example/keyward?user=k&sslpassword=****&sslkey=/k.pk8",
                "jdbc:postgresql://db.example/keyward?password=s3c;ret&SSLPassword=s3c?r;et",
                "jdbc:postgresql://db.example/keyward?password=****&SSLPassword=****",
                "jdbc:h2:file:/tmp/k;USER=sa;PASSWORD=s3cret;LOCK_TIMEOUT=10000",
                "jdbc:h2:file:/tmp/k;USER=sa;PASSWORD=****;LOCK_TIMEOUT=10000",
                "jdbc:h2:file:/tmp/k;USER=sa;password=s3c&ret",
                "jdbc:h2:file:/tmp/k;USER=sa;password=****",
                // H2 reads "\;" as a ";" of the value: the password is s3c;ret, so all after it is masked.
                "jdbc:h2:file:/tmp/k;PASSWORD=s3c\\;ret;MODE=PostgreSQL",
                "jdbc:h2:file:/tmp/k;PASSWORD=****");

        for (Map.Entry<String, String> url : shown.entrySet()) {
            // A password given beside the URL's own is refused (below): given only where the URL has none.
            DemoOptions options = parse(DemoDatabase.hasPassword(url.getKey()) ? List.of("--db", url.getKey())
                    : List.of("--db", url.getKey(), "--db-password", "0ther"));

            assertThat(options.toString()).as(url.getKey()).contains("db=" + url.getValue() + ",")
                    .doesNotContain("s3c").doesNotContain("0ther");
            assertThat(Banner.text(URI.create("http://127.0.0.1:8080"), DemoDatabase.describe(options)))
                    .as(url.getKey()).contains("Database: " + url.getValue() + "\n").doesNotContain("s3c");
            assertThat(options.dbUrl()).as("the URL given is the one used").isEqualTo(url.getKey());
        }
        // Another database is refused without the URL repeated, and its password masked wherever it is shown.
        String other = "jdbc:other://db.example/k?user=k;dbPassword=s3c&ret;x=1";
        assertThatThrownBy(() -> parse(List.of("--db", other))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--db must be").hasMessageNotContaining("s3c");
        assertThat(DemoDatabase.describe(new DemoOptions("127.0.0.1", 8080, other, null, null, Path.of("data"))))
                .isEqualTo("jdbc:other://db.example/k?user=k;dbPassword=****");
    }

    /**
     * The node's own listening connection gets a login timeout, unless the URL gives one: after a lost connection a
     * new one is opened, which a peer that accepts and then answers nothing must not hold for ever.
     */
    @Test
    void postgresPushConnectionsThenALoginTimeoutUnlessTheUrlGivesOne() {
        PGSimpleDataSource direct = (PGSimpleDataSource) DemoDatabase.pushConnections(
                parse(List.of("--db", "jdbc:postgresql://db.example/keyward", "--db-user", "k")));
        assertThat(direct.getLoginTimeout()).isEqualTo(10);
        assertThat(direct.getSocketTimeout()).isEqualTo(15);
        PGSimpleDataSource given = (PGSimpleDataSource) DemoDatabase.pushConnections(
                parse(List.of("--db", "jdbc:postgresql://db.example/keyward?loginTimeout=3&socketTimeout=7")));
        assertThat(given.getLoginTimeout()).isEqualTo(3);
        assertThat(given.getSocketTimeout()).isEqualTo(7);
        assertThat(DemoDatabase.pushConnections(parse(List.of()))).as("H2: no push").isNull();
    }

    /** Neither pgjdbc nor H2 reads a user and password there; failing to connect, they would print the URL. */
    @Test
    void databaseUrlWithAUserAndPasswordBeforeTheHostThenRefusedWithoutShowingIt() {
        for (String url : List.of("jdbc:postgresql://k:s3cret@db.example/keyward",
                "jdbc:postgresql://k:s3cret@db.example:5432/keyward?sslmode=require",
                "jdbc:postgresql://k:s3c/r:et@db.example/keyward", "jdbc:postgresql://k@db.example/keyward",
                "jdbc:h2:tcp://sa:s3cret@localhost/~/keyward")) {
            assertThatThrownBy(() -> parse(List.of("--db", url))).as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("user=").hasMessageContaining("--db-user").hasMessageContaining("KEYWARD_DB_PASSWORD")
                    .message().doesNotContain("s3c").doesNotContain("db.example").doesNotContain("localhost");
        }
        assertThat(parse(List.of("--db", "jdbc:postgresql://db.example/keyward?password=s3c@ret")).dbUrl())
                .endsWith("s3c@ret");
    }

    /** Options made in code are not parsed: they still show a password before the host masked. */
    @Test
    void passwordBeforeTheHostIsMasked() {
        assertThat(DemoDatabase.withoutPassword("jdbc:postgresql://k:s3cret@db.example:5432/keyward?sslmode=require"))
                .isEqualTo("jdbc:postgresql://k:****@db.example:5432/keyward?sslmode=require");
        assertThat(DemoDatabase.withoutPassword("jdbc:postgresql://k:s3c/r:et@db.example/keyward"))
                .isEqualTo("jdbc:postgresql://k:****@db.example/keyward");
        assertThat(new DemoOptions("127.0.0.1", 0, "jdbc:postgresql://k:s3cret@db.example/keyward", null, null,
                Path.of("data")).toString()).doesNotContain("s3c");
    }

    @Test
    void keywardSettingsThenParsedWithDefaultsOtherwise() {
        assertThat(parse(List.of()).keyward()).isEqualTo(DemoOptions.KeywardOptions.DEFAULTS);
        assertThat(DemoOptions.KeywardOptions.DEFAULTS.maxCredentialLifetime()).isNull();
        assertThat(DemoOptions.KeywardOptions.DEFAULTS.lastUsedResolution()).isEqualTo(Duration.ofSeconds(60));

        DemoOptions.KeywardOptions parsed = parse(List.of("--max-credential-lifetime", "7776000",
                "--last-used-resolution", "5")).keyward();

        assertThat(parsed).isEqualTo(new DemoOptions.KeywardOptions(Duration.ofDays(90), Duration.ofSeconds(5)));
        assertThat(parse(List.of("--max-credential-lifetime", "0")).keyward().maxCredentialLifetime())
                .as("0 means no limit").isNull();
        Keyward keyward = parsed.applyTo(Keyward.builder().store(new InMemoryStore())).build();
        assertThat(keyward.config().maxCredentialLifetime()).contains(Duration.ofDays(90));
        assertThat(keyward.config().lastUsedResolution()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void trafficOptionsThenParsedAndHandedToTheBuilder() {
        DemoOptions.KeywardOptions defaults = parse(List.of()).keyward();
        assertThat(defaults.rateLimit()).isZero();
        assertThat(defaults.dailyQuota()).isZero();
        assertThat(defaults.maxLiveTokens()).isEqualTo(10);
        assertThat(defaults.tokenRateLimit()).isZero();

        DemoOptions.KeywardOptions parsed = parse(List.of("--rate-limit", "100", "--daily-quota",
                "50000", "--max-live-tokens", "3", "--token-rate-limit", "20")).keyward();

        assertThat(parsed).isEqualTo(DemoOptions.KeywardOptions.DEFAULTS.withLimits(100, 50_000, 3, 20));
        Keyward keyward = parsed.applyTo(Keyward.builder().store(new InMemoryStore())).build();
        assertThat(keyward.config().trafficLimits()).isEqualTo(new dev.keyward.TrafficLimits(100, 50_000));
        assertThat(keyward.config().maxLiveTokens()).isEqualTo(3);
        assertThat(keyward.config().tokenRateLimit()).isEqualTo(20);
    }

    @Test
    void badTrafficOptionsThenUsage() {
        for (String[] bad : new String[][] {{"--rate-limit", "-1"}, {"--rate-limit", "ten"},
                {"--daily-quota", "1.5"}, {"--max-live-tokens", "0"}, {"--max-live-tokens", "1001"},
                {"--token-rate-limit", "-3"}}) {
            assertThatThrownBy(() -> parse(List.of(bad))).as(bad[0] + " " + bad[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad[0]);
        }
    }

    @Test
    void badKeywardSettingsThenUsage() {
        assertThatThrownBy(() -> parse(List.of("--max-credential-lifetime", "-1")))
                .hasMessageContaining("--max-credential-lifetime");
        assertThatThrownBy(() -> parse(List.of("--last-used-resolution", "0")))
                .hasMessageContaining("--last-used-resolution");
        assertThatThrownBy(() -> parse(List.of("--last-used-resolution", "1.5")))
                .hasMessageContaining("--last-used-resolution");
    }

    @Test
    @DisplayName("a value Keyward's builder refuses is refused naming the option it came from")
    void builderRefusalsNameTheOption() {
        assertThatThrownBy(() -> parse(List.of("--max-credential-lifetime", "30")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--max-credential-lifetime: ");
        assertThatThrownBy(() -> parse(List.of("--last-used-resolution", "86401")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--last-used-resolution: ");
        assertThatThrownBy(() -> parse(List.of("--introspection-credentials", "gw:short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--introspection-credentials (or KEYWARD_INTROSPECTION_CREDENTIALS): ")
                .hasMessageNotContaining("short");
    }

    @Test
    @DisplayName("an unknown option is named as unknown, given once or twice")
    void unknownOptionGivenTwiceIsUnknown() {
        assertThatThrownBy(() -> parse(List.of("--verbose", "1", "--verbose", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown option --verbose");
    }

    @Test
    @DisplayName("an option given twice is refused, naming it, rather than the last one kept; --allowed-host adds up")
    void optionGivenTwiceIsRefused() {
        for (List<String> twice : List.of(List.of("--port", "8081", "--port", "8082"),
                List.of("--host", "127.0.0.1", "--host", "0.0.0.0"),
                List.of("--github-scanning-key-id", "a", "--github-scanning-key-id", "b"),
                List.of("--db-password", "first-pass", "--db-password", "second-pass"))) {
            assertThatThrownBy(() -> parse(twice)).as(twice.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(twice.get(0) + " is given twice")
                    .hasMessageNotContaining("second-pass");
        }
    }

    @Test
    void badArgumentsThenUsage() {
        assertThatThrownBy(() -> parse(List.of("--port", "http"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> parse(List.of("--port", "70000"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> parse(List.of("--db"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse(List.of("--verbose", "1"))).hasMessageContaining("usage");
    }

    @Test
    void interopOptionsThenParsedAndTheSecretNeverShown(@TempDir Path dir) throws Exception {
        GitHubAlerts github = new GitHubAlerts();
        Path pem = Files.writeString(dir.resolve("github.pem"), github.publicKeyPem());

        DemoOptions options = parse(List.of("--introspection-credentials", "gw:s3cret-s3cret-s3cret",
                "--github-scanning-key", pem.toString(), "--github-scanning-key-id", "key-1"));

        assertThat(options.keyward().introspectionClientId()).isEqualTo("gw");
        assertThat(options.keyward().introspectionClientSecret()).isEqualTo("s3cret-s3cret-s3cret");
        assertThat(options.keyward().githubScanningKey()).isEqualTo(github.keys().getPublic());
        assertThat(options.toString()).contains("gw").doesNotContain("s3cret");
        Keyward keyward = options.keyward().applyTo(Keyward.builder().store(new InMemoryStore())).build();
        assertThat(keyward.config().introspectionClientId()).contains("gw");
        assertThat(keyward.config().githubScanningKeys()).containsOnlyKeys("key-1");
        assertThatThrownBy(() -> parse(List.of("--github-scanning-key", pem.toString(),
                "--github-scanning-key-id", "key\u0001"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--github-scanning-key-id: ");
    }

    @Test
    void badInteropOptionsThenUsage(@TempDir Path dir) throws Exception {
        Path notAKey = Files.writeString(dir.resolve("x.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> parse(List.of("--introspection-credentials", "no-colon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ID:SECRET");
        assertThatThrownBy(() -> parse(List.of("--introspection-credentials", "gw:short")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse(List.of("--github-scanning-key", notAKey.toString())))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> parse(List.of("--github-scanning-key", notAKey.toString(),
                "--github-scanning-key-id", "k"))).hasMessageContaining("P-256");
        assertThatThrownBy(() -> parse(List.of("--github-scanning-key", dir.resolve("none").toString(),
                "--github-scanning-key-id", "k"))).hasMessageContaining("could not read");
    }
}
