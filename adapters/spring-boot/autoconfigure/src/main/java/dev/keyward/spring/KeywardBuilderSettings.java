package dev.keyward.spring;

import dev.keyward.Argon2Parameters;
import dev.keyward.CredentialPrefixes;
import dev.keyward.Keyward;
import dev.keyward.TrustedProxies;
import dev.keyward.servlet.ClientAddresses;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Hands the {@code keyward.*} properties to Keyward's builder, which checks each value; a value
 * it refuses stops start-up with the property's name, the value and the builder's reason.
 * The checks themselves stay in the builder, the one place that knows the ranges.
 */
final class KeywardBuilderSettings {

    private final Keyward.Builder builder;

    private KeywardBuilderSettings(Keyward.Builder builder) {
        this.builder = builder;
    }

    /** Applies every property that is set. */
    static Keyward.Builder apply(KeywardProperties p, Keyward.Builder builder) {
        KeywardBuilderSettings s = new KeywardBuilderSettings(builder);
        s.set("keyward.access-key-limit", p.getAccessKeyLimit(), builder::accessKeyLimit);
        s.set("keyward.oauth-limit", p.getOauthLimit(), builder::oauthLimit);
        s.set("keyward.token-time-to-live", p.getTokenTimeToLive(), builder::tokenTimeToLive);
        s.set("keyward.max-grace-period", p.getMaxGracePeriod(), builder::maxGracePeriod);
        s.set("keyward.cache-maximum-size", p.getCacheMaximumSize(), builder::cacheMaximumSize);
        s.set("keyward.revocation-check-interval", p.getRevocationCheckInterval(), builder::revocationCheckInterval);
        s.set("keyward.revocation-poll-interval", p.getRevocationPollInterval(), builder::revocationPollInterval);
        s.set("keyward.max-concurrent-hashes", p.getMaxConcurrentHashes(), builder::maxConcurrentHashes);
        s.set("keyward.hash-queue-timeout", p.getHashQueueTimeout(), builder::hashQueueTimeout);
        s.set("keyward.access-key-header", p.getAccessKeyHeader(), builder::accessKeyHeader);
        s.set("keyward.realm", p.getRealm(), builder::realm);
        s.set("keyward.max-credential-lifetime", p.getMaxCredentialLifetime(), builder::maxCredentialLifetime);
        s.set("keyward.last-used-resolution", p.getLastUsedResolution(), builder::lastUsedResolution);
        s.set("keyward.rate-limit", p.getRateLimit(), builder::rateLimit);
        s.set("keyward.daily-quota", p.getDailyQuota(), builder::dailyQuota);
        s.set("keyward.max-live-tokens", p.getMaxLiveTokens(), builder::maxLiveTokens);
        s.set("keyward.token-rate-limit", p.getTokenRateLimit(), builder::tokenRateLimit);
        s.argon2(p.getArgon2());
        s.prefixes(p.getPrefixes());
        return builder;
    }

    /** The client address source of {@code keyward.trusted-proxies}. */
    static ClientAddresses clientAddresses(KeywardProperties p) {
        String name = "keyward.trusted-proxies";
        return check(name, p.getTrustedProxies(), () -> {
            TrustedProxies proxies = TrustedProxies.of(p.getTrustedProxies());
            return ClientAddresses.of(p.getTrustedProxyHeader() == KeywardProperties.ForwardingHeader.FORWARDED
                    ? proxies.readingForwarded() : proxies);
        });
    }

    private <T> void set(String name, T value, Consumer<T> setter) {
        if (value != null) {
            check(name, value, () -> {
                setter.accept(value);
                return null;
            });
        }
    }

    private void argon2(KeywardProperties.Argon2 a) {
        if (allNull(a.getMemoryKib(), a.getIterations(), a.getParallelism())) {
            return;
        }
        String description = "m=" + a.getMemoryKib() + ",t=" + a.getIterations() + ",p=" + a.getParallelism();
        builder.argon2(check("keyward.argon2", description, () -> new Argon2Parameters(
                required("keyward.argon2.memory-kib", a.getMemoryKib()),
                required("keyward.argon2.iterations", a.getIterations()),
                required("keyward.argon2.parallelism", a.getParallelism()))));
    }

    private void prefixes(KeywardProperties.Prefixes p) {
        if (allNull(p.getAccessKey(), p.getClientId(), p.getClientSecret(), p.getBearerToken())) {
            return;
        }
        String description = String.join(",", String.valueOf(p.getAccessKey()), String.valueOf(p.getClientId()),
                String.valueOf(p.getClientSecret()), String.valueOf(p.getBearerToken()));
        builder.prefixes(check("keyward.prefixes", description, () -> new CredentialPrefixes(
                required("keyward.prefixes.access-key", p.getAccessKey()),
                required("keyward.prefixes.client-id", p.getClientId()),
                required("keyward.prefixes.client-secret", p.getClientSecret()),
                required("keyward.prefixes.bearer-token", p.getBearerToken()))));
    }

    private static <T> T required(String name, T value) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(name, null, "set it together with the other values of its group");
        }
        return value;
    }

    private static boolean allNull(Object... values) {
        return Stream.of(values).allMatch(Objects::isNull);
    }

    /** Runs the action, turning its refusal of the value into a failure that names the property. */
    static <T> T check(String name, Object value, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException(name, value, e.getMessage());
        }
    }
}
