package dev.keyward.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One turn at a time per key, for Argon2 work on secrets not yet known good: per credential, so that a flood
 * of wrong secrets aimed at one credential (anyone can learn a client id) holds at most one turn of the
 * {@link HashGate}; the rest of the flood waits in its key's own queue (fair, so in order) until its deadline,
 * not in the gate's. A key has an entry only while someone holds or waits for its turn, so memory follows the
 * requests in progress. Thread-safe.
 */
public final class KeyedTurns {

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * Takes this key's turn, waiting at most until {@code deadlineNanos} (a {@link System#nanoTime()}
     * value); the turn when taken, to hand back with {@link Turn#close()}, or {@code null} when the wait ran out.
     */
    public Turn enter(String key, long deadlineNanos) {
        Slot slot = slots.compute(key, (id, existing) -> {
            Slot s = existing == null ? new Slot() : existing;
            s.users++;
            return s;
        });
        boolean taken = false;
        waiting.incrementAndGet();
        try {
            taken = slot.turn.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
            if (!taken) {
                leave(key, slot);
            }
        }
        return taken ? new Turn(this, key, slot) : null;
    }

    /**
     * This key's turn, then a turn of the gate for the party, each waited for until {@code deadlineNanos}: both,
     * given back together by closing what is returned, or {@code null} when a wait ran out, reported to the gate's
     * observer as one refused wait begun at {@code waitingSinceNanos} (both {@link System#nanoTime()} values).
     */
    public Both enterWithGate(String key, HashGate gate, Object party, long deadlineNanos, long waitingSinceNanos) {
        Turn own = enter(key, deadlineNanos);
        if (own == null) {
            gate.refusedBeforeTheGate(waitingSinceNanos);
            return null;
        }
        HashGate.Turn gateTurn;
        try {
            gateTurn = gate.enterBy(party, deadlineNanos, waitingSinceNanos);
        } catch (RuntimeException | Error e) {
            own.close();
            throw e;
        }
        if (gateTurn == null) {
            own.close();
            return null;
        }
        return new Both(own, gateTurn);
    }

    /** A key's turn and a turn of the gate, given back together: the gate's first. */
    public record Both(Turn own, HashGate.Turn gate) implements AutoCloseable {
        @Override
        public void close() {
            try {
                gate.close();
            } finally {
                own.close();
            }
        }
    }

    /** Callers waiting for their key's turn now. */
    public int waiting() {
        return waiting.get();
    }

    /** Keys with a request holding or waiting for their turn; for tests. */
    int size() {
        return slots.size();
    }

    private void leave(String key, Slot slot) {
        slots.computeIfPresent(key, (id, s) -> s == slot && --s.users == 0 ? null : s);
    }

    /** A key's turn; closing it lets the next waiter of that key in. */
    public static final class Turn implements AutoCloseable {
        private final KeyedTurns slots;
        private final String key;
        private final Slot slot;
        private boolean closed;

        private Turn(KeyedTurns slots, String key, Slot slot) {
            this.slots = slots;
            this.key = key;
            this.slot = slot;
        }

        /** Gives the turn back; closing it again does nothing. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            slot.turn.release();
            slots.leave(key, slot);
        }
    }

    /** Users are counted inside the map's compute functions only, which run one at a time per key. */
    private static final class Slot {
        final Semaphore turn = new Semaphore(1, true);
        int users;
    }
}
