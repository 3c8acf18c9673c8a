package dev.keyward.internal;

import dev.keyward.spi.KeywardObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the Argon2 computations that verification and the hashing of new secrets run at once, and how
 * long a caller waits for a turn: past the wait the caller gives up (and the request is denied with 503),
 * so a flood of wrong secrets can exhaust neither memory nor threads.
 *
 * <p>Turns are shared among parties — for verification, the organizations whose credentials are checked;
 * the hashing of new secrets and leak reports are a party each. A caller takes a free turn at once when
 * nobody waits. Otherwise it waits in its party's queue, in order, and a turn given back goes to the waiting
 * party that holds the fewest turns, the one served longest ago first among equals: a flood aimed at every
 * credential of one organization takes no more turns than another organization waiting beside it, which
 * waits for at most one turn of each party, never for the flood's queue, while a party alone uses every
 * turn. Thread-safe.
 */
public final class HashGate {

    /** The party of the hashing of new secrets, on create and regenerate. */
    public static final Object NEW_SECRETS = new Object() {
        @Override
        public String toString() {
            return "new secrets";
        }
    };

    /** The party of leak reports. */
    public static final Object LEAK_REPORTS = new Object() {
        @Override
        public String toString() {
            return "leak reports";
        }
    };

    private final int maxConcurrent;
    private final long timeoutNanos;
    private final KeywardObserver observer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Parties holding or waiting for a turn; a party leaves when it does neither. Guarded by the lock. */
    private final Map<Object, Party> parties = new HashMap<>();
    /** Parties with a caller waiting, least recently served first. Guarded by the lock. */
    private final ArrayDeque<Party> waitingParties = new ArrayDeque<>();
    /** Written under the lock; read without it by {@link #running()} and {@link #waiting()}. */
    private volatile int running;
    private volatile int waiting;

    public HashGate(int maxConcurrent, Duration timeout) {
        this(maxConcurrent, timeout, KeywardObserver.NONE);
    }

    /** A gate that reports every wait for a turn to the observer. */
    public HashGate(int maxConcurrent, Duration timeout, KeywardObserver observer) {
        this.maxConcurrent = maxConcurrent;
        this.timeoutNanos = timeout.toNanos();
        this.observer = observer;
    }

    /**
     * Takes a turn for the party, waiting at most the timeout; true if taken, and then {@link #exit(Object)}
     * with the same party must follow.
     */
    public boolean enter(Object party) {
        return enterBy(party, System.nanoTime() + timeoutNanos);
    }

    /** Turns taken now. */
    public int running() {
        return running;
    }

    /** Callers waiting for a turn now. */
    public int waiting() {
        return waiting;
    }

    /**
     * Takes a turn for the party, waiting at most until {@code deadlineNanos} (a {@link System#nanoTime()} value),
     * so a request's whole wait counts from its arrival; true if taken, and then {@link #exit(Object)} with the
     * same party must follow. An interrupt ends the wait without a turn, the thread's interrupt status kept.
     */
    public boolean enterBy(Object party, long deadlineNanos) {
        return enterBy(party, deadlineNanos, System.nanoTime());
    }

    /**
     * As {@link #enterBy(Object, long)}, for a caller that began waiting for its turn at {@code waitingSinceNanos}
     * (a {@link System#nanoTime()} value) in a queue before the gate's: the wait reported is the whole of it.
     */
    public boolean enterBy(Object party, long deadlineNanos, long waitingSinceNanos) {
        long start = System.nanoTime();
        boolean admitted = false;
        lock.lock();
        try {
            if (running < maxConcurrent && waiting == 0) {
                running++;
                partyOf(party).running++;
                admitted = true;
                return true;
            }
            if (deadlineNanos - start <= 0) {
                return false;
            }
            admitted = awaitTurn(partyOf(party), deadlineNanos);
            return admitted;
        } finally {
            lock.unlock();
            observer.hashGateWait(System.nanoTime() - waitingSinceNanos, admitted);
        }
    }

    /**
     * Reports a wait for a turn that ended, without one, in a queue before the gate's (a credential's own) where
     * the caller began waiting at {@code waitingSinceNanos}: its request is answered 503 as one the gate refused.
     */
    public void refusedBeforeTheGate(long waitingSinceNanos) {
        observer.hashGateWait(System.nanoTime() - waitingSinceNanos, false);
    }

    /** Waits in the party's queue until handed a turn or the deadline passes; called with the lock held. */
    private boolean awaitTurn(Party party, long deadlineNanos) {
        Waiter waiter = new Waiter(lock.newCondition());
        if (party.waiters.isEmpty()) {
            waitingParties.addLast(party);
        }
        party.waiters.addLast(waiter);
        waiting++;
        boolean interrupted = false;
        try {
            while (!waiter.admitted) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                waiter.turn.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (!waiter.admitted) {
            party.waiters.remove(waiter);
            waiting--;
            if (party.waiters.isEmpty()) {
                waitingParties.remove(party);
            }
            leaveIfIdle(party);
        } else if (interrupted) {
            // Handed a turn as the interrupt came: pass it on, and end the wait without it.
            release(party);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return waiter.admitted && !interrupted;
    }

    /**
     * Takes a turn only if one is free now and nobody waits, for optional work that must never make a request
     * wait; true if taken, and then {@link #exit()} must follow.
     */
    public boolean enterIfFree() {
        lock.lock();
        try {
            if (running < maxConcurrent && waiting == 0) {
                running++;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a turn taken by {@link #enterIfFree()}. */
    public void exit() {
        lock.lock();
        try {
            handOn();
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a turn the party took. */
    public void exit(Object party) {
        lock.lock();
        try {
            release(parties.get(party));
        } finally {
            lock.unlock();
        }
    }

    /** How long a caller waits for a turn at most, in nanoseconds. */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** The party's turn given back; called with the lock held. */
    private void release(Party party) {
        party.running--;
        leaveIfIdle(party);
        handOn();
    }

    /**
     * A turn given back goes to the first waiter of the waiting party that holds the fewest turns (among equals,
     * the one served longest ago), or is free again when nobody waits; called with the lock held.
     */
    private void handOn() {
        Party next = null;
        for (Party candidate : waitingParties) {
            if (next == null || candidate.running < next.running) {
                next = candidate;
            }
        }
        if (next == null) {
            running--;
            return;
        }
        Waiter waiter = next.waiters.removeFirst();
        waiting--;
        next.running++;
        waitingParties.remove(next);
        if (!next.waiters.isEmpty()) {
            waitingParties.addLast(next);
        }
        waiter.admitted = true;
        waiter.turn.signal();
    }

    private Party partyOf(Object key) {
        return parties.computeIfAbsent(key, Party::new);
    }

    private void leaveIfIdle(Party party) {
        if (party.running == 0 && party.waiters.isEmpty()) {
            parties.remove(party.key);
        }
    }

    /** Parties holding or waiting for a turn now; for tests. */
    int parties() {
        lock.lock();
        try {
            return parties.size();
        } finally {
            lock.unlock();
        }
    }

    private static final class Party {
        final Object key;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int running;

        Party(Object key) {
            this.key = key;
        }
    }

    private static final class Waiter {
        final Condition turn;
        boolean admitted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }
}
