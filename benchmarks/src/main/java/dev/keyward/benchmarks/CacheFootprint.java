package dev.keyward.benchmarks;

import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.KeyedDigest;
import dev.keyward.internal.VerificationCache;
import dev.keyward.internal.UsageMark;
import dev.keyward.internal.VerifiedCredential;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Measures the heap one verification cache entry takes: fills a cache of the default maximum
 * size (100,000) with that many verified credentials, each made as the cold path makes them
 * from a freshly read row (its own principal, ids and names), and compares the heap in use
 * after a full collection before and after. Also reports the cache's own share — digest key,
 * Caffeine node, hash table slot — by filling a second cache with one shared credential.
 * Run with a fixed heap and the serial collector for steady figures (see run.sh).
 */
public final class CacheFootprint {

    private static final int ENTRIES = 100_000;

    private CacheFootprint() {
    }

    public static void main(String[] args) {
        KeyedDigest digest = new KeyedDigest(new SecureRandom());
        // A first fill loads and initializes what every later one uses (classes, Caffeine's pool).
        measure(digest, true);
        long full = measure(digest, true);
        long shared = measure(digest, false);
        System.out.printf("verification cache, %,d entries: %d bytes per entry with the credential's principal "
                + "and ids, %d bytes of which are the cache itself (key, node, table)%n", ENTRIES, full / ENTRIES,
                shared / ENTRIES);
    }

    private static long measure(KeyedDigest digest, boolean distinctCredentials) {
        VerifiedCredential common = credential(0);
        long before = usedAfterGc();
        VerificationCache cache = new VerificationCache(ENTRIES);
        for (int i = 0; i < ENTRIES; i++) {
            String value = "kwak_" + lookupId(i) + "0123456789abcdefghijklmnop" + "A1B2C3";
            cache.put(digest.of(value), distinctCredentials ? credential(i) : common, cache.epoch());
        }
        long after = usedAfterGc();
        if (cache.size() != ENTRIES) {
            throw new IllegalStateException("cache holds " + cache.size() + " entries, expected " + ENTRIES);
        }
        Reference.reachabilityFence(cache);
        return after - before;
    }

    /** A verified access key as the cold path makes it from a row it has just read. */
    private static VerifiedCredential credential(int i) {
        String lookupId = lookupId(i);
        Principal principal = new Principal(OrganizationId.of("organization-" + i),
                ConnectionId.of(UUID.randomUUID().toString()), "Reporting " + i, AuthenticationType.ACCESS_KEY);
        return new VerifiedCredential(new Granted(principal), CredentialKind.ACCESS_KEY, lookupId, lookupId, 1,
                Long.MAX_VALUE, false, System.currentTimeMillis(),
                new UsageMark(principal.organizationId(), principal.connectionId()), dev.keyward.IpAllowlist.any(),
                VerifiedCredential.UNKNOWN_ISSUE);
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
