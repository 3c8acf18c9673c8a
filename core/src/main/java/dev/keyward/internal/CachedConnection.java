package dev.keyward.internal;

import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.IpAllowlist;
import dev.keyward.Principal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every remembered credential of one connection shares, held once per connection however
 * many of its credentials are remembered (its access key or client secret, its bearer tokens):
 * the grant with its principal, the connection's lookup id by which revocation finds it, the
 * addresses it admits, its organization's traffic allowance, when it was last noted as used on this
 * node, and, once one of its credentials is introspected, the connection's part of the answer. Data
 * that belongs to a connection rather than to one of its credentials goes here, so it costs memory
 * once per connection, not once per entry.
 *
 * <p>Noting a use costs one volatile read unless a resolution has passed since the last note;
 * then one compare-and-set decides which request queues the connection for writing, so a
 * connection is queued at most once per resolution. Thread-safe.
 */
public final class CachedConnection {

    private static final VarHandle NOTED;

    static {
        try {
            NOTED = MethodHandles.lookup().findVarHandle(CachedConnection.class, "notedMillis", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String lookupId;
    /** Replaced, never changed, when a re-read finds the connection renamed: every entry sees it at once. */
    private volatile Granted granted;
    /** Replaced when a read of the store finds other ranges: every entry of the connection sees them at once. */
    private volatile IpAllowlist allowedIps = IpAllowlist.any();
    /**
     * Bearer tokens of this connection revoked lately, by lookup id, with when: a remembered token is
     * looked up here instead of every entry of the cache being searched on each revocation. Made at the
     * first revocation; null (and free) until then.
     */
    private volatile ConcurrentHashMap<String, Long> revokedTokens;
    /**
     * The notes kept at most: a client that has tokens issued (and the oldest displaced) faster than that
     * within two re-read intervals costs its connection's credentials one re-read each, not unbounded memory.
     */
    static final int MAXIMUM_TOKEN_NOTES = 256;
    /** The size past which old revocations are dropped; doubles with what remains, so dropping stays cheap. */
    private int pruneAt = 16;
    /** The organization's traffic allowance, once a request of this connection was counted; null until then. */
    private volatile TrafficAllowance trafficAllowance;
    /**
     * How many times the connection stopped trusting what was remembered of it: a credential made or
     * confirmed when this was another number is re-read before it is used again. A count, not a time, so
     * that a clock set back cannot make a credential confirmed before a revocation look confirmed after it.
     */
    private volatile int trust;
    /** When a use was last queued for writing; far in the past until then. */
    private volatile long notedMillis = Long.MIN_VALUE / 2;
    /** Whether a read of the store was taken yet, and when the last one taken began; guarded by this. */
    private boolean updated;
    private long updatedByReadAt;
    /** What introspection last answered of the connection's part; null until one of its credentials is introspected. */
    private volatile ActiveAnswer activeAnswer;

    /** The shared part of the connection with this lookup id, acting for this principal, never noted as used. */
    public CachedConnection(String lookupId, Principal principal) {
        this.lookupId = lookupId;
        this.granted = new Granted(principal);
    }

    /** The grant, built once so a cache hit allocates none. */
    public Granted granted() {
        return granted;
    }

    /** Who the connection's credentials act for. */
    public Principal principal() {
        return granted.principal();
    }

    /** The addresses the connection's credentials may be presented from, as the store last said. */
    public IpAllowlist allowedIps() {
        return allowedIps;
    }

    /** The allowance of the connection's organization last used for one of its requests, or null. */
    public TrafficAllowance trafficAllowance() {
        return trafficAllowance;
    }

    /** Keeps the allowance of the connection's organization for its next requests. */
    public void trafficAllowance(TrafficAllowance allowance) {
        trafficAllowance = allowance;
    }

    /** The connection's part of an active introspection answer as last written, or null; it may no longer hold. */
    public ActiveAnswer activeAnswer() {
        return activeAnswer;
    }

    /** Keeps the connection's part of an active introspection answer for the next introspection. */
    public void activeAnswer(ActiveAnswer answer) {
        this.activeAnswer = answer;
    }

    /** The connection's lookup id, which its access key or client secret also embeds. */
    public String lookupId() {
        return lookupId;
    }

    /**
     * Takes the principal and the allowed addresses a read of the store that began at {@code readNanos} (a
     * {@link System#nanoTime()} value) found, unless a read that began later was taken already: a check that
     * read the row before a change, and ends after a later read took the change, must not undo it.
     */
    synchronized void update(Principal principal, IpAllowlist allowedIps, long readNanos) {
        if (updated && readNanos - updatedByReadAt < 0) {
            return;
        }
        updated = true;
        updatedByReadAt = readNanos;
        update(principal);
        if (!this.allowedIps.equals(allowedIps)) {
            this.allowedIps = allowedIps;
        }
    }

    /** Takes the principal the store now holds, if it differs (a rename). */
    void update(Principal principal) {
        Principal current = granted.principal();
        // Field by field, the name first: the one that changes; no record equality on every issuance.
        if (current != principal && !(current.connectionName().equals(principal.connectionName())
                && current.authenticationType() == principal.authenticationType()
                && current.connectionId().value().equals(principal.connectionId().value())
                && current.organizationId().value().equals(principal.organizationId().value()))) {
            granted = new Granted(principal);
        }
    }

    /**
     * Notes that the bearer token with this lookup id was revoked at {@code nowMillis}. The note is kept
     * for twice {@code windowMillis}, the longest a remembered credential goes without a re-read of the
     * store, which by then answers for the token itself: twice, so that a request that read its clock
     * before the window ended, and looks for the note a little later, still finds it.
     *
     * @return false when the connection holds more than {@link #MAXIMUM_TOKEN_NOTES} notes kept so: the
     *         caller then stops trusting every remembered credential of the connection instead
     *         ({@link #distrust}), and drops the notes it took before with {@link #forgetTokenNotes}
     */
    boolean tokenRevoked(String tokenLookupId, long nowMillis, long windowMillis) {
        ConcurrentHashMap<String, Long> revoked = revokedTokens;
        if (revoked == null) {
            synchronized (this) {
                revoked = revokedTokens;
                if (revoked == null) {
                    revoked = new ConcurrentHashMap<>();
                    revokedTokens = revoked;
                }
            }
        }
        revoked.put(tokenLookupId, nowMillis);
        if (revoked.size() > pruneAt) {
            synchronized (this) {
                long before = nowMillis - 2 * windowMillis;
                revoked.values().removeIf(at -> at < before);
                pruneAt = Math.max(16, 2 * revoked.size());
            }
        }
        if (revoked.size() <= MAXIMUM_TOKEN_NOTES) {
            return true;
        }
        // Only notes still kept count against the most kept.
        synchronized (this) {
            long before = nowMillis - 2 * windowMillis;
            revoked.values().removeIf(at -> at < before);
            return revoked.size() <= MAXIMUM_TOKEN_NOTES;
        }
    }

    /**
     * Stops trusting every credential of the connection made or confirmed until now: each is re-read (one
     * row, no hash) when next presented. Costs the same however many of them are remembered.
     */
    synchronized void distrust() {
        trust++;
    }

    /** The number a credential made or confirmed now keeps, and is trusted while it still is. */
    int trust() {
        return trust;
    }

    /** The lookup ids of the revoked tokens noted now. */
    Set<String> tokenNotes() {
        ConcurrentHashMap<String, Long> revoked = revokedTokens;
        return revoked == null ? Set.of() : Set.copyOf(revoked.keySet());
    }

    /** Drops these notes, once every remembered credential of the connection is to be re-read anyway. */
    void forgetTokenNotes(Set<String> tokenLookupIds) {
        ConcurrentHashMap<String, Long> revoked = revokedTokens;
        if (revoked != null) {
            revoked.keySet().removeAll(tokenLookupIds);
        }
    }

    /** Whether the bearer token with this lookup id was revoked lately; one volatile read when none was. */
    boolean isTokenRevoked(String tokenLookupId) {
        ConcurrentHashMap<String, Long> revoked = revokedTokens;
        return revoked != null && revoked.containsKey(tokenLookupId);
    }

    /** Notes a use at {@code nowMillis}; true for the one caller per resolution that must queue the connection. */
    boolean note(long nowMillis, long resolutionMillis) {
        long noted = notedMillis;
        return nowMillis - noted >= resolutionMillis && NOTED.compareAndSet(this, noted, nowMillis);
    }

    /** When the use to write happened. */
    long notedMillis() {
        return notedMillis;
    }

    @Override
    public String toString() {
        return "CachedConnection[" + granted.principal().connectionId() + "]";
    }
}
