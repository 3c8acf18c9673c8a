package dev.keyward.internal;

import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.RevocationWatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the revocation log in order and makes this node forget what each record revokes. The store
 * wakes it when a revocation commits ({@link KeywardStore#watchRevocations}); the record is then
 * applied on the waking thread. Without push — or while push is lost — a daemon thread of its own
 * reads the log at the poll interval; with push it still does, at a long interval, as a safety
 * net. A node that finds records it never read already purged re-reads every credential it remembers
 * before trusting it again (one row each, no Argon2). While the log cannot be read, and once nothing follows
 * it (the thread ended, the node closed), each remembered credential is re-read once the poll interval has
 * passed since its last check, so a revocation elsewhere still reaches this node within about that. A thread
 * of its own purges records old enough that no node can need them (by then every remembered credential was
 * re-read), so a purge waiting for a lock never holds up reading the log. Store failures are logged and
 * retried at the next turn. Thread-safe; {@link #close()} stops both threads and the store's listener.
 */
public final class RevocationFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationFollower.class);
    private static final int BATCH = 500;
    /** Batches purged at most per wake of the purging thread; the rest at the next wakes. */
    private static final int PURGE_BATCHES_PER_WAKE = 20;
    /** How often the log is read anyway while push works. */
    private static final Duration PUSH_SAFETY_POLL = Duration.ofSeconds(30);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final Duration MIN_RETENTION = Duration.ofMinutes(10);

    private final KeywardStore store;
    private final CredentialVerifier verifier;
    private final Clock clock;
    private final KeywardObserver observer;
    private final Duration pollInterval;
    private final Duration retention;
    private final ReentrantLock applying = new ReentrantLock();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore purgeWake = new Semaphore(0);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private final Thread purging;
    /** Whether the thread following the log ended while the node served on. */
    private volatile boolean followingEnded;
    private volatile RevocationWatch watch = RevocationWatch.POLL;
    /** The sequence number of the last record applied; -1 until the log's position is known. */
    private volatile long position = -1;
    /**
     * The record under the position, as the log held it — the last one applied, or the one there when the node
     * moved to the position — or null when the log held none there: read again with the records after it, so
     * that a log whose numbers went back and were used again up to the position (another record under the same
     * number) is noticed. Always null or numbered as the position; touched under the applying lock only.
     */
    private Revocation lastApplied;
    /**
     * Whether the last read of the log failed: the thread then reads it at the next wake, push or not, as
     * nothing else may wake it — the failed read may have been the one a push or a reconnect asked for. Until
     * a read succeeds, remembered credentials are re-read as when nothing follows the log.
     */
    private volatile boolean readFailed;
    /** Reads of the log failed in a row; touched under the applying lock only. */
    private long failedReads;
    /** Touched by the purging thread only. */
    private long lastPurgeMillis;
    /** Whether the last purge stopped with records past their retention left; touched by the purging thread only. */
    private boolean purgeBehind;

    public RevocationFollower(KeywardStore store, CredentialVerifier verifier, Clock clock, Duration pollInterval,
            Duration checkInterval) {
        this(store, verifier, clock, pollInterval, checkInterval, KeywardObserver.NONE);
    }

    /** A follower that reports every record it applies, and its lag, to the observer. */
    public RevocationFollower(KeywardStore store, CredentialVerifier verifier, Clock clock, Duration pollInterval,
            Duration checkInterval, KeywardObserver observer) {
        this.observer = observer;
        this.store = store;
        this.verifier = verifier;
        this.clock = clock;
        this.pollInterval = pollInterval;
        Duration twice = checkInterval.multipliedBy(2);
        this.retention = twice.compareTo(MIN_RETENTION) > 0 ? twice : MIN_RETENTION;
        this.lastPurgeMillis = clock.millis();
        this.thread = new Thread(this::follow, "keyward-revocations");
        this.thread.setDaemon(true);
        this.purging = new Thread(this::purge, "keyward-revocation-purge");
        this.purging.setDaemon(true);
    }

    /** Finds the log's end, starts watching and polling. */
    public void start() {
        catchUp();
        RevocationWatch started = store.watchRevocations(this::onRevocation);
        watch = started;
        if (started.mode() == RevocationWatch.Mode.NO_LOG) {
            verifier.recheckEvery(pollInterval);
            return;
        }
        // Something may have committed between reading the log's end and the watch starting.
        catchUp();
        thread.start();
        purging.start();
    }

    /** How revocations reach this node now, when it {@link #follows()} the log. */
    public RevocationWatch.Mode mode() {
        return watch.mode();
    }

    /**
     * Whether this node follows the revocation log now: not while the log cannot be read, nor once the thread
     * following it ended or the node closed, nor with a store that keeps none. Each remembered credential is
     * then re-read once the poll interval has passed since its last check.
     */
    public boolean follows() {
        return !readFailed && !followingEnded && !closed.get() && watch.mode() != RevocationWatch.Mode.NO_LOG;
    }

    /** The sequence number of the last record applied, or -1 while the log could not be read yet. */
    public long position() {
        return position;
    }

    /** How many records this node has applied since it started. */
    public long applied() {
        return applied.get();
    }

    private void onRevocation() {
        catchUp();
    }

    /** Reads and applies every record after the position; one thread at a time, the others leave it a turn. */
    private void catchUp() {
        again.set(true);
        while (again.get() && applying.tryLock()) {
            try {
                again.set(false);
                readLog();
            } finally {
                applying.unlock();
            }
        }
    }

    private void readLog() {
        try {
            if (position < 0) {
                long latest = store.latestRevocation();
                // Anything remembered before the position was known may have missed a revocation: distrusted
                // before the position is, so that a known position means it is.
                verifier.distrustAll();
                moveTo(latest);
                readSucceeded();
                return;
            }
            List<Revocation> batch;
            do {
                Revocation last = lastApplied;
                batch = store.revocationsAfter(last == null ? position : position - 1, BATCH);
                List<Revocation> after = batch;
                if (last != null && !batch.isEmpty() && batch.get(0).sequence() == position) {
                    if (!batch.get(0).equals(last)) {
                        reusedNumber(position);
                        // Noticed once: the record now under the position is the one to compare with.
                        lastApplied = batch.get(0);
                    }
                    after = batch.subList(1, batch.size());
                }
                if (after.isEmpty()) {
                    nothingAfterPosition();
                }
                for (Revocation revocation : after) {
                    apply(revocation);
                }
                // A store returns a full batch while more records follow: a shorter one is the log's end.
            } while (batch.size() == BATCH);
            readSucceeded();
        } catch (RuntimeException e) {
            failedReads++;
            if (!readFailed) {
                // Revocations elsewhere may go unread until a read succeeds: what is remembered is re-read meanwhile.
                readFailed = true;
                verifier.recheckWhileUnfollowed(pollInterval);
                LOG.warn("could not read the revocation log; trying again every {}, and re-reading each remembered"
                        + " credential once that has passed since its last check, until a read succeeds (the failures"
                        + " until then at DEBUG): {}", pollInterval, e.toString());
            } else {
                LOG.debug("could not read the revocation log again: {}", e.toString());
            }
        }
    }

    /** A read of the log succeeded: every record after the position is applied, and trusting by the interval again. */
    private void readSucceeded() {
        if (readFailed) {
            readFailed = false;
            verifier.followedAgain();
            LOG.info("read the revocation log again, after {} failed reads", failedReads);
        }
        failedReads = 0;
    }

    /**
     * The log holds nothing after the position: unless its numbers went back (see below) or further, by which every record up to
     * them had committed, and none after the position is left, purged — by a store or a node of an earlier
     * version, which purged the latest record too. The numbers are read first, then the log again, so a record
     * committed meanwhile is found, not taken for purged.
     */
    private void nothingAfterPosition() {
        long latest = store.latestRevocation();
        if (latest < position) {
            // Numbers never go back but for a database restored or failed over to a copy that lost its last
            // commits: the records this node applied past the log's end are gone, and the next ones will be
            // numbered where they were. Followed from the log's end, and every remembered credential re-read.
            LOG.warn("the revocation log ends at {}, before record {} this node applied (a database restored or"
                    + " failed over?); following it from there, re-reading every remembered credential before"
                    + " trusting it again", latest, position);
            verifier.distrustAll();
            moveTo(latest);
            return;
        }
        if (latest > position && store.revocationsAfter(position, 1).isEmpty()) {
            LOG.warn("revocation records {} to {} were purged before this node read them; re-reading every "
                    + "remembered credential before trusting it again", position + 1, latest);
            verifier.distrustAll();
            moveTo(latest);
        }
    }

    /**
     * Follows the log from {@code sequence} on without applying a record, keeping the record under it (when the
     * log still holds one) as the one to compare later reads with.
     */
    private void moveTo(long sequence) {
        List<Revocation> under = sequence > 0 ? store.revocationsAfter(sequence - 1, 1) : List.of();
        lastApplied = !under.isEmpty() && under.get(0).sequence() == sequence ? under.get(0) : null;
        position = sequence;
    }

    /**
     * The log holds another record under the number of the last one applied: its numbers went back (a database
     * restored, or failed over to a copy that lost its last commits) and were used again up to here before this
     * node read it, so records it has not applied carry numbers it has passed. Every remembered credential is
     * re-read before it is trusted again, as when the log ends before the position.
     */
    private void reusedNumber(long sequence) {
        LOG.warn("revocation record {} is not the one this node applied (a database restored or failed over, its"
                + " numbers used again?); re-reading every remembered credential before trusting it again", sequence);
        verifier.distrustAll();
    }

    private void apply(Revocation revocation) {
        if (revocation.sequence() <= position) {
            return;
        }
        if (revocation.sequence() > position + 1) {
            LOG.warn("revocation records {} to {} were purged before this node read them; re-reading every "
                    + "remembered credential before trusting it again", position + 1, revocation.sequence() - 1);
            verifier.distrustAll();
        }
        if (revocation.tokenLookupId() == null) {
            verifier.revoke(revocation.connectionLookupId());
        } else {
            verifier.revokeToken(revocation.tokenLookupId(), revocation.connectionLookupId());
        }
        position = revocation.sequence();
        lastApplied = revocation;
        applied.incrementAndGet();
        // Clocks of nodes differ a little: a record stamped "in the future" arrived with no lag.
        observer.revocationReceived(revocation.tokenLookupId() != null,
                Math.max(0, clock.millis() - revocation.revokedAt().toEpochMilli()));
    }

    /**
     * Runs the thread. Should it end while the node serves on — an {@link Error} (the store's driver out of memory,
     * a class missing), an interrupt from outside — the node follows the log no more: as a closed node does, it
     * re-reads each remembered credential once the poll interval has passed since its last check, so a revocation
     * elsewhere still reaches it within about that.
     */
    private void follow() {
        Throwable ended = null;
        try {
            run();
        } catch (Throwable e) {
            ended = e;
        } finally {
            // Ended for good while the node serves on (an Error, or an interrupt from outside): nothing follows the
            // log any more.
            followingEnded = true;
            if (!closed.get()) {
                verifier.recheckEvery(pollInterval);
                LOG.error("stopped following the revocation log; each remembered credential is read again once {} has"
                        + " passed since its last check", pollInterval, ended);
            }
        }
    }

    /**
     * Wakes every poll interval, and reads the log then unless push works, the last read succeeded and the
     * thread read it lately.
     */
    private void run() {
        long lastRead = System.nanoTime();
        while (!closed.get()) {
            try {
                wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            boolean pushing = watch.mode() == RevocationWatch.Mode.PUSH;
            boolean safetyDue = System.nanoTime() - lastRead >= PUSH_SAFETY_POLL.toNanos();
            if (!closed.get() && (!pushing || readFailed || safetyDue)) {
                lastRead = System.nanoTime();
                catchUp();
            }
        }
    }

    /**
     * Runs the purging thread: wakes every poll interval, and purges once a minute of the node's clock. A purge
     * that waits (for records another node's purge holds, up to the store's statement timeout) holds up this
     * thread alone. Should it end while the node serves on (an {@link Error}, an interrupt from outside), it says
     * so at ERROR: the log is then purged by other nodes, or grows.
     */
    private void purge() {
        Throwable ended = null;
        try {
            while (!closed.get() && !Thread.currentThread().isInterrupted()) {
                try {
                    purgeWake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (!closed.get()) {
                    purgeNowAndThen();
                }
            }
        } catch (Throwable e) {
            ended = e;
        } finally {
            if (!closed.get()) {
                LOG.error("stopped purging the revocation log on this node", ended);
            }
        }
    }

    /**
     * Once a minute, the records past their retention, a few batches at a time: while more are left (a
     * platform revoking faster than that), again at every wake until none are.
     */
    private void purgeNowAndThen() {
        long now = clock.millis();
        if (!purgeBehind && now - lastPurgeMillis < PURGE_EVERY.toMillis()) {
            return;
        }
        lastPurgeMillis = now;
        try {
            Instant before = clock.instant().minus(retention);
            int batches = 0;
            int purged;
            do {
                purged = store.purgeRevocations(before, BATCH);
            } while (purged == BATCH && ++batches < PURGE_BATCHES_PER_WAKE && !closed.get());
            purgeBehind = purged == BATCH;
        } catch (RuntimeException e) {
            purgeBehind = false;
            LOG.warn("could not purge the revocation log: {}", e.toString());
        }
    }

    /** Stops the thread and the store's listener; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // A closed node may still verify (requests draining): with nothing followed, remembered credentials
            // are read again as on a store without a log, so a revocation elsewhere reaches it within the interval.
            verifier.recheckEvery(pollInterval);
            wake.release();
            purgeWake.release();
            try {
                watch.close();
            } catch (RuntimeException e) {
                LOG.warn("could not stop watching revocations: {}", e.toString());
            }
            // Both within one wait of 5 s: a purge waiting for a lock is given up on, as a read would be.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (Thread running : new Thread[] {thread, purging}) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (running.isAlive() && left > 0) {
                    try {
                        running.join(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
