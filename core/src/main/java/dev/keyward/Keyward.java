package dev.keyward;

import dev.keyward.internal.AlertSignature;
import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.Auditor;
import dev.keyward.internal.ColdVerifier;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.CredentialVerifier;
import dev.keyward.internal.ExpiryPolicy;
import dev.keyward.internal.HashGate;
import dev.keyward.internal.GatewayCredential;
import dev.keyward.internal.KeyedDigest;
import dev.keyward.internal.LeakResponder;
import dev.keyward.internal.LastUseRecorder;
import dev.keyward.internal.RevocationFollower;
import dev.keyward.internal.Revoker;
import dev.keyward.internal.SecretHasher;
import dev.keyward.internal.TimedHasher;
import dev.keyward.internal.TokenIssuer;
import dev.keyward.internal.TokenValues;
import dev.keyward.internal.VerificationCache;
import dev.keyward.spi.AuditListener;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The entry point: one instance per store, shared by every thread of the host.
 * Built by {@link #builder()}; thread-safe. Close it when the host stops, so the last uses
 * noted in memory are written ({@link #close()}).
 *
 * <pre>{@code
 * Keyward keyward = Keyward.builder().store(new InMemoryStore()).build();
 * IssuedCredentials issued = keyward.connections()
 *         .create(Actor.admin("alice"), OrganizationId.of("acme"), "Reporting", AuthenticationType.ACCESS_KEY);
 * }</pre>
 */
public final class Keyward implements AutoCloseable {

    private final KeywardConfig config;
    private final LastUseRecorder lastUse;
    private final ConnectionService connections;
    private final RequestAuthenticator authenticator;
    private final TokenEndpoint tokenEndpoint;
    private final IntrospectionEndpoint introspectionEndpoint;
    private final RevocationEndpoint revocationEndpoint;
    private final GitHubSecretScanning githubSecretScanning;
    private final TokenIssuer tokenIssuer;
    private final Revoker revoker;
    private final RevocationFollower revocations;
    private final CredentialCodec codec;
    private final TokenValues tokenValues;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final KeywardObserver.State observedState;

    private Keyward(KeywardConfig config, SecretHasher hasher, ScheduledExecutorService lastUseExecutor) {
        this.config = config;
        KeywardObserver observer = config.observer();
        SecretHasher timedHasher = TimedHasher.of(hasher, observer);
        CredentialCodec codec = new CredentialCodec(config.prefixes(), config.random());
        HashGate gate = new HashGate(config.maxConcurrentHashes(), config.hashQueueTimeout(), observer);
        this.lastUse = new LastUseRecorder(config.store(), config.lastUsedResolution(), lastUseExecutor);
        ColdVerifier cold = new ColdVerifier(config.store(), timedHasher, gate, config.clock(), lastUse);
        CredentialVerifier verifier = new CredentialVerifier(new KeyedDigest(config.random()),
                new VerificationCache(config.cacheMaximumSize()), cold, config.store(), config.clock(),
                config.revocationCheckInterval(), lastUse, config.hashQueueTimeout(), observer);
        this.revoker = new Revoker(config.store(), verifier, config.clock());
        this.revocations = new RevocationFollower(config.store(), verifier, config.clock(),
                config.revocationPollInterval(), config.revocationCheckInterval(), observer);
        this.tokenIssuer = new TokenIssuer(config.store(), codec, verifier, cold, config.clock(),
                config.tokenTimeToLive(), config.maxLiveTokens(), revoker);
        this.connections = new ConnectionService(config, codec, timedHasher, gate, revoker);
        this.authenticator = new RequestAuthenticator(config, codec, verifier, organizationLimiter(config));
        this.tokenEndpoint = new TokenEndpoint(config, codec, verifier, tokenIssuer, clientLimiter(config));
        this.introspectionEndpoint = new IntrospectionEndpoint(config, codec, verifier);
        this.revocationEndpoint = new RevocationEndpoint(config, codec, verifier, revoker);
        // Apart from the leak reports' own: values in reports are anyone's to plant, and must not queue the host's.
        this.tokenValues = new TokenValues(timedHasher, gate);
        this.githubSecretScanning = new GitHubSecretScanning(config, new LeakResponder(config.store(), codec,
                timedHasher, gate, new TokenValues(timedHasher, gate), revoker, config.clock(),
                new Auditor(config.auditListener(), config.clock(), config.observer()), GitHubSecretScanning.ACTOR));
        this.codec = codec;
        this.observedState = new ObservedState(verifier, gate, cold);
        observer.attached(observedState);
        try {
            revocations.start();
        } catch (RuntimeException | Error e) {
            // No instance comes out of a failed build: what was started for it stops, and the observer lets go.
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Counts API requests per organization, or null when no organization can have a limit. */
    private static TrafficLimiter organizationLimiter(KeywardConfig config) {
        OrganizationLimits hook = config.organizationLimits().orElse(null);
        if (hook == null && config.trafficLimits().unlimited()) {
            return null;
        }
        TrafficLimits defaults = config.trafficLimits();
        return new TrafficLimiter(hook == null ? org -> defaults : org -> hook.limitsFor(OrganizationId.of(org)),
                defaults, config.clock());
    }

    /** Counts token requests per OAuth client, or null when there is no limit. */
    private static TrafficLimiter clientLimiter(KeywardConfig config) {
        if (config.tokenRateLimit() == 0) {
            return null;
        }
        TrafficLimits limits = new TrafficLimits(config.tokenRateLimit(), 0);
        return new TrafficLimiter(client -> limits, limits, config.clock());
    }

    /** What gauges of an observer read: this instance's cache and Argon2 gate. */
    private record ObservedState(CredentialVerifier verifier, HashGate gate, ColdVerifier cold)
            implements KeywardObserver.State {

        @Override
        public long cachedCredentials() {
            return verifier.cacheSize();
        }

        @Override
        public int hashesRunning() {
            return gate.running();
        }

        @Override
        public int hashesWaiting() {
            return gate.waiting();
        }

        @Override
        public int hashesWaitingForTheirCredential() {
            return cold.waitingForTheirCredential();
        }
    }

    /** A builder with every default; only the store must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The management service: create, list, rename, regenerate and delete connections. */
    public ConnectionService connections() {
        return connections;
    }

    /** Authenticates API requests by their access key or bearer token. */
    public RequestAuthenticator authenticator() {
        return authenticator;
    }

    /** The OAuth 2.0 token endpoint (client credentials grant) of M2M OAuth connections. */
    public TokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    /** OAuth token introspection (RFC 7662) for the platform's API gateway. */
    public IntrospectionEndpoint introspectionEndpoint() {
        return introspectionEndpoint;
    }

    /** OAuth token revocation (RFC 7009): an M2M OAuth client revokes one of its bearer tokens. */
    public RevocationEndpoint revocationEndpoint() {
        return revocationEndpoint;
    }

    /** Receives GitHub's secret scanning partner alerts and revokes the live credentials they report. */
    public GitHubSecretScanning githubSecretScanning() {
        return githubSecretScanning;
    }

    /**
     * Deletes at most {@code limit} bearer tokens that have expired by the configured clock, and
     * returns how many; call again while it returns {@code limit}. Issuing a token already purges
     * a few, so storage stays bounded without this; a host may still call it on a schedule.
     *
     * @throws IllegalArgumentException if the limit is not positive
     */
    public int purgeExpiredTokens(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return tokenIssuer.purge(limit);
    }

    /**
     * Revokes one bearer token on every node: deletes it and logs the revocation in one unit of work,
     * so other nodes learn it as they learn a regeneration; this node forgets it at once. For a host's
     * own revocation paths (an administrator, a leak report). A value that is not a well-formed bearer
     * token, or is not a live token — unknown, expired, or only sharing a token's lookup id, which is not
     * secret — revokes nothing: one store read and one SHA-256 (for a token an earlier release stored with
     * Argon2id, one Argon2 verify, in a queue apart from the requests presenting it).
     *
     * @return whether a token was revoked
     * @throws KeywardException {@code OVERLOADED} when a token stored before tokens were digested finds no Argon2
     *         turn within the configured wait; nothing is revoked then
     * @throws dev.keyward.spi.StoreException when the store fails, or cannot delete a single token (a store
     *         written against an earlier SPI, which must be upgraded); nothing is revoked then
     */
    public boolean revokeToken(String bearerToken) {
        CredentialCodec.ParsedCredential parsed = bearerToken == null ? null : codec.parse(bearerToken);
        if (parsed == null || parsed.kind() != CredentialKind.BEARER_TOKEN) {
            return false;
        }
        return revoker.revokeToken(parsed.lookupId(), token -> switch (tokenValues.match(token, bearerToken,
                HashGate.REVOCATIONS_BY_VALUE, true)) {
            case TOKEN -> true;
            case NOT_TOKEN -> false;
            case BUSY -> throw new KeywardException(ErrorCode.OVERLOADED,
                    "too many Argon2 checks at once; retry in a second");
        }).isPresent();
    }

    /** How revocations made on other nodes reach this one, and how far it has read the revocation log. */
    public RevocationStatus revocationStatus() {
        RevocationStatus.Delivery delivery = !revocations.follows() ? RevocationStatus.Delivery.RE_READ
                : switch (revocations.mode()) {
                    case PUSH -> RevocationStatus.Delivery.PUSH;
                    case POLL -> RevocationStatus.Delivery.POLL;
                    case NO_LOG -> RevocationStatus.Delivery.RE_READ;
                };
        return new RevocationStatus(delivery, revocations.position(), revocations.applied());
    }

    /**
     * Writes the last-use times noted so far and stops the background task that writes them (or,
     * on a host's executor, stops scheduling on it); stops following the revocation log, closing the
     * store's listener and its connection; tells the observer it is detached (gauges let go of this instance).
     * Idempotent. Waits at most 5 s for the revocation log's
     * thread, and at most 5 s for the last write of last-use times: a write the store has not answered
     * by then is logged with the count of uses it holds, and goes on, on a daemon thread, until the
     * store answers. Verification keeps working after close, but uses are neither written nor kept in
     * memory, and revocations made elsewhere reach this node only by re-reading: each remembered credential is
     * read again once {@code revocationPollInterval} has passed since its last check, as on a store without a
     * revocation log.
     */
    @Override
    public void close() {
        revocations.close();
        lastUse.close();
        if (closed.compareAndSet(false, true)) {
            config.observer().detached(observedState);
        }
    }

    /**
     * Writes the last-use times noted so far, now, on the calling thread, instead of waiting for the
     * background task; for tests and graceful shutdowns.
     *
     * @throws dev.keyward.spi.StoreException when the store fails; the uses stay noted for the next write
     */
    public void flushLastUse() {
        lastUse.flush();
    }

    /** The settings this instance was built with. */
    public KeywardConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "Keyward[" + config.store() + "]";
    }

    /**
     * Collects and validates settings: each setter refuses a bad value at once with an
     * {@link IllegalArgumentException} or {@link NullPointerException} naming the setting.
     * Not thread-safe; {@link #build()} takes a snapshot, so a builder may be reused.
     */
    public static final class Builder {

        private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
        private static final Pattern REALM = Pattern.compile("[\\x20-\\x7e&&[^\"\\\\]]{1,64}");
        private static final Pattern GATEWAY_ID = Pattern.compile("[\\x21-\\x7e&&[^:]]{1,128}");
        private static final Pattern GATEWAY_SECRET = Pattern.compile("[\\x21-\\x7e]{16,256}");
        private static final Pattern KEY_IDENTIFIER = Pattern.compile("[\\x21-\\x7e]{1,256}");

        KeywardStore store;
        Clock clock = Clock.systemUTC();
        SecureRandom random;
        AuditListener auditListener = AuditListener.slf4j();
        int accessKeyLimit = 1;
        int oauthLimit = 15;
        CredentialPrefixes prefixes = CredentialPrefixes.DEFAULTS;
        Argon2Parameters argon2 = Argon2Parameters.DEFAULTS;
        Duration tokenTimeToLive = Duration.ofSeconds(86_400);
        Duration maxGracePeriod = Duration.ofDays(30);
        long cacheMaximumSize = 100_000;
        Duration revocationCheckInterval = Duration.ofSeconds(60);
        Duration revocationPollInterval = Duration.ofSeconds(1);
        int maxConcurrentHashes = Runtime.getRuntime().availableProcessors();
        Duration hashQueueTimeout = Duration.ofSeconds(2);
        String accessKeyHeader = "Accesskey";
        String realm = "keyward";
        DenialBody denialBody = DenialBody.standard();
        Duration maxCredentialLifetime;
        Duration lastUsedResolution = Duration.ofSeconds(60);
        ScheduledExecutorService lastUsedExecutor;
        int rateLimit;
        long dailyQuota;
        OrganizationLimits organizationLimits;
        int maxLiveTokens = 10;
        int tokenRateLimit;
        KeywardObserver observer = KeywardObserver.NONE;
        GatewayCredential gateway;
        final Map<String, ECPublicKey> githubScanningKeys = new LinkedHashMap<>();
        private SecretHasher hasher;

        private Builder() {
        }

        /** Where connections and tokens are kept. Required. */
        public Builder store(KeywardStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The time source of every timestamp, expiry and grace period. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The randomness of every secret and id. Default a new {@link SecureRandom}. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Receives every audit event. Default {@link AuditListener#slf4j()}. */
        public Builder auditListener(AuditListener auditListener) {
            this.auditListener = Objects.requireNonNull(auditListener, "auditListener");
            return this;
        }

        /** Access Key connections allowed per organization, 1–1000. Default 1. */
        public Builder accessKeyLimit(int limit) {
            this.accessKeyLimit = inRange("accessKeyLimit", limit, 1, 1000);
            return this;
        }

        /** M2M OAuth connections allowed per organization, 1–1000. Default 15. */
        public Builder oauthLimit(int limit) {
            this.oauthLimit = inRange("oauthLimit", limit, 1, 1000);
            return this;
        }

        /** The prefixes of generated credentials. Default {@link CredentialPrefixes#DEFAULTS}. */
        public Builder prefixes(CredentialPrefixes prefixes) {
            this.prefixes = Objects.requireNonNull(prefixes, "prefixes");
            return this;
        }

        /**
         * The Argon2id cost of hashing secrets. Default {@link Argon2Parameters#DEFAULTS}. Stored hashes
         * made with other parameters keep verifying and are re-hashed after their next success.
         */
        public Builder argon2(Argon2Parameters argon2) {
            this.argon2 = Objects.requireNonNull(argon2, "argon2");
            return this;
        }

        /**
         * Lifetime of bearer tokens, 1 minute to 1 day: a token is a credential of its own, kept only as a
         * SHA-256, so it stays short-lived. Default 86,400 seconds.
         */
        public Builder tokenTimeToLive(Duration ttl) {
            this.tokenTimeToLive = between("tokenTimeToLive", ttl, Duration.ofMinutes(1), Duration.ofDays(1));
            return this;
        }

        /** The longest grace period a regeneration may grant, up to 365 days. Default 30 days. */
        public Builder maxGracePeriod(Duration max) {
            this.maxGracePeriod = between("maxGracePeriod", max, Duration.ZERO, Duration.ofDays(365));
            return this;
        }

        /** Verified credentials remembered per node, 0–10,000,000 (0 turns the cache off). Default 100,000. */
        public Builder cacheMaximumSize(long size) {
            if (size < 0 || size > 10_000_000) {
                throw new IllegalArgumentException("cacheMaximumSize must be 0-10000000, was " + size);
            }
            this.cacheMaximumSize = size;
            return this;
        }

        /**
         * How long a node trusts a remembered verification before it reads the credential's row again,
         * 0 to 1 hour; default 60 seconds. Revocations reach other nodes through the store's revocation
         * log, pushed or polled; this re-read is the safety net behind it. With a store that keeps no
         * log, a node re-reads at the {@link #revocationPollInterval} instead when that is shorter.
         */
        public Builder revocationCheckInterval(Duration interval) {
            this.revocationCheckInterval = between("revocationCheckInterval", interval, Duration.ZERO,
                    Duration.ofHours(1));
            return this;
        }

        /**
         * How often a node reads the revocation log when the store cannot push revocations (H2, a
         * pooler in transaction mode, a failed listener), or has lost its push connection: the bound on
         * revocation across nodes then. 10 ms to 1 minute; default 1 second.
         */
        public Builder revocationPollInterval(Duration interval) {
            this.revocationPollInterval = between("revocationPollInterval", interval, Duration.ofMillis(10),
                    Duration.ofMinutes(1));
            return this;
        }

        /**
         * Argon2 computations run at once, 1–1024: by verification, by create and regenerate, and by leak reports,
         * which share one gate. Default the number of processors. Verification runs at most one at a time for
         * any one credential, and a turn given back goes to the waiting organization holding the fewest, so a
         * flood of wrong secrets, even at every credential of one organization, gives the next turn it gives back
         * to another organization waiting beside it with none.
         */
        public Builder maxConcurrentHashes(int max) {
            this.maxConcurrentHashes = inRange("maxConcurrentHashes", max, 1, 1024);
            return this;
        }

        /**
         * How long a caller waits for an Argon2 slot, 0 to 1 minute, counted for a request from its arrival: then
         * a verification is denied 503 ({@code OVERLOADED}), a create or regenerate refused {@code OVERLOADED}, a
         * leak report answered 503. A request that finds the same credential's first check under way for another
         * request waits for its answer as long at most. Default 2 s.
         */
        public Builder hashQueueTimeout(Duration timeout) {
            this.hashQueueTimeout = between("hashQueueTimeout", timeout, Duration.ZERO, Duration.ofMinutes(1));
            return this;
        }

        /** The request header that carries an access key (an HTTP token). Default {@code Accesskey}. */
        public Builder accessKeyHeader(String name) {
            Objects.requireNonNull(name, "accessKeyHeader");
            if (!HEADER_NAME.matcher(name).matches() || name.equalsIgnoreCase("Authorization")) {
                throw new IllegalArgumentException("accessKeyHeader must be an HTTP header name other than Authorization");
            }
            this.accessKeyHeader = name;
            return this;
        }

        /** The realm of {@code WWW-Authenticate} challenges: 1–64 printable ASCII, no quote or backslash. */
        public Builder realm(String realm) {
            Objects.requireNonNull(realm, "realm");
            if (!REALM.matcher(realm).matches()) {
                throw new IllegalArgumentException("realm must be 1-64 printable ASCII characters without \" or \\");
            }
            this.realm = realm;
            return this;
        }

        /**
         * Writes the JSON body of denied requests, for hosts with their own error format.
         * Default {@link DenialBody#standard()}.
         */
        public Builder denialBody(DenialBody denialBody) {
            this.denialBody = Objects.requireNonNull(denialBody, "denialBody");
            return this;
        }

        /**
         * The longest a connection's secret may live, 1 minute to 100 years; default none (secrets do
         * not expire unless asked to, and may be asked to expire at most 100 years away). With it, a
         * create or regenerate without an expiry gets this lifetime, and one asking for more is refused
         * with {@code INVALID_INPUT}.
         */
        public Builder maxCredentialLifetime(Duration max) {
            this.maxCredentialLifetime = between("maxCredentialLifetime", max, Duration.ofMinutes(1),
                    ExpiryPolicy.LONGEST_LIFETIME);
            return this;
        }

        /**
         * How precisely {@link Connection#lastUsedAt()} is kept, 1 second to 1 day; default 60 s. A
         * node writes the last use of a connection at most once per this time, off the request path.
         */
        public Builder lastUsedResolution(Duration resolution) {
            this.lastUsedResolution = between("lastUsedResolution", resolution, Duration.ofSeconds(1),
                    Duration.ofDays(1));
            return this;
        }

        /**
         * Runs the background writes of last-use times, for hosts that manage their own threads.
         * Default: one daemon thread of Keyward's own, stopped by {@link Keyward#close()}; an executor
         * given here is used but never shut down by Keyward. If it refuses the writes, or stops running
         * them (it was shut down), a warning is logged and no later use is recorded; requests are not
         * affected, and the uses noted before are written by {@link Keyward#close()}, on a thread of its own.
         */
        public Builder lastUsedExecutor(ScheduledExecutorService executor) {
            this.lastUsedExecutor = Objects.requireNonNull(executor, "lastUsedExecutor");
            return this;
        }

        /**
         * API requests per minute allowed to each organization, 0–1,000,000,000; default 0, no limit. Counted
         * per node once a credential has verified, so a guesser never spends an organization's allowance;
         * past it a request is denied with 429 {@code RATE_LIMITED}. See {@link TrafficLimits}.
         */
        public Builder rateLimit(int perMinute) {
            this.rateLimit = inRange("rateLimit", perMinute, 0, 1_000_000_000);
            return this;
        }

        /**
         * API requests per UTC day allowed to each organization, 0–1,000,000,000,000; default 0, no quota.
         * Counted like {@link #rateLimit}.
         */
        public Builder dailyQuota(long perDay) {
            if (perDay < 0 || perDay > 1_000_000_000_000L) {
                throw new IllegalArgumentException("dailyQuota must be 0-1000000000000, was " + perDay);
            }
            this.dailyQuota = perDay;
            return this;
        }

        /**
         * The credential of the platform's API gateway, the one caller allowed to introspect credentials
         * ({@link IntrospectionEndpoint}); it authenticates with HTTP Basic. Only digests are kept. The id
         * is 1–128 printable ASCII characters without a colon; the secret 16–256 printable ASCII
         * characters. The gateway may send them in its Basic header form-encoded, as RFC 6749 §2.3.1 has OAuth
         * clients do, or as they are, as RFC 7617 does ({@code curl -u}): both are its credentials. Default none:
         * every introspection is refused.
         */
        public Builder introspectionClient(String clientId, String clientSecret) {
            Objects.requireNonNull(clientId, "introspection clientId");
            Objects.requireNonNull(clientSecret, "introspection clientSecret");
            if (!GATEWAY_ID.matcher(clientId).matches()) {
                throw new IllegalArgumentException(
                        "introspection clientId must be 1-128 printable ASCII characters without ':'");
            }
            if (!GATEWAY_SECRET.matcher(clientSecret).matches()) {
                throw new IllegalArgumentException("introspection clientSecret must be 16-256 printable ASCII characters");
            }
            this.gateway = new GatewayCredential(clientId, clientSecret);
            return this;
        }

        /**
         * The host's limits per organization, in place of {@link #rateLimit} and {@link #dailyQuota}
         * (which apply when it fails as an organization's allowance is first needed; a later failure keeps
         * the limits in force). Default none.
         */
        public Builder organizationLimits(OrganizationLimits limits) {
            this.organizationLimits = Objects.requireNonNull(limits, "organizationLimits");
            return this;
        }

        /**
         * Live bearer tokens per M2M OAuth connection, 1–1000; default 10. Issuing one more revokes the
         * oldest live one, on every node, as a token revocation does.
         */
        public Builder maxLiveTokens(int max) {
            this.maxLiveTokens = inRange("maxLiveTokens", max, 1, 1000);
            return this;
        }

        /**
         * Token requests per minute allowed to each OAuth client, 0–1,000,000; default 0, no limit.
         * Counted per node once the client authenticated from an allowed address; past it the token
         * endpoint answers 429 {@code slow_down}.
         */
        public Builder tokenRateLimit(int perMinute) {
            this.tokenRateLimit = inRange("tokenRateLimit", perMinute, 0, 1_000_000);
            return this;
        }

        /**
         * Receives metrics and tracing events: verifications, cold verifications, Argon2 work, cache
         * hits, token issuance, management actions, revocations received. Default
         * {@link KeywardObserver#NONE}; for several, {@link KeywardObserver#composite}. Keyward
         * Micrometer's {@code KeywardMetrics} is one.
         */
        public Builder observer(KeywardObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Trusts a public key to sign GitHub's secret scanning alerts ({@link GitHubSecretScanning}), under
         * the identifier GitHub publishes for it (1–256 printable ASCII characters). May be called once per
         * key; GitHub rotates keys, so trust every current one. Default none: every alert is refused.
         *
         * @throws IllegalArgumentException when the key is not an EC key on the P-256 curve
         */
        public Builder githubSecretScanningKey(String keyIdentifier, PublicKey key) {
            Objects.requireNonNull(keyIdentifier, "keyIdentifier");
            Objects.requireNonNull(key, "key");
            if (!KEY_IDENTIFIER.matcher(keyIdentifier).matches()) {
                throw new IllegalArgumentException("keyIdentifier must be 1-256 printable ASCII characters");
            }
            githubScanningKeys.put(keyIdentifier, AlertSignature.requireP256(key));
            return this;
        }

        /** Replaces the Argon2id hasher, so tests can count and pace hash computations. */
        Builder hasher(SecretHasher hasher) {
            this.hasher = Objects.requireNonNull(hasher, "hasher");
            return this;
        }

        /** Builds an instance over a snapshot of these settings. */
        public Keyward build() {
            if (store == null) {
                throw new IllegalStateException("store must be set");
            }
            KeywardConfig config = new KeywardConfig(this);
            return new Keyward(config, hasher == null ? new Argon2idHasher(argon2) : hasher, lastUsedExecutor);
        }

        private static int inRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", was " + value);
            }
            return value;
        }

        private static Duration between(String name, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
