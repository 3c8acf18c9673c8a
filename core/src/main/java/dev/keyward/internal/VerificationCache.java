package dev.keyward.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import dev.keyward.internal.KeyedDigest.CacheKey;

/**
 * The bounded memory of verified credentials of one node (Caffeine, size-bounded), keyed by
 * the {@link KeyedDigest} of the presented value. A maximum size of 0 turns it off.
 *
 * <p>A revocation is numbered before it invalidates; a writer that read the store before a
 * revocation that concerns its credential, and writes after it, finds it and stores nothing (or
 * takes its entry out again), so a revoked credential is not remembered on the node that revoked it.
 * Only revocations that concern the credential count: those of its own connection, and for a bearer
 * token those of single tokens of its connection too, each noted by connection ({@link NotedRevocations}). So
 * one organization revoking however fast — regenerating, narrowing its ranges, or asking for token
 * after token at its cap — never keeps another's credentials from being remembered. Thread-safe.
 */
public final class VerificationCache {

    /**
     * How often the eviction policy hears of the uses of one remembered credential, at most, once it is past
     * its first second as a newcomer: often enough for it to tell a credential in use from one that is not,
     * seldom enough that the hits of a busy credential rarely pay its bookkeeping.
     */
    static final long USE_NOTED_EVERY_MILLIS = 1_000;

    private final Cache<CacheKey, VerifiedCredential> cache;
    private final Policy<CacheKey, VerifiedCredential> policy;
    /** Revocations of connections (and {@link #noteEveryRevocation}): they concern every credential of the connection. */
    private final NotedRevocations connections = new NotedRevocations();
    /** Revocations of single bearer tokens, by their connection: they concern its bearer tokens. */
    private final NotedRevocations tokens = new NotedRevocations();

    /**
     * The revocation numbers read before a store read whose result may be {@link #put}.
     *
     * @param connections the number of the last revocation of a connection
     * @param tokens      the number of the last revocation of a single bearer token
     */
    public record Epochs(long connections, long tokens) {
    }

    public VerificationCache(long maximumSize) {
        // Caffeine keeps the cache within bounds on the thread that reads or writes, a little at a time:
        // handed to a pool, every few requests would wake a thread and hand a lock over to it.
        this.cache = maximumSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
        this.policy = cache == null ? null : cache.policy();
    }

    /**
     * The remembered verification, or null, for a request at {@code nowMillis}. The eviction policy hears of
     * every use of a newcomer in the second after the store was read for it, while it decides whether to keep
     * it, and then of one use a second at most: its bookkeeping (the access order, the frequency sketch)
     * lives in main memory on a node that remembers many credentials, and costs a hit more than the hit itself.
     * A credential used less than once a second is heard of at every use, as before.
     */
    public VerifiedCredential get(CacheKey key, long nowMillis) {
        if (policy == null) {
            return null;
        }
        VerifiedCredential hit = policy.getIfPresentQuietly(key);
        if (hit != null && hit.useToNote(nowMillis, USE_NOTED_EVERY_MILLIS)) {
            cache.getIfPresent(key);
        }
        return hit;
    }

    /** The remembered verification, or null. */
    public VerifiedCredential get(CacheKey key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    /** The revocation epochs; read them before reading the store for a value to {@link #put}. */
    public Epochs epochs() {
        return new Epochs(connections.last(), tokens.last());
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
        String connection = credential.connectionLookupId();
        return connections.noneSince(before.connections(), connection)
                && (credential.kind() != CredentialKind.BEARER_TOKEN || tokens.noneSince(before.tokens(), connection));
    }

    /** Forgets one entry. */
    public void invalidate(CacheKey key) {
        if (cache != null) {
            cache.invalidate(key);
        }
    }

    /**
     * Notes that the connection with this lookup id was revoked: a check of any of its credentials, its
     * secrets and its tokens, that read the store before now remembers nothing. What is remembered of it
     * already stops being trusted through its shared part ({@link CachedConnection#distrust()}).
     */
    public void noteConnectionRevocation(String connectionLookupId) {
        connections.note(connectionLookupId);
    }

    /**
     * Notes that a bearer token of the connection with this lookup id was revoked: a check of any of the
     * connection's tokens that read the store before now remembers nothing.
     */
    public void noteTokenRevocation(String connectionLookupId) {
        tokens.note(connectionLookupId);
    }

    /** Notes a revocation that concerns every credential: no check that read the store before now remembers its answer. */
    public void noteEveryRevocation() {
        connections.concernEveryCheck();
    }

    /** How many entries are remembered, approximately. */
    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }
}
