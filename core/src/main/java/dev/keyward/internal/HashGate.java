package dev.keyward.internal;

import dev.keyward.OrganizationId;
import dev.keyward.spi.KeywardObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the Argon2 computations that verification and the hashing of new secrets run at once, and how
 * long a caller waits for a turn: past the wait the caller gives up (and the request is denied with 503),
 * so a flood of wrong secrets can exhaust neither memory nor threads.
 *
 * <p>Turns are shared among parties — for verification, the organizations whose credentials are checked;
 * for the hashing of new secrets, each organization's new secrets, apart from its verifications; leak
 * reports are one party. A caller takes a free turn at once when nobody waits. Otherwise it waits in its
 * party's queue, in order, and a turn given back goes to the first
 * caller of the waiting party that holds the fewest turns (among those holding as few, the one served
 * longest ago, a party that comes, or comes back after holding and awaiting nothing, counting as served just
 * before the latest turn given; then the one waiting longest). So a party holding no turn is served before
 * every party that holds one, and parties holding as few take turns: a flood aimed at every credential of
 * one organization, holding every turn, gives the next turn it gives back to another organization's check
 * that waits beside it, even on a gate of one turn; and a party alone uses every turn. A turn is a
 * {@link Turn}, given back by closing it. Thread-safe.
 */
public final class HashGate {

    /** The party of the hashing of an organization's new secrets, on create and regenerate. */
    public static Object newSecretsOf(OrganizationId organization) {
        return new NewSecrets(Objects.requireNonNull(organization, "organization"));
    }

    /** An organization's new secrets: a party apart from the organization's verifications. */
    private record NewSecrets(OrganizationId organization) {
    }

