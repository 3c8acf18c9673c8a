package dev.keyward.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyward.internal.KeyedDigest.CacheKey;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded memory of verified credentials of one node (Caffeine, size-bounded), keyed by
 * the {@link KeyedDigest} of the presented value. A maximum size of 0 turns it off.
 *
 * <p>Revocation bumps an epoch before it invalidates; a writer that read the store before a
 * revocation and writes after it sees the epoch moved and takes its entry out again, so a
 * revoked credential never stays remembered on the node that revoked it. Thread-safe.
 */
public final class VerificationCache {

    private final Cache<CacheKey, VerifiedCredential> cache;
    private final AtomicLong epoch = new AtomicLong();

    public VerificationCache(long maximumSize) {
        // Caffeine keeps the cache within bounds on the thread that reads or writes, a little at a time:
        // handed to a pool, every few requests would wake a thread and hand a lock over to it.
        this.cache = maximumSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** The remembered verification, or null. */
    public VerifiedCredential get(CacheKey key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    /** The revocation epoch; read it before reading the store for a value to {@link #put}. */
    public long epoch() {
        return epoch.get();
    }

    /** Remembers a verification unless a revocation happened since {@code epochBefore}. */
    public void put(CacheKey key, VerifiedCredential credential, long epochBefore) {
        if (cache == null) {
            return;
        }
        cache.put(key, credential);
        if (epoch.get() != epochBefore) {
            cache.invalidate(key);
        }
    }

    /** Forgets one entry. */
    public void invalidate(CacheKey key) {
        if (cache != null) {
            cache.invalidate(key);
        }
    }

    /**
     * Stops trusting every credential of the connection with this lookup id, its secrets and its
     * tokens: each is re-read (one row, no Argon2) when next presented, and denied or confirmed then.
     */
    public void revokeConnection(String connectionLookupId) {
        epoch.incrementAndGet();
        if (cache != null) {
            cache.asMap().replaceAll((key, c) -> c.connectionLookupId().equals(connectionLookupId) ? c.stale() : c);
        }
    }

    /** Makes every check that read the store before now unable to remember its answer. */
    public void advanceEpoch() {
        epoch.incrementAndGet();
    }

    /** Forgets everything. */
    public void clear() {
        epoch.incrementAndGet();
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** How many entries are remembered, approximately. */
    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }
}
