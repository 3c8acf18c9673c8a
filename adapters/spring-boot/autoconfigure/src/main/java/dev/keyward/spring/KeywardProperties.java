package dev.keyward.spring;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Keyward's settings under {@code keyward.*}. A setting left out keeps Keyward's own default,
 * named in its description; {@link KeywardBuilderSettings} checks each one given when the
 * application starts. A duration is written with its unit ({@code 250ms}, {@code 30s}, {@code 10m},
 * {@code 90d}) or as a bare number of seconds. Mutable, for binding only.
 */
@ConfigurationProperties("keyward")
public class KeywardProperties {

    /** Access Key connections allowed per organization, 1-1000. Default 1. */
    private Integer accessKeyLimit;

    /** M2M OAuth connections allowed per organization, 1-1000. Default 15. */
    private Integer oauthLimit;

    /** Lifetime of bearer tokens, 1 minute to 1 day; a bare number is seconds. Default 86400 seconds. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration tokenTimeToLive;

    /** The longest grace period a regeneration may grant, up to 365 days; a bare number is seconds. Default 30 days. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration maxGracePeriod;

    /** Verified credentials remembered per node, 0-10000000 (0 turns the cache off). Default 100000. */
    private Long cacheMaximumSize;

    /**
     * How long a node trusts a remembered verification before it reads the credential again, up to 1
     * hour; a bare number is seconds. Default 60 seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration revocationCheckInterval;

    /**
     * How often a node reads the revocation log when the store cannot push, 10 ms to 1 minute; a bare
     * number is seconds. Default 1 second.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration revocationPollInterval;

    /**
     * Argon2 computations run at once, 1-1024: by verification, create and regenerate, and leak reports, which
     * share one gate. Default the number of processors.
     */
    private Integer maxConcurrentHashes;

    /**
     * How long a caller (a verification, a create or regenerate, a leak report) waits for an Argon2 slot before
     * it is turned away with 503 or OVERLOADED, up to 1 minute; a bare number is seconds. Default 2 seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration hashQueueTimeout;

    /** The request header that carries an access key. Default Accesskey. */
    private String accessKeyHeader;

    /** The realm of WWW-Authenticate challenges. Default keyward. */
    private String realm;

    /**
     * The longest a connection's secret may live, 1 minute to 100 years; a bare number is seconds.
     * Default none: secrets do not expire unless asked to.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration maxCredentialLifetime;

    /**
     * How precisely the last use of a connection is kept, 1 second to 1 day; a bare number is seconds.
     * Default 60 seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration lastUsedResolution;

    /** API requests per minute allowed to each organization, 0-1000000000. Default 0: no limit. */
    private Integer rateLimit;

    /** API requests per UTC day allowed to each organization, 0-1000000000000. Default 0: no quota. */
    private Long dailyQuota;

    /** Live bearer tokens per M2M OAuth connection, 1-1000; issuing one more revokes the oldest. Default 10. */
    private Integer maxLiveTokens;

    /** Token requests per minute allowed to each OAuth client, 0-1000000. Default 0: no limit. */
    private Integer tokenRateLimit;

    /**
     * Proxies, as literal IP addresses or CIDR ranges, whose forwarding header names the client.
     * Default none: the client address is the connection's remote address.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /** Which header the trusted proxies write. Default X-Forwarded-For. */
    private ForwardingHeader trustedProxyHeader = ForwardingHeader.X_FORWARDED_FOR;

    /** The Argon2id cost of hashing secrets. */
    private final Argon2 argon2 = new Argon2();

    /** The prefixes of generated credentials. */
    private final Prefixes prefixes = new Prefixes();

    /** The JDBC store over the application's DataSource. */
    private final Jdbc jdbc = new Jdbc();

    /** Keyward's meters, when Micrometer and keyward-micrometer are present. */
    private final Metrics metrics = new Metrics();

    /** Argon2id parameters; all three or none. Defaults m=19456 KiB, t=2, p=1. */
    public static class Argon2 {
        /** Memory in KiB. */
        private Integer memoryKib;
        /** Iterations. */
        private Integer iterations;
        /** Lanes. */
        private Integer parallelism;

        public Integer getMemoryKib() {
            return memoryKib;
        }

        public void setMemoryKib(Integer memoryKib) {
            this.memoryKib = memoryKib;
        }

        public Integer getIterations() {
            return iterations;
        }

        public void setIterations(Integer iterations) {
            this.iterations = iterations;
        }

        public Integer getParallelism() {
            return parallelism;
        }

        public void setParallelism(Integer parallelism) {
            this.parallelism = parallelism;
        }
    }

    /** Credential prefixes; all four or none. Defaults kwak_, kwci_, kwcs_, kwat_. */
    public static class Prefixes {
        /** Prefix of access keys. */
        private String accessKey;
        /** Prefix of OAuth client ids. */
        private String clientId;
        /** Prefix of OAuth client secrets. */
        private String clientSecret;
        /** Prefix of bearer tokens. */
        private String bearerToken;

        public String getAccessKey() {
            return accessKey;
        }

        public void setAccessKey(String accessKey) {
            this.accessKey = accessKey;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public String getBearerToken() {
            return bearerToken;
        }

        public void setBearerToken(String bearerToken) {
            this.bearerToken = bearerToken;
        }
    }

    /** Keyward's meters. */
    public static class Metrics {
        /**
         * Organizations whose id becomes a tag of keyward.verifications and keyward.tokens.issued, 1-10000;
         * the rest share the value "(other)". 0, the default, tags no organization id.
         */
        private int organizationTagLimit;

