package dev.keyward.benchmarks;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.ClientAddress;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.micrometer.KeywardMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The warm path — headers in, result out, with the credential already verified on this node —
 * and the denials of credentials refused before any store read, beside their floor: one
 * HMAC-SHA256 of the same header value, with the {@link Mac} reused as a fair implementation
 * would. Every request goes through the public {@code RequestAuthenticator}; the revocation
 * check interval is long enough that no store re-read falls into a measurement. The same grants
 * are measured again on an instance with Keyward's Micrometer meters bound to a Prometheus
 * registry, as the demos run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class WarmVerification {

    /** Ten ranges, IPv4 first as they are kept; the address used lies in the last. */
    private static final List<String> ALLOWLIST = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "198.51.100.0/24", "203.0.113.0/24", "2001:db8:1::/48", "2001:db8:2::/48", "2001:db8:3::/48",
            "2001:db8:4::/48", "2001:db8:9::/48");

    private Keyward keyward;
    private Keyward limited;
    private RequestHeaders limitedKey;
    /** A key of the limited instance whose connection has the ten ranges. */
    private RequestHeaders limitedRestrictedKey;
    private Keyward metered;
    /** Rate limit, daily quota, meters and a ten-range allowlist, all at once. */
    private Keyward everything;
    private RequestHeaders everythingKey;
    private PrometheusMeterRegistry registry;
    private RequestHeaders meteredAccessKey;
    private RequestHeaders meteredBearer;
    private Setups.CountingAuditListener audit;
    private RequestHeaders accessKey;
    private RequestHeaders restrictedKey;
    /** The peer address as a servlet container gives it: text, parsed on every request. */
    private String remoteAddress;
    private RequestHeaders bearer;
    private RequestHeaders malformed;
    private RequestHeaders badChecksum;
    private byte[] headerValue;
    private Mac mac;
    private long auditedBefore;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        audit = new Setups.CountingAuditListener();
        keyward = Keyward.builder().store(new InMemoryStore()).auditListener(audit)
                .revocationCheckInterval(java.time.Duration.ofHours(1)).build();
        String key = Setups.accessKey(keyward, "acme");
        String token = Setups.bearerToken(keyward, Setups.tokenRequest(keyward, "globex"));
        accessKey = RequestHeaders.of("Accesskey", key);
        restrictedKey = RequestHeaders.of("Accesskey", keyward.connections().create(Setups.SUPER,
                dev.keyward.OrganizationId.of("initech"), dev.keyward.NewConnection
                        .builder("Office", dev.keyward.AuthenticationType.ACCESS_KEY).allowedIps(ALLOWLIST).build())
                .secret().reveal());
        // Inside the last range checked: the scan goes through every range.
        remoteAddress = "2001:db8:9::17";
        bearer = RequestHeaders.of("Authorization", "Bearer " + token);
        // Too short to be a credential: refused on its length.
        malformed = RequestHeaders.of("Accesskey", "kwak_" + key.substring(5, 30));
        // Well-formed in every character, wrong only in its checksum: refused after the CRC32.
        char last = key.charAt(key.length() - 1);
        badChecksum = RequestHeaders.of("Accesskey", key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A'));
        headerValue = key.getBytes(StandardCharsets.US_ASCII);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metered = Keyward.builder().store(new InMemoryStore()).auditListener(audit)
                .revocationCheckInterval(java.time.Duration.ofHours(1)).observer(KeywardMetrics.of(registry)).build();
        meteredAccessKey = RequestHeaders.of("Accesskey", Setups.accessKey(metered, "acme"));
        everything = Keyward.builder().store(new InMemoryStore()).auditListener(audit).rateLimit(1_000_000_000)
                .dailyQuota(1_000_000_000_000L).revocationCheckInterval(java.time.Duration.ofHours(1))
                .observer(KeywardMetrics.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))).build();
        everythingKey = RequestHeaders.of("Accesskey", everything.connections().create(Setups.SUPER,
                dev.keyward.OrganizationId.of("initech"), dev.keyward.NewConnection
                        .builder("Office", dev.keyward.AuthenticationType.ACCESS_KEY).allowedIps(ALLOWLIST).build())
                .secret().reveal());
        meteredBearer = RequestHeaders.of("Authorization", "Bearer "
                + Setups.bearerToken(metered, Setups.tokenRequest(metered, "globex")));
        mac = Mac.getInstance("HmacSHA256");
        byte[] macKey = new byte[32];
        new java.security.SecureRandom().nextBytes(macKey);
        mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
        require(keyward.authenticator().authenticate(accessKey, ApiFamily.REST).granted(), "access key granted");
        require(keyward.authenticator().authenticate(bearer, ApiFamily.REST).granted(), "bearer token granted");
        require(warmAccessKeyWithAllowlist().granted(), "allowlisted key granted from inside");
        require(!keyward.authenticator().authenticate(restrictedKey, ApiFamily.REST, null,
                ClientAddress.parse("192.0.2.1")).granted(), "allowlisted key denied from outside");
        require(metered.authenticator().authenticate(meteredAccessKey, ApiFamily.REST).granted(), "metered granted");
        require(!warmAccessKeyEverythingOn().isEmpty(), "everything on: granted from inside with RateLimit headers");
        require(metered.authenticator().authenticate(meteredBearer, ApiFamily.REST).granted(), "metered bearer");
        require(!keyward.authenticator().authenticate(malformed, ApiFamily.REST).granted(), "malformed denied");
        require(!keyward.authenticator().authenticate(badChecksum, ApiFamily.REST).granted(), "bad checksum denied");
        // Limits far above what a run can spend, so every measured request is counted and admitted.
        limited = Keyward.builder().store(new InMemoryStore()).auditListener(audit).rateLimit(1_000_000_000)
                .dailyQuota(1_000_000_000_000L).revocationCheckInterval(java.time.Duration.ofHours(1)).build();
        limitedKey = RequestHeaders.of("Accesskey", Setups.accessKey(limited, "acme"));
        limitedRestrictedKey = RequestHeaders.of("Accesskey", limited.connections().create(Setups.SUPER,
                dev.keyward.OrganizationId.of("initech"), dev.keyward.NewConnection
                        .builder("Office", dev.keyward.AuthenticationType.ACCESS_KEY).allowedIps(ALLOWLIST).build())
                .secret().reveal());
        require(!((AuthenticationResult.Granted) warmAccessKeyLimitedWithAllowlist()).headers().isEmpty(),
                "limited, allowlisted key granted from inside with RateLimit headers");
        require(!((AuthenticationResult.Granted) limited.authenticator().authenticate(limitedKey, ApiFamily.REST))
                .headers().isEmpty(), "limited access key granted with RateLimit headers");
        auditedBefore = audit.count();
    }

    /** The denials measured must have reached the audit listener; grants are not audited. */
    @TearDown(Level.Trial)
    public void checkAudited(BenchmarkParams params) {
        boolean denials = params.getBenchmark().contains("denied");
        require(denials == (audit.count() > auditedBefore), "exactly the denials audited");
        if (params.getBenchmark().contains("Metered")) {
            require(registry.get("keyward.verifications").tag("outcome", "granted").counters().stream()
                    .mapToDouble(c -> c.count()).sum() > 2, "metered grants counted");
        }
    }

    @Benchmark
    public byte[] hmacFloor() {
        return mac.doFinal(headerValue);
    }

    @Benchmark
    public AuthenticationResult warmAccessKey() {
        return keyward.authenticator().authenticate(accessKey, ApiFamily.REST);
    }

    /** The warm path with a rate limit and a daily quota counted (two Bucket4j buckets) and the status kept. */
    @Benchmark
    public AuthenticationResult warmAccessKeyLimited() {
        return limited.authenticator().authenticate(limitedKey, ApiFamily.REST);
    }

    /**
     * The warm path with a rate limit and a daily quota counted, of a key whose connection has ten allowed
     * ranges, the client's address parsed from text.
     */
    @Benchmark
    public AuthenticationResult warmAccessKeyLimitedWithAllowlist() {
        return limited.authenticator().authenticate(limitedRestrictedKey, ApiFamily.REST, null,
                ClientAddress.parseOrNull(remoteAddress));
    }

    /** As above, and the {@code RateLimit-Policy} and {@code RateLimit} headers written, as a host sends them. */
    @Benchmark
    public Object warmAccessKeyLimitedWithHeaders() {
        return ((AuthenticationResult.Granted) limited.authenticator().authenticate(limitedKey, ApiFamily.REST))
                .headers();
    }

    /**
     * The warm path as a demanding host runs it: a rate limit and a daily quota counted, Micrometer meters
     * on, and a connection with ten allowed ranges checked against the client's address parsed from text; and
     * the {@code RateLimit-Policy} and {@code RateLimit} headers made, as both adapters make them for every
     * grant a limit applies to.
     */
    @Benchmark
    public Map<String, String> warmAccessKeyEverythingOn() {
        return ((AuthenticationResult.Granted) everything.authenticator().authenticate(everythingKey, ApiFamily.REST,
                null, ClientAddress.parseOrNull(remoteAddress))).headers();
    }

    /** The warm path of a key whose connection has ten allowed ranges, the client's address parsed from text. */
    @Benchmark
    public AuthenticationResult warmAccessKeyWithAllowlist() {
        return keyward.authenticator().authenticate(restrictedKey, ApiFamily.REST, null,
                ClientAddress.parseOrNull(remoteAddress));
    }

    @Benchmark
    public AuthenticationResult warmBearerToken() {
        return keyward.authenticator().authenticate(bearer, ApiFamily.REST);
    }

    @Benchmark
    public AuthenticationResult warmAccessKeyMetered() {
        return metered.authenticator().authenticate(meteredAccessKey, ApiFamily.REST);
    }

    @Benchmark
    public AuthenticationResult warmBearerTokenMetered() {
        return metered.authenticator().authenticate(meteredBearer, ApiFamily.REST);
    }

    @Benchmark
    public AuthenticationResult deniedMalformed() {
        return keyward.authenticator().authenticate(malformed, ApiFamily.REST);
    }

    @Benchmark
    public AuthenticationResult deniedBadChecksum() {
        return keyward.authenticator().authenticate(badChecksum, ApiFamily.REST);
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed: " + what);
        }
    }
}