    /** The party of a host's revocations of bearer tokens by value ({@code Keyward.revokeToken}). */
    public static final Object REVOCATIONS_BY_VALUE = new Object() {
        @Override
        public String toString() {
            return "revocations by value";
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
    /** Parties with a caller waiting, in the order they began to wait or were last served. Guarded by the lock. */
    private final ArrayDeque<Party> waitingParties = new ArrayDeque<>();
    /** Twice the turns given so far, to tell which party was served longest ago. Guarded by the lock. */
    private long served;
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

    /** Takes a turn for the party, waiting at most the timeout; the turn, or {@code null} when the wait ran out. */
    public Turn enter(Object party) {
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
     * so a request's whole wait counts from its arrival; the turn, or {@code null} when the wait ran out. An
     * interrupt ends the wait without a turn, the thread's interrupt status kept.
     */
    public Turn enterBy(Object party, long deadlineNanos) {
        return enterBy(party, deadlineNanos, System.nanoTime());
    }

    /**
     * As {@link #enterBy(Object, long)}, for a caller that began waiting for its turn at {@code waitingSinceNanos}
     * (a {@link System#nanoTime()} value) in a queue before the gate's: the wait reported is the whole of it.
     */
    public Turn enterBy(Object party, long deadlineNanos, long waitingSinceNanos) {
        Objects.requireNonNull(party, "party");
        Turn turn = null;
        lock.lock();
        try {
            Party of = parties.computeIfAbsent(party, key -> new Party(key, served - 1));
            if (running < maxConcurrent && waiting == 0) {
                turn = new Turn(this, of);
                running++;
                of.running++;
                of.lastServed = served += 2;
            } else if (deadlineNanos - System.nanoTime() > 0) {
                turn = awaitTurn(of, deadlineNanos);
            } else {
                leaveIfIdle(of);
            }
        } finally {
            lock.unlock();
        }
        try {
            observer.hashGateWait(System.nanoTime() - waitingSinceNanos, turn != null);
        } catch (Throwable failure) {
            if (turn != null) {
                turn.close();
            }
            throw failure;
        }
        return turn;
    }

    /**
     * Reports a wait for a turn that ended, without one, in a queue before the gate's (a credential's own) where
     * the caller began waiting at {@code waitingSinceNanos}: its request is answered 503 as one the gate refused.
     */
    public void refusedBeforeTheGate(long waitingSinceNanos) {
        observer.hashGateWait(System.nanoTime() - waitingSinceNanos, false);
    }

    /**
     * Waits in the party's queue until handed a turn or the deadline passes, then the turn or {@code null}; called
     * with the lock held. Whatever ends the wait, the caller leaves the queue, or gives back a turn it was handed
     * and will not use.
     */
    private Turn awaitTurn(Party party, long deadlineNanos) {
        Waiter waiter = new Waiter(lock.newCondition());
        Turn turn = new Turn(this, party);
        boolean interrupted = false;
        boolean settled = false;
        try {
            party.waiters.addLast(waiter);
            if (party.waiters.size() == 1) {
                waitingParties.addLast(party);
            }
            waiting++;
            waiter.counted = true;
            while (!waiter.admitted) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    waiter.turn.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            settled = true;
        } finally {
            if (!waiter.admitted) {
                leaveTheQueue(party, waiter);
            } else if (interrupted || !settled) {
                // Handed a turn as the wait was ending otherwise: pass it on.
                turn.close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return waiter.admitted && !interrupted ? turn : null;
    }

    private void leaveTheQueue(Party party, Waiter waiter) {
        if (party.waiters.remove(waiter) && waiter.counted) {
            waiting--;
        }
        if (party.waiters.isEmpty()) {
            waitingParties.remove(party);
        }
        leaveIfIdle(party);
    }

    /**
     * Takes a turn only if one is free now and nobody waits, for optional work that must never make a request
     * wait; the turn, or {@code null}.
     */
    public Turn enterIfFree() {
        lock.lock();
        try {
            if (running < maxConcurrent && waiting == 0) {
                Turn turn = new Turn(this, null);
                running++;
                return turn;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** How long a caller waits for a turn at most, in nanoseconds. */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** A turn of the party (none for optional work) given back; called with the lock held. */
    private void release(Party party) {
        if (party != null) {
            party.running--;
            leaveIfIdle(party);
        }
        Party next = null;
        for (Party candidate : waitingParties) {
            if (next == null || candidate.running < next.running
                    || candidate.running == next.running && candidate.lastServed < next.lastServed) {
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
        next.lastServed = served += 2;
        waitingParties.remove(next);
        if (!next.waiters.isEmpty()) {
            waitingParties.addLast(next);
        }
        waiter.admitted = true;
        waiter.turn.signal();
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

    /** What the gate's state breaks of its invariants now, or {@code null}; for tests. */
    String brokenInvariant() {
        lock.lock();
        try {
            int queued = 0;
            int held = 0;
            for (Party party : parties.values()) {
                if (party.running < 0 || party.running == 0 && party.waiters.isEmpty()) {
                    return "party " + party.key + " holds " + party.running + " with " + party.waiters.size() + " waiting";
                }
                if (party.waiters.isEmpty() == waitingParties.contains(party)) {
                    return "party " + party.key + " is " + (party.waiters.isEmpty() ? "" : "not ") + "among the waiting";
                }
                queued += party.waiters.size();
                held += party.running;
            }
            if (waitingParties.size() != waitingParties.stream().distinct().count()) {
                return "a party twice among the waiting";
            }
            if (queued != waiting) {
                return queued + " queued, " + waiting + " counted waiting";
            }
            if (running > maxConcurrent || running < held) {
                return running + " running of " + maxConcurrent + ", " + held + " held by parties";
            }
            if (waiting > 0 && running < maxConcurrent) {
                return "a turn free while " + waiting + " wait";
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** A turn of the gate; closing it gives it back, to the next caller the gate serves. Closing it again does nothing. */
    public static final class Turn implements AutoCloseable {
        private final HashGate gate;
        private final Party party;
        private boolean closed;

        private Turn(HashGate gate, Party party) {
            this.gate = gate;
            this.party = party;
        }

        @Override
        public void close() {
            gate.lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    gate.release(party);
                }
            } finally {
                gate.lock.unlock();
            }
        }
    }

    private static final class Party {
        final Object key;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int running;
        /**
         * When it last got a turn, in {@code served}'s count; a party that comes, or comes back after it held and
         * waited for nothing, counts as served just before the latest turn given, so that going idle between
         * turns (a flood at one credential does, after each check) never puts it ahead of parties that wait.
         */
        long lastServed;

        Party(Object key, long lastServed) {
            this.key = key;
            this.lastServed = lastServed;
        }
    }

    private static final class Waiter {
        final Condition turn;
        boolean admitted;
        boolean counted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }
}
