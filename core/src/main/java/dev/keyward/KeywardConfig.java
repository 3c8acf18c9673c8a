package dev.keyward;

import dev.keyward.internal.GuardedObserver;
import dev.keyward.internal.GatewayCredential;
import dev.keyward.spi.AuditListener;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The validated, immutable settings of one {@link Keyward} instance, as {@link Keyward.Builder}
 * made them; read them through {@link Keyward#config()}. Holds no secret (the introspection
 * gateway's secret only as a digest), so it may be logged.
 * Only the builder creates one, so a setting added in a later release changes no signature a
 * host calls.
 */
public final class KeywardConfig {

    private final KeywardStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final AuditListener auditListener;
    private final int accessKeyLimit;
    private final int oauthLimit;
    private final CredentialPrefixes prefixes;
    private final Argon2Parameters argon2;
    private final Duration tokenTimeToLive;
    private final Duration maxGracePeriod;
    private final long cacheMaximumSize;
    private final Duration revocationCheckInterval;
    private final Duration revocationPollInterval;
    private final int maxConcurrentHashes;
    private final Duration hashQueueTimeout;
    private final String accessKeyHeader;
    private final String realm;
    private final DenialBody denialBody;
    private final Duration maxCredentialLifetime;
    private final Duration lastUsedResolution;
    private final TrafficLimits trafficLimits;
    private final OrganizationLimits organizationLimits;
    private final int maxLiveTokens;
    private final int tokenRateLimit;
    private final KeywardObserver observer;
    private final GatewayCredential gateway;
    private final Map<String, ECPublicKey> githubScanningKeys;

    KeywardConfig(Keyward.Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.random = builder.random == null ? new SecureRandom() : builder.random;
        this.auditListener = builder.auditListener;
        this.accessKeyLimit = builder.accessKeyLimit;
        this.oauthLimit = builder.oauthLimit;
        this.prefixes = builder.prefixes;
        this.argon2 = builder.argon2;
        this.tokenTimeToLive = builder.tokenTimeToLive;
        this.maxGracePeriod = builder.maxGracePeriod;
        this.cacheMaximumSize = builder.cacheMaximumSize;
        this.revocationCheckInterval = builder.revocationCheckInterval;
        this.revocationPollInterval = builder.revocationPollInterval;
        this.maxConcurrentHashes = builder.maxConcurrentHashes;
        this.hashQueueTimeout = builder.hashQueueTimeout;
        this.accessKeyHeader = builder.accessKeyHeader;
        this.realm = builder.realm;
        this.denialBody = builder.denialBody;
        this.maxCredentialLifetime = builder.maxCredentialLifetime;
        this.lastUsedResolution = builder.lastUsedResolution;
        this.trafficLimits = new TrafficLimits(builder.rateLimit, builder.dailyQuota);
        this.organizationLimits = builder.organizationLimits;
        this.maxLiveTokens = builder.maxLiveTokens;
        this.tokenRateLimit = builder.tokenRateLimit;
        this.observer = GuardedObserver.of(builder.observer);
        this.gateway = builder.gateway;
        this.githubScanningKeys = Collections.unmodifiableMap(new LinkedHashMap<>(builder.githubScanningKeys));
    }

    /**
     * Receives metrics and tracing events; {@link KeywardObserver#NONE} unless set. As Keyward calls it:
     * an exception it throws is logged and never reaches the caller.
     */
    public KeywardObserver observer() {
        return observer;
    }

    /** Where connections and tokens are kept. */
    public KeywardStore store() {
        return store;
    }

    /** The time source; default {@link Clock#systemUTC()}. */
    public Clock clock() {
        return clock;
    }

    /** The randomness of every secret and id; default a new {@link SecureRandom}. */
    public SecureRandom random() {
        return random;
    }

    /** Receives audit events; default {@link AuditListener#slf4j()}. */
    public AuditListener auditListener() {
        return auditListener;
    }

    /** Access Key connections allowed per organization; default 1. */
    public int accessKeyLimit() {
        return accessKeyLimit;
    }

    /** M2M OAuth connections allowed per organization; default 15. */
    public int oauthLimit() {
        return oauthLimit;
    }

    /** The credential prefixes; default {@link CredentialPrefixes#DEFAULTS}. */
    public CredentialPrefixes prefixes() {
        return prefixes;
    }

    /** The Argon2id cost of hashing secrets; default {@link Argon2Parameters#DEFAULTS}. */
    public Argon2Parameters argon2() {
        return argon2;
    }

    /** The lifetime of a bearer token; default 86,400 s. */
    public Duration tokenTimeToLive() {
        return tokenTimeToLive;
    }

    /** The longest grace period a regeneration may grant; default 30 days. */
    public Duration maxGracePeriod() {
        return maxGracePeriod;
    }

    /** Verified credentials remembered per node; default 100,000. */
    public long cacheMaximumSize() {
        return cacheMaximumSize;
    }

    /**
     * How stale a remembered verification may get before its row is read again: the safety net behind
     * the revocation log; default 60 s.
     */
    public Duration revocationCheckInterval() {
        return revocationCheckInterval;
    }

    /** How often a node reads the revocation log when the store cannot push; default 1 s. */
    public Duration revocationPollInterval() {
        return revocationPollInterval;
    }

    /** Argon2 computations at once, for verification, create and regenerate and leak reports; default the processor count. */
    public int maxConcurrentHashes() {
        return maxConcurrentHashes;
    }

    /**
     * How long a caller waits for an Argon2 slot (a verification, a create or regenerate, a leak report) before
     * it is turned away with 503 or {@code OVERLOADED}, and a request for the answer of the same credential's
     * first check under way for another; default 2 s.
     */
    public Duration hashQueueTimeout() {
        return hashQueueTimeout;
    }

    /** The request header carrying an access key; default {@code Accesskey}. */
    public String accessKeyHeader() {
        return accessKeyHeader;
    }

    /** The realm named in {@code WWW-Authenticate}; default {@code keyward}. */
    public String realm() {
        return realm;
    }

    /** Writes the JSON body of denied requests; default {@link DenialBody#standard()}. */
    public DenialBody denialBody() {
        return denialBody;
    }

    /** The longest a secret may live, empty for no limit (the default). */
    public Optional<Duration> maxCredentialLifetime() {
        return Optional.ofNullable(maxCredentialLifetime);
    }

    /** How precisely the last use of a connection is kept; default 60 s. */
    public Duration lastUsedResolution() {
        return lastUsedResolution;
    }

    /**
     * The traffic limits of every organization's API requests, unless {@link #organizationLimits()}
     * says otherwise: {@code rateLimit} per minute and {@code dailyQuota} per UTC day; default none.
     */
    public TrafficLimits trafficLimits() {
        return trafficLimits;
    }

    /** The host's limits per organization, empty when every organization gets {@link #trafficLimits()}. */
    public Optional<OrganizationLimits> organizationLimits() {
        return Optional.ofNullable(organizationLimits);
    }

    /** Live bearer tokens per connection; issuing one more revokes the oldest; default 10. */
    public int maxLiveTokens() {
        return maxLiveTokens;
    }

    /** Token requests per minute per OAuth client, 0 for no limit (the default). */
    public int tokenRateLimit() {
        return tokenRateLimit;
    }

    /** The client id of the API gateway that may introspect credentials; empty when none may (the default). */
    public Optional<String> introspectionClientId() {
        return gateway == null ? Optional.empty() : Optional.of(gateway.clientId());
    }

    /** The gateway's credential, as digests only. */
    GatewayCredential gateway() {
        return gateway;
    }

    /** The public keys trusted to sign GitHub's secret scanning alerts, by key identifier; default none. */
    public Map<String, ECPublicKey> githubScanningKeys() {
        return githubScanningKeys;
    }

    @Override
    public String toString() {
        return "KeywardConfig[store=" + store + ", accessKeyLimit=" + accessKeyLimit + ", oauthLimit=" + oauthLimit
                + ", prefixes=" + prefixes + ", argon2=" + argon2 + ", tokenTimeToLive=" + tokenTimeToLive
                + ", maxGracePeriod=" + maxGracePeriod + ", cacheMaximumSize=" + cacheMaximumSize
                + ", revocationCheckInterval=" + revocationCheckInterval + ", revocationPollInterval="
                + revocationPollInterval + ", maxConcurrentHashes="
                + maxConcurrentHashes + ", hashQueueTimeout=" + hashQueueTimeout + ", accessKeyHeader="
                + accessKeyHeader + ", realm=" + realm + ", maxCredentialLifetime=" + maxCredentialLifetime
                + ", lastUsedResolution=" + lastUsedResolution + ", trafficLimits=" + trafficLimits
                + ", organizationLimits=" + (organizationLimits == null ? "none" : "host's") + ", maxLiveTokens="
                + maxLiveTokens + ", tokenRateLimit=" + tokenRateLimit + ", introspectionClientId="
                + (gateway == null ? null : gateway.clientId()) + ", githubScanningKeys=" + githubScanningKeys.keySet()
                + "]";
    }
}