        /** Whether Keyward's timers publish percentile histograms. */
        private boolean histograms;

        public int getOrganizationTagLimit() {
            return organizationTagLimit;
        }

        public void setOrganizationTagLimit(int organizationTagLimit) {
            this.organizationTagLimit = organizationTagLimit;
        }

        public boolean isHistograms() {
            return histograms;
        }

        public void setHistograms(boolean histograms) {
            this.histograms = histograms;
        }
    }

    /** The JDBC store over the application's DataSource. */
    public static class Jdbc {
        /** Whether the schema is migrated when the application starts. */
        private boolean migrate = true;

        /**
         * Whether, on PostgreSQL, the node listens for revocations (LISTEN/NOTIFY) on a connection of its
         * own, opened with the DataSource's URL, user and password; else it polls the log every
         * revocation-poll-interval. Default true.
         */
        private boolean push = true;

        /**
         * How long one statement the store runs while serving may take before the driver cancels it: whole
         * seconds up to 1h, or 0 for no bound of the store's. Default 10s (the store's own default; named here,
         * not read from the store, so these properties load without keyward-jdbc).
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration statementTimeout = Duration.ofSeconds(10);

        public Duration getStatementTimeout() {
            return statementTimeout;
        }

        public void setStatementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
        }

        public boolean isMigrate() {
            return migrate;
        }

        public boolean isPush() {
            return push;
        }

        public void setPush(boolean push) {
            this.push = push;
        }

        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }
    }

    public Duration getRevocationPollInterval() {
        return revocationPollInterval;
    }

    public void setRevocationPollInterval(Duration revocationPollInterval) {
        this.revocationPollInterval = revocationPollInterval;
    }

    public Integer getAccessKeyLimit() {
        return accessKeyLimit;
    }

    public void setAccessKeyLimit(Integer accessKeyLimit) {
        this.accessKeyLimit = accessKeyLimit;
    }

    public Integer getOauthLimit() {
        return oauthLimit;
    }

    public void setOauthLimit(Integer oauthLimit) {
        this.oauthLimit = oauthLimit;
    }

    public Duration getTokenTimeToLive() {
        return tokenTimeToLive;
    }

    public void setTokenTimeToLive(Duration tokenTimeToLive) {
        this.tokenTimeToLive = tokenTimeToLive;
    }

    public Duration getMaxGracePeriod() {
        return maxGracePeriod;
    }

    public void setMaxGracePeriod(Duration maxGracePeriod) {
        this.maxGracePeriod = maxGracePeriod;
    }

    public Long getCacheMaximumSize() {
        return cacheMaximumSize;
    }

    public void setCacheMaximumSize(Long cacheMaximumSize) {
        this.cacheMaximumSize = cacheMaximumSize;
    }

    public Duration getRevocationCheckInterval() {
        return revocationCheckInterval;
    }

    public void setRevocationCheckInterval(Duration revocationCheckInterval) {
        this.revocationCheckInterval = revocationCheckInterval;
    }

    public Integer getMaxConcurrentHashes() {
        return maxConcurrentHashes;
    }

    public void setMaxConcurrentHashes(Integer maxConcurrentHashes) {
        this.maxConcurrentHashes = maxConcurrentHashes;
    }

    public Duration getHashQueueTimeout() {
        return hashQueueTimeout;
    }

    public void setHashQueueTimeout(Duration hashQueueTimeout) {
        this.hashQueueTimeout = hashQueueTimeout;
    }

    public String getAccessKeyHeader() {
        return accessKeyHeader;
    }

    public void setAccessKeyHeader(String accessKeyHeader) {
        this.accessKeyHeader = accessKeyHeader;
    }

    public String getRealm() {
        return realm;
    }

    public void setRealm(String realm) {
        this.realm = realm;
    }

    public Duration getMaxCredentialLifetime() {
        return maxCredentialLifetime;
    }

    public void setMaxCredentialLifetime(Duration maxCredentialLifetime) {
        this.maxCredentialLifetime = maxCredentialLifetime;
    }

    public Duration getLastUsedResolution() {
        return lastUsedResolution;
    }

    public void setLastUsedResolution(Duration lastUsedResolution) {
        this.lastUsedResolution = lastUsedResolution;
    }

    public Integer getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(Integer rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Long getDailyQuota() {
        return dailyQuota;
    }

    public void setDailyQuota(Long dailyQuota) {
        this.dailyQuota = dailyQuota;
    }

    public Integer getMaxLiveTokens() {
        return maxLiveTokens;
    }

    public void setMaxLiveTokens(Integer maxLiveTokens) {
        this.maxLiveTokens = maxLiveTokens;
    }

    public Integer getTokenRateLimit() {
        return tokenRateLimit;
    }

    public void setTokenRateLimit(Integer tokenRateLimit) {
        this.tokenRateLimit = tokenRateLimit;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public ForwardingHeader getTrustedProxyHeader() {
        return trustedProxyHeader;
    }

    public void setTrustedProxyHeader(ForwardingHeader trustedProxyHeader) {
        this.trustedProxyHeader = trustedProxyHeader;
    }

    /** The header trusted proxies name the client in. */
    public enum ForwardingHeader {
        /** {@code X-Forwarded-For: client, proxy1, …}. */
        X_FORWARDED_FOR,
        /** RFC 7239 {@code Forwarded: for=client, for=proxy1, …}. */
        FORWARDED
    }

    public Argon2 getArgon2() {
        return argon2;
    }

    public Prefixes getPrefixes() {
        return prefixes;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }
}
