package dev.keyward.internal;

import dev.keyward.internal.KeyedDigest.CacheKey;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies well-formed credentials, shared by the request authenticator and the token endpoint.
 *
 * <ul>
 *   <li>Warm path: a cache hit younger than the revocation check interval grants with no store
 *       read and no hash: one keyed digest and one map lookup. A bearer token noted as revoked on
 *       its connection, or a credential confirmed before its connection stopped trusting what it
 *       remembered, is not a warm hit.</li>
 *   <li>An older hit, or one a revocation marked stale, is confirmed by re-reading one row
 *       ({@link Recheck}), without Argon2; concurrent re-reads of one credential share one read.</li>
 *   <li>A miss goes to the {@link ColdVerifier}; concurrent misses for one value share one
 *       computation (single flight), and only successes are remembered.</li>
 * </ul>
 * Every success is noted as a use of its connection ({@link LastUseRecorder}), in memory only.
 * Thread-safe.
 */
public final class CredentialVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialVerifier.class);

    private final KeyedDigest digest;
    private final VerificationCache cache;
    private final ColdVerifier cold;
    private final Recheck recheck;
    private final Clock clock;
    /** The interval remembered credentials are trusted for without a re-read now: the least of the two below. */
    private volatile long recheckMillis;
    /**
     * The configured interval, or a shorter one set for good ({@link #recheckEvery}): the longest a credential may
     * be trusted without a re-read from now on, so notes of revoked tokens are kept for it. Written under this.
     */
    private volatile long lastingRecheckMillis;
    /** While the revocation log cannot be read, the interval to re-read at; otherwise the largest long. Guarded by this. */
    private long unfollowedRecheckMillis = Long.MAX_VALUE;
    private final LastUseRecorder usage;
    private final long hashWaitNanos;
    private final KeywardObserver observer;
    /**
     * Checks under way of access keys and client secrets, with the lookup id of their connection: only a
     * revocation of that connection ends them.
     */
    private final ConcurrentMap<CacheKey, Flight> inFlight = new ConcurrentHashMap<>();
    /** Checks under way of bearer tokens, which a revocation of any connection, or of that token, ends. */
    private final ConcurrentMap<CacheKey, Flight> tokensInFlight = new ConcurrentHashMap<>();

    /** A check under way: the lookup id of what it checks, and the verdict its callers wait for. */
    private record Flight(String lookupId, CompletableFuture<Verdict> verdict) {
    }

    public CredentialVerifier(KeyedDigest digest, VerificationCache cache, ColdVerifier cold, KeywardStore store,
            Clock clock, Duration revocationCheckInterval, LastUseRecorder usage, Duration hashQueueTimeout) {
        this(digest, cache, cold, store, clock, revocationCheckInterval, usage, hashQueueTimeout,
                KeywardObserver.NONE);
    }

    /** A verifier that reports cache lookups and cold verifications to the observer. */
    public CredentialVerifier(KeyedDigest digest, VerificationCache cache, ColdVerifier cold, KeywardStore store,
            Clock clock, Duration revocationCheckInterval, LastUseRecorder usage, Duration hashQueueTimeout,
            KeywardObserver observer) {
        this.observer = observer;
        this.usage = usage;
        this.hashWaitNanos = hashQueueTimeout.toNanos();
        this.digest = digest;
        this.cache = cache;
        this.cold = cold;
        this.recheck = new Recheck(store);
        this.clock = clock;
        this.lastingRecheckMillis = revocationCheckInterval.toMillis();
        this.recheckMillis = lastingRecheckMillis;
    }

    /**
     * Checks a well-formed credential arriving now; see {@link #verify(CredentialCodec.ParsedCredential, long)}.
     * The time is read only if the credential is not remembered, so a warm hit reads no monotonic clock.
     */
    public Verdict verify(CredentialCodec.ParsedCredential credential) {
        return verifyAt(credential, clock.millis());
    }

    /**
     * Checks a well-formed credential presented at {@code nowMillis}, a reading of the injected clock the
     * caller made and may use again for the same request; otherwise as {@link #verify(CredentialCodec.ParsedCredential)}.
     */
    public Verdict verifyAt(CredentialCodec.ParsedCredential credential, long nowMillis) {
        return verify(credential, false, 0, nowMillis);
    }

    /**
     * Checks a well-formed credential of a request that arrived at {@code arrivalNanos} (a
     * {@link System#nanoTime()} value): any wait for Argon2 ends the configured queue timeout after it.
     * Never throws for a store failure (it becomes a verdict).
     */
    public Verdict verify(CredentialCodec.ParsedCredential credential, long arrivalNanos) {
        return verify(credential, true, arrivalNanos, clock.millis());
    }

    private Verdict verify(CredentialCodec.ParsedCredential credential, boolean arrived, long arrivalNanos,
            long presentedAtMillis) {
        CacheKey key = digest.of(credential.value());
        VerifiedCredential hit = cache.get(key, presentedAtMillis);
        long now = presentedAtMillis;
        Verdict verdict;
        if (hit != null && revokedToken(hit, credential.lookupId())) {
            // Revoked since it was remembered: forgotten here, and the store answers for it below.
            cache.invalidate(key);
            hit = null;
        }
        if (hit == null || !hit.hasLookupId(credential.lookupId())) {
            observer.cacheLookup(false);
            verdict = coldOnce(key, credential, (arrived ? arrivalNanos : System.nanoTime()) + hashWaitNanos);
            now = clock.millis();
        } else {
            observer.cacheLookup(true);
            if (hit.expiredAt(now)) {
                cache.invalidate(key);
                return hit.invalidated();
            }
            if (!trusted(hit, now)) {
                verdict = confirmOnce(key, hit);
                now = clock.millis();
            } else {
                verdict = hit;
            }
        }
        if (verdict instanceof VerifiedCredential verified) {
            if (verified != hit && verified.expiredAt(now)) {
                // Valid when the store was read, or when the check this request joined read it, but no longer: the
                // expiry or grace period ended while the request waited for the answer. (A remembered credential
                // used as it is was judged above, at the same time.)
                cache.invalidate(key);
                return verified.invalidated();
            }
            usage.noteUse(verified, now);
        }
        return verdict;
    }

    /** How many verified credentials this node remembers, approximately. */
    public long cacheSize() {
        return cache.size();
    }

    private static KeywardObserver.Credential observed(CredentialKind kind) {
        return switch (kind) {
            case ACCESS_KEY -> KeywardObserver.Credential.ACCESS_KEY;
            case CLIENT_SECRET -> KeywardObserver.Credential.CLIENT_SECRET;
            case BEARER_TOKEN -> KeywardObserver.Credential.BEARER_TOKEN;
        };
    }

    /**
     * Remembers a token this node has just issued, unless its connection was revoked since {@code before}.
     * Revocations of single tokens do not count: issuing at the cap revokes the connection's oldest token,
     * which on an in-memory store this node applies before it remembers the new one, and no revocation by
     * value can name a token nobody has seen yet. A token displaced at once by a concurrent issuance is
     * caught by its note on the connection's shared part, which the issuing client holds.
     */
    public void remember(String value, VerifiedCredential credential, VerificationCache.Epochs before) {
        VerificationCache.Epochs ignoringTokens = new VerificationCache.Epochs(before.connections(),
                cache.epochs().tokens());
        cache.put(digest.of(value), credential, ignoringTokens);
    }

    /** The revocation epochs, to read before a store read whose result may be remembered. */
    public VerificationCache.Epochs epochs() {
        return cache.epochs();
    }

    /**
     * Stops trusting at once every credential of a revoked connection: the next request re-reads its row.
     * Costs the same however many credentials are remembered: they all share their connection's part.
     */
    public void revoke(String connectionLookupId) {
        // First: a check of the connection that read the store before now remembers nothing; then what is
        // remembered of it, made before, is no longer trusted.
        cache.noteConnectionRevocation(connectionLookupId);
        CachedConnection connection = usage.existing(connectionLookupId);
        if (connection != null) {
            connection.distrust();
        }
        // Checks of the connection started before the revocation must not hand their answer to requests made
        // after it; an access key or a client secret carries its connection's lookup id, a token does not.
        inFlight.values().removeIf(flight -> flight.lookupId().equals(connectionLookupId));
        tokensInFlight.clear();
    }

    /**
     * Stops trusting at once one revoked bearer token of the connection with this lookup id: the next
     * request presenting it reads the store (one row, no hash), which no longer has it. Costs the same
     * however many credentials are remembered, also when a connection has had more tokens revoked within
     * two re-read intervals than its notes hold: then its remembered credentials are re-read as they are used.
     */
    public void revokeToken(String tokenLookupId, String connectionLookupId) {
        // First: a check of the connection's tokens that read the store before now remembers nothing, whether
        // or not anything of the connection is remembered here (or its shared part was collected meanwhile).
        cache.noteTokenRevocation(connectionLookupId);
        CachedConnection connection = usage.existing(connectionLookupId);
        // Every entry of the token, remembered before or after this, shares the connection and sees the note.
        if (connection != null && !connection.tokenRevoked(tokenLookupId, clock.millis(), lastingRecheckMillis)) {
            // Too many notes: every credential of the connection remembered until now is re-read instead (one
            // row each, no hash), and only then are the notes this covers dropped. Noted as a revocation of the
            // connection first, so that a credential of it read before now and not yet remembered — a token being
            // issued here, which token revocations do not stop — is not remembered once its note is gone.
            Set<String> covered = connection.tokenNotes();
            cache.noteConnectionRevocation(connectionLookupId);
            connection.distrust();
            connection.forgetTokenNotes(covered);
        }
        // Requests for this token made from now on must not take the answer of a check started before; a
        // revoked token changes nothing about other tokens, access keys or client secrets.
        tokensInFlight.values().removeIf(flight -> flight.lookupId().equals(tokenLookupId));
    }

    /**
     * Stops trusting every remembered credential, when revocations may have been missed: each is re-read
     * (one row, no hash) when next presented, which finds any revocation, so a node that missed some runs no
     * Argon2 for what it had verified.
     */
    public void distrustAll() {
        cache.noteEveryRevocation();
        usage.distrustEveryConnection();
        inFlight.clear();
        tokensInFlight.clear();
    }

    /**
     * Re-reads remembered credentials at most this long after their last check, when that is sooner than
     * the configured interval: where the store keeps no revocation log, re-reading is the only way a
     * revocation on another node reaches this one.
     */
    public synchronized void recheckEvery(Duration interval) {
        long lasting = Math.min(lastingRecheckMillis, interval.toMillis());
        // The interval in force first: notes of revoked tokens are never kept for less than it.
        recheckMillis = Math.min(lasting, unfollowedRecheckMillis);
        lastingRecheckMillis = lasting;
    }

    /**
     * Re-reads remembered credentials at most this long after their last check until {@link #followedAgain()}:
     * while the revocation log cannot be read, revocations made elsewhere reach this node only so.
     */
    public synchronized void recheckWhileUnfollowed(Duration interval) {
        unfollowedRecheckMillis = interval.toMillis();
        recheckMillis = Math.min(lastingRecheckMillis, unfollowedRecheckMillis);
    }

    /** The revocation log was read again, every record applied: remembered credentials are trusted as before. */
    public synchronized void followedAgain() {
        unfollowedRecheckMillis = Long.MAX_VALUE;
        recheckMillis = lastingRecheckMillis;
    }

    /**
     * Concurrent re-reads of one credential share one read: the first request reads, the others wait for its
     * answer as long as it takes (the store's statement timeout bounds it, when it has one): a credential this
     * node has verified never waits for Argon2, so no Argon2 wait bounds its re-read either. An interrupt ends
     * the wait (503).
     */
    private Verdict confirmOnce(CacheKey key, VerifiedCredential hit) {
        String lookupId = hit.lookupId();
        return once(hit.kind(), lookupId, key, CredentialVerifier::joinedWhileItLasts, () -> {
            // A re-read that finished between our hit and our turn left its answer in the cache.
            VerifiedCredential latest = cache.get(key);
            return latest != null && latest != hit && latest.hasLookupId(lookupId)
                    && trusted(latest, clock.millis()) && !revokedToken(latest, lookupId) ? latest : confirm(key, hit);
        });
    }

    /**
     * Whether a remembered credential may be used without a re-read: confirmed within the interval, and
     * after its connection last stopped trusting what it remembered. Confirmed "later" than now means the
     * clock was set back since: it is re-read, or a clock stepped back by ten minutes would stretch the
     * interval by as much.
     */
    private boolean trusted(VerifiedCredential credential, long nowMillis) {
        long age = nowMillis - credential.checkedAtMillis();
        return age >= 0 && age < recheckMillis && credential.trustedByConnection();
    }

    /**
     * Whether a remembered bearer token, presented with this lookup id, was noted as revoked on its connection
     * since it was remembered.
     */
    private static boolean revokedToken(VerifiedCredential remembered, String lookupId) {
        return remembered.kind() == CredentialKind.BEARER_TOKEN && remembered.connection().isTokenRevoked(lookupId);
    }

    /**
     * Runs {@code check} for the first of concurrent callers with this key; the others wait for its verdict as
     * {@code joining} says. A check that throws leaves the waiting callers a store failure, never a hang.
     */
    private Verdict once(CredentialKind kind, String lookupId, CacheKey key, Function<CompletableFuture<Verdict>,
            Verdict> joining, Supplier<Verdict> check) {
        ConcurrentMap<CacheKey, Flight> underWay = kind == CredentialKind.BEARER_TOKEN ? tokensInFlight : inFlight;
        CompletableFuture<Verdict> mine = new CompletableFuture<>();
        Flight flight = new Flight(lookupId, mine);
        Flight running = underWay.putIfAbsent(key, flight);
        if (running != null) {
            return joining.apply(running.verdict());
        }
        Verdict verdict = Verdict.Unavailable.STORE_FAILED;
        try {
            verdict = check.get();
            return verdict;
        } finally {
            mine.complete(verdict);
            underWay.remove(key, flight);
        }
    }

    private Verdict confirm(CacheKey key, VerifiedCredential hit) {
        VerificationCache.Epochs epochs = cache.epochs();
        VerifiedCredential confirmed;
        try {
            confirmed = recheck.confirm(hit, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("could not re-read credential {} from the store: {}", hit.lookupId(), e.toString());
            return Verdict.Unavailable.STORE_FAILED;
        }
        if (confirmed == null) {
            cache.invalidate(key);
            return Verdict.Invalid.of(hit.principal(), false);
        }
        cache.put(key, confirmed, epochs);
        return confirmed;
    }

    /**
     * Concurrent first checks of one credential share one check: the first request runs it, the others wait for
     * its answer until their own deadline, the queue timeout after their arrival, as they would have waited for
     * an Argon2 turn of their own, then give up with {@link Verdict.Unavailable#BUSY} (reported as a refused
     * wait for a turn), as on an interrupt.
     */
    private Verdict coldOnce(CacheKey key, CredentialCodec.ParsedCredential credential, long deadlineNanos) {
        return once(credential.kind(), credential.lookupId(), key, verdict -> {
            Verdict joined = joinedUntil(verdict, deadlineNanos);
            if (joined == Verdict.Unavailable.BUSY) {
                cold.refusedWhileJoined(deadlineNanos - hashWaitNanos);
            }
            return joined;
        }, () -> coldOrRemembered(key, credential, deadlineNanos));
    }

    /** The verdict of a check under way, waited for until the deadline; {@code BUSY} past it or on an interrupt. */
    private static Verdict joinedUntil(CompletableFuture<Verdict> verdict, long deadlineNanos) {
        try {
            return verdict.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Verdict.Unavailable.BUSY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.Unavailable.BUSY;
        } catch (ExecutionException e) {
            // Never: the check's future is completed with a verdict, whatever the check does.
            return Verdict.Unavailable.STORE_FAILED;
        }
    }

    /** The verdict of a check under way, waited for until it comes; {@code BUSY} on an interrupt. */
    private static Verdict joinedWhileItLasts(CompletableFuture<Verdict> verdict) {
        try {
            return verdict.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.Unavailable.BUSY;
        } catch (ExecutionException e) {
            // Never: the check's future is completed with a verdict, whatever the check does.
            return Verdict.Unavailable.STORE_FAILED;
        }
    }

    private Verdict coldOrRemembered(CacheKey key, CredentialCodec.ParsedCredential credential, long deadlineNanos) {
        // A check that finished between our miss and our turn left its answer in the cache.
        VerifiedCredential remembered = cache.get(key);
        long now = clock.millis();
        // Trusted as a warm hit would be: an entry a revocation marked stale meanwhile is not an answer.
        if (remembered != null && remembered.hasLookupId(credential.lookupId())
                && !remembered.expiredAt(now) && trusted(remembered, now)
                && !revokedToken(remembered, credential.lookupId())) {
            return remembered;
        }
        VerificationCache.Epochs epochs = cache.epochs();
        Verdict verdict = Verdict.Unavailable.STORE_FAILED;
        long start = System.nanoTime();
        try {
            verdict = cold.verify(credential, deadlineNanos);
        } catch (RuntimeException e) {
            LOG.warn("could not verify credential {} against the store: {}", credential.lookupId(), e.toString());
            return verdict;
        } finally {
            observer.coldVerification(observed(credential.kind()), verdict instanceof VerifiedCredential,
                    System.nanoTime() - start);
        }
        if (verdict instanceof VerifiedCredential verified) {
            cache.put(key, verified, epochs);
        }
        return verdict;
    }
}
