package dev.keyward.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Revocations numbered in order and noted by the lookup id of the connection they concern: whether a
 * check that read the store before some revocation number is concerned by a revocation made since. The
 * last {@value #MAXIMUM_NOTED} connections revoked are noted; past that the older notes go, and every
 * check that read the store before them counts as concerned. Thread-safe.
 */
final class NotedRevocations {

    /** The connections noted at most. */
    static final int MAXIMUM_NOTED = 10_000;

    private final AtomicLong last = new AtomicLong();
    private final ConcurrentHashMap<String, Long> byConnection = new ConcurrentHashMap<>();
    /** Revocations numbered up to this one are no longer noted by connection: they concern every check. */
    private volatile long forgottenUpTo;

    /** The number of the last revocation; read it before a store read whose answer may be kept. */
    long last() {
        return last.get();
    }

    /** Numbers a revocation of the connection with this lookup id and notes it. */
    void note(String connectionLookupId) {
        long number = last.incrementAndGet();
        if (byConnection.size() >= MAXIMUM_NOTED) {
            forget(number);
        }
        byConnection.merge(connectionLookupId, number, Math::max);
    }

    /** Whether no revocation of the connection with this lookup id was numbered after {@code before}. */
    boolean noneSince(long before, String connectionLookupId) {
        // The note first, then the mark: a note forgotten has moved the mark already.
        Long revoked = byConnection.get(connectionLookupId);
        return (revoked == null || revoked <= before) && before >= forgottenUpTo;
    }

    /** Makes every revocation so far concern every check, as if every connection were revoked now. */
    void concernEveryCheck() {
        forget(last.incrementAndGet());
    }

    /**
     * Forgets the notes of revocations numbered up to {@code number}: every check that read the store
     * before it then counts as concerned. The mark moves before the notes go, and only notes it covers
     * go: one a concurrent revocation numbered later stays.
     */
    synchronized void forget(long number) {
        forgottenUpTo = Math.max(forgottenUpTo, number);
        byConnection.values().removeIf(revoked -> revoked <= number);
    }
}
