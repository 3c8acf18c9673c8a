package dev.keyward;

import dev.keyward.spi.AuditListener;
import dev.keyward.spi.KeywardStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The validated, immutable settings of one {@link Keyward} instance, as
 * {@link Keyward.Builder} made them. Holds no secret, so it may be logged.
 *
 * @param store                    where connections and tokens are kept
 * @param clock                    the time source; default {@link Clock#systemUTC()}
 * @param random                   the randomness of every secret; default a new {@link SecureRandom}
 * @param auditListener            receives audit events; default {@link AuditListener#slf4j()}
 * @param accessKeyLimit           Access Key connections per organization (R1); default 1
 * @param oauthLimit               M2M OAuth connections per organization (R2); default 15
 * @param prefixes                 the credential prefixes; default {@link CredentialPrefixes#DEFAULTS}
 * @param argon2                   the Argon2id cost; default {@link Argon2Parameters#DEFAULTS}
 * @param tokenTimeToLive          lifetime of a bearer token; default 86,400 s
 * @param maxGracePeriod           the longest grace period a regeneration may grant; default 30 days
 * @param cacheMaximumSize         verified credentials remembered per node; default 100,000
 * @param revocationCheckInterval  how stale a remembered verification may get before the
 *                                 store is read again (the cross-node revocation bound); default 1 s
 * @param maxConcurrentHashes      Argon2 computations at once for verification; default the processor count
 * @param hashQueueTimeout         how long a verification waits for an Argon2 slot before it is
 *                                 denied with 503; default 2 s
 * @param accessKeyHeader          the request header carrying an access key; default {@code Accesskey}
 * @param realm                    the realm named in {@code WWW-Authenticate}; default {@code keyward}
 * @param denialBody               writes the JSON body of denied requests; default {@link DenialBody#standard()}
 */
public record KeywardConfig(
        KeywardStore store,
        Clock clock,
        SecureRandom random,
        AuditListener auditListener,
        int accessKeyLimit,
        int oauthLimit,
        CredentialPrefixes prefixes,
        Argon2Parameters argon2,
        Duration tokenTimeToLive,
        Duration maxGracePeriod,
        long cacheMaximumSize,
        Duration revocationCheckInterval,
        int maxConcurrentHashes,
        Duration hashQueueTimeout,
        String accessKeyHeader,
        String realm,
        DenialBody denialBody) {
}
