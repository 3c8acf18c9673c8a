package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.internal.KeyedDigest.CacheKey;
import org.junit.jupiter.api.Test;

class VerificationCacheTest {

    private final CachedConnection connection = new CachedConnection("CONNLOOKUP01", new Principal(
            OrganizationId.of("acme"), ConnectionId.of("c-1"), "Billing", AuthenticationType.OAUTH));

    /**
     * The cache keeps itself within bounds on the thread that fills it, never by waking another thread:
     * on a server that has its cores busy answering requests, handing each clean-up to a pool costs a
     * thread wake-up (and its lock hand-over) for every few requests.
     */
    @Test
    void evictsOnTheThreadThatPutsBeyondTheBound() {
        VerificationCache cache = new VerificationCache(10);
        long largest = 0;
        for (int i = 0; i < 1_000; i++) {
            cache.put(new CacheKey(i, i), token(String.format("TOKEN%07d", i)), cache.epochs());
            largest = Math.max(largest, cache.size());
        }
        assertThat(largest).isLessThanOrEqualTo(10);
    }

    @Test
    void aTokenRevocationCountsOnlyForTokensOfItsOwnConnection() {
        VerificationCache cache = new VerificationCache(10);
        VerificationCache.Epochs before = cache.epochs();
        cache.noteTokenRevocation("OTHERCONN001");
        cache.put(new CacheKey(1, 1), token("TOKEN0000001"), before);
        assertThat(cache.get(new CacheKey(1, 1))).as("another connection's token").isNotNull();

        cache.noteTokenRevocation("CONNLOOKUP01");
        cache.put(new CacheKey(2, 2), token("TOKEN0000002"), before);
        assertThat(cache.get(new CacheKey(2, 2))).as("a token of its own connection").isNull();
    }

    @Test
    void aRevocationCountsOnlyForCredentialsOfItsOwnConnection() {
        VerificationCache cache = new VerificationCache(10);
        VerificationCache.Epochs before = cache.epochs();
        cache.noteConnectionRevocation("OTHERCONN001");
        cache.put(new CacheKey(1, 1), token("TOKEN0000001"), before);
        assertThat(cache.get(new CacheKey(1, 1))).as("another connection's revocation").isNotNull();

        cache.noteConnectionRevocation("CONNLOOKUP01");
        cache.put(new CacheKey(2, 2), token("TOKEN0000002"), before);
        assertThat(cache.get(new CacheKey(2, 2))).as("its own connection's revocation").isNull();
        cache.put(new CacheKey(3, 3), token("TOKEN0000003"), cache.epochs());
        assertThat(cache.get(new CacheKey(3, 3))).as("read after it").isNotNull();
    }

    @Test
    void pastTheRevocationsNotedEveryCheckUnderWayIsRefusedAndClearRefusesThemAll() {
        VerificationCache cache = new VerificationCache(10);
        VerificationCache.Epochs before = cache.epochs();
        for (int i = 0; i <= NotedRevocations.MAXIMUM_NOTED; i++) {
            cache.noteConnectionRevocation(String.format("OTHER%07d", i));
        }
        cache.put(new CacheKey(1, 1), token("TOKEN0000001"), before);
        assertThat(cache.get(new CacheKey(1, 1))).as("read before revocations no longer noted").isNull();
        cache.put(new CacheKey(2, 2), token("TOKEN0000002"), cache.epochs());
        assertThat(cache.get(new CacheKey(2, 2))).isNotNull();

        VerificationCache.Epochs beforeClear = cache.epochs();
        cache.noteEveryRevocation();
        cache.put(new CacheKey(3, 3), token("TOKEN0000003"), beforeClear);
        assertThat(cache.get(new CacheKey(3, 3))).as("read before everything was forgotten").isNull();
    }

    private VerifiedCredential token(String lookupId) {
        return new VerifiedCredential(connection, CredentialKind.BEARER_TOKEN, lookupId, 0, 2_000, true, 7, 6);
    }
}
