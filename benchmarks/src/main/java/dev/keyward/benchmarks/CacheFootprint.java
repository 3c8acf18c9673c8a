package dev.keyward.benchmarks;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.internal.CachedConnection;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.KeyedDigest;
import dev.keyward.internal.VerificationCache;
import dev.keyward.internal.VerifiedCredential;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Measures the heap the verification cache takes per entry, against its budget of 200 bytes. An
 * entry is what the cache adds for one more remembered credential of a connection it already
 * holds: the cache's own share (digest key, Caffeine node, hash table slot) and the credential's
 * own {@link VerifiedCredential}. What all credentials of a connection share — grant, principal,
 * ids, name, usage — is a {@link CachedConnection}, held once per connection and reported
 * separately: a connection with one remembered credential (an organization's access key) costs
 * an entry plus one connection, each bearer token of a connection one entry more.
 *
 * <p>Fills a cache of the default maximum size (100,000) three times and compares the heap in
 * use after a full collection before and after: once with one credential shared by every entry
 * (the cache's own share), once with a credential of its own per entry, all of one connection
 * (the entry), and once with each entry of its own connection, made as the cold path makes it
 * from a freshly read row (entry and connection). Exits with status 1 if an entry takes more
 * than the budget. Run with a fixed heap and the serial collector for steady figures (see run.sh).
 */
public final class CacheFootprint {

    /** Bytes one entry may take, the cache's own share included, its connection's shared part not. */
    static final int BUDGET_BYTES = 200;
    private static final int ENTRIES = 100_000;

    private CacheFootprint() {
    }

    public static void main(String[] args) {
        KeyedDigest digest = new KeyedDigest(new SecureRandom());
        // A first fill loads and initializes what every later one uses (classes, Caffeine's pool).
        measure(digest, Fill.OWN_CONNECTIONS);
        long cacheOnly = measure(digest, Fill.ONE_CREDENTIAL) / ENTRIES;
        long entry = measure(digest, Fill.ONE_CONNECTION) / ENTRIES;
        long withConnection = measure(digest, Fill.OWN_CONNECTIONS) / ENTRIES;
        System.out.printf("verification cache, %,d entries: %d bytes per entry (budget %d), %d of them the cache's "
                + "own (key, node, table); a connection's shared part (grant, principal, ids, usage) %d bytes more, "
                + "once per connection: %d bytes for an entry whose connection has no other%n", ENTRIES, entry,
                BUDGET_BYTES, cacheOnly, withConnection - entry, withConnection);
        if (entry > BUDGET_BYTES) {
            System.out.printf("over budget: %d > %d bytes per entry%n", entry, BUDGET_BYTES);
            System.exit(1);
        }
    }

    private enum Fill { ONE_CREDENTIAL, ONE_CONNECTION, OWN_CONNECTIONS }

    private static long measure(KeyedDigest digest, Fill fill) {
        CachedConnection shared = connection(0);
        VerifiedCredential common = token(shared, 0);
        long before = usedAfterGc();
        VerificationCache cache = new VerificationCache(ENTRIES);
        for (int i = 0; i < ENTRIES; i++) {
            String value = "kwak_" + lookupId(i) + "0123456789abcdefghijklmnop" + "A1B2C3";
            VerifiedCredential credential = switch (fill) {
                case ONE_CREDENTIAL -> common;
                case ONE_CONNECTION -> token(shared, i);
                case OWN_CONNECTIONS -> accessKey(i);
            };
            cache.put(digest.of(value), credential, cache.epochs());
        }
        long after = usedAfterGc();
        if (cache.size() != ENTRIES) {
            throw new IllegalStateException("cache holds " + cache.size() + " entries, expected " + ENTRIES);
        }
        Reference.reachabilityFence(cache);
        Reference.reachabilityFence(shared);
        Reference.reachabilityFence(common);
        return after - before;
    }

    /** The shared part of a connection as the cold path makes it from a row it has just read. */
    private static CachedConnection connection(int i) {
        Principal principal = new Principal(OrganizationId.of("organization-" + i),
                ConnectionId.of(UUID.randomUUID().toString()), "Reporting " + i, AuthenticationType.OAUTH);
        return new CachedConnection(lookupId(i), principal);
    }

    /** A verified access key of a connection of its own. */
    private static VerifiedCredential accessKey(int i) {
        CachedConnection connection = connection(i);
        return new VerifiedCredential(connection, CredentialKind.ACCESS_KEY, connection.lookupId(), 1,
                Long.MAX_VALUE, false, System.currentTimeMillis(), VerifiedCredential.UNKNOWN_ISSUE);
    }

    /** A verified bearer token of this connection, with a lookup id of its own. */
    private static VerifiedCredential token(CachedConnection connection, int i) {
        return new VerifiedCredential(connection, CredentialKind.BEARER_TOKEN, String.format("T%011d", i), 0,
                System.currentTimeMillis() + 86_400_000L, true, System.currentTimeMillis(), System.currentTimeMillis());
    }

    private static String lookupId(int i) {
        return String.format("L%011d", i);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
