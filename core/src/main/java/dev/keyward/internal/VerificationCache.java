package dev.keyward.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyward.internal.KeyedDigest.CacheKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded memory of verified credentials of one node (Caffeine, size-bounded), keyed by
 * the {@link KeyedDigest} of the presented value. A maximum size of 0 turns it off.
 *
 * <p>A revocation is numbered before it invalidates; a writer that read the store before a
 * revocation that concerns its credential, and writes after it, finds it and stores nothing (or
 * takes its entry out again), so a revoked credential is not remembered on the node that revoked it.
 * Only revocations that concern the credential count: those of its own connection, which the cache
 * keeps by connection lookup id for a while, and for a bearer token those of single tokens too. So
 * one organization revoking however fast — regenerating, narrowing its ranges, or asking for token
 * after token at its cap — never keeps another's credentials from being remembered. Thread-safe.
 */
public final class VerificationCache {

    /** The revocations of connections noted at most; past that, checks under way are all refused instead. */
    static final int MAXIMUM_NOTED_REVOCATIONS = 10_000;

    private final Cache<CacheKey, VerifiedCredential> cache;
    /** The number of the last revocation of a connection (or {@link #clear}). */
    private final AtomicLong revocations = new AtomicLong();
    /** The number of the last revocation of each connection lately revoked, by its lookup id. */
    private final ConcurrentHashMap<String, Long> revokedConnections = new ConcurrentHashMap<>();
    /** Revocations numbered up to this one are no longer noted by connection: they count for every check. */
    private volatile long forgottenUpTo;
    private final AtomicLong tokenEpoch = new AtomicLong();

    /**
     * The epochs read before a store read whose result may be {@link #put}.
     *
     * @param connections the number of the last revocation of a connection
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
        return new Epochs(revocations.get(), tokenEpoch.get());
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

    /** Whether no revocation that concerns the credential came after {@code before}. */
    private boolean unchanged(Epochs before, VerifiedCredential credential) {
        // The map first, then the mark: a revocation forgotten from the map has moved the mark already.
        Long revoked = revokedConnections.get(credential.connectionLookupId());
        return (revoked == null || revoked <= before.connections()) && before.connections() >= forgottenUpTo
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
        long number = revocations.incrementAndGet();
        if (revokedConnections.size() >= MAXIMUM_NOTED_REVOCATIONS) {
            forgetNotedRevocations(number);
        }
        revokedConnections.merge(connectionLookupId, number, Math::max);
        if (cache != null) {
            cache.asMap().replaceAll((key, c) -> c.connectionLookupId().equals(connectionLookupId) ? c.stale() : c);
        }
    }

    /** Makes every check of a bearer token that read the store before now unable to remember its answer. */
    public void advanceTokenEpoch() {
        tokenEpoch.incrementAndGet();
    }

    /** Forgets everything; no check under way remembers its answer. */
    public void clear() {
        forgetNotedRevocations(revocations.incrementAndGet());
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /**
     * Forgets which connections were revoked up to revocation {@code number}: every check that read the
     * store before it then finds itself concerned. The mark moves before the entries go, and only entries
     * it covers go: one a concurrent revocation numbered later stays.
     */
    synchronized void forgetNotedRevocations(long number) {
        forgottenUpTo = Math.max(forgottenUpTo, number);
        revokedConnections.values().removeIf(revoked -> revoked <= number);
    }

    /** How many entries are remembered, approximately. */
    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }
}
