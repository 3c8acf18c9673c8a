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
 * revocation and writes after it sees the epoch moved and stores nothing (or takes its entry out
 * again), so a revoked credential is not remembered on the node that revoked it. There are two
 * epochs: one that every revocation of a connection (and {@link #clear}) moves, which every writer
 * checks, and one that revocations of single bearer tokens move, which only writers of bearer
 * tokens check — revoking a token cannot change the verdict on an access key or a client secret,
 * so tokens revoked however fast never keep those from being remembered. Thread-safe.
 */
public final class VerificationCache {

    private final Cache<CacheKey, VerifiedCredential> cache;
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong tokenEpoch = new AtomicLong();

    /**
     * The epochs read before a store read whose result may be {@link #put}.
     *
     * @param connections moved by every revocation of a connection, and by {@link #clear}
     * @param tokens      moved by revocations of single bearer tokens
     */
    public record Epochs(long connections, long tokens) {
    }

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

    /** The revocation epochs; read them before reading the store for a value to {@link #put}. */
    public Epochs epochs() {
        return new Epochs(epoch.get(), tokenEpoch.get());
    }

    /**
     * Remembers a verification unless a revocation that concerns it happened since {@code before}. A check
     * that finds the epochs moved stores nothing, so a check that read the store before a revocation and
     * ends after it never shows its answer; one whose revocation comes while it stores takes out its own
     * entry again, never another check's.
     */
    public void put(CacheKey key, VerifiedCredential credential, Epochs before) {
        if (cache == null || !unchanged(before, credential)) {
            return;
        }
        cache.put(key, credential);
        if (!unchanged(before, credential)) {
            cache.asMap().remove(key, credential);
        }
    }

    private boolean unchanged(Epochs before, VerifiedCredential credential) {
        return epoch.get() == before.connections()
                && (credential.kind() != CredentialKind.BEARER_TOKEN || tokenEpoch.get() == before.tokens());
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

    /** Makes every check of a bearer token that read the store before now unable to remember its answer. */
    public void advanceTokenEpoch() {
        tokenEpoch.incrementAndGet();
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
