package dev.keyward.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One Argon2 turn at a time per connection for secrets not yet known good. Anyone can learn a
 * client id, so a flood of wrong secrets aimed at one connection would otherwise take every slot
 * of the {@link HashGate}; here it holds at most one, and the rest of the flood waits in this
 * connection's own queue (fair, so in order) until its deadline. A connection has an entry only
 * while someone holds or waits for its turn, so memory follows the requests in progress. Thread-safe.
 */
public final class ConnectionSlots {

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * Takes this connection's turn, waiting at most until {@code deadlineNanos} (a {@link System#nanoTime()}
     * value); the turn when taken, to hand back with {@link Turn#close()}, or {@code null} when the wait ran out.
     */
    public Turn enter(String connectionLookupId, long deadlineNanos) {
        Slot slot = slots.compute(connectionLookupId, (id, existing) -> {
            Slot s = existing == null ? new Slot() : existing;
            s.users++;
            return s;
        });
        boolean taken = false;
        try {
            taken = slot.turn.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!taken) {
                leave(connectionLookupId, slot);
            }
        }
        return taken ? new Turn(this, connectionLookupId, slot) : null;
    }

    /** Connections with a request holding or waiting for their turn; for tests. */
    int size() {
        return slots.size();
    }

    private void leave(String connectionLookupId, Slot slot) {
        slots.computeIfPresent(connectionLookupId, (id, s) -> s == slot && --s.users == 0 ? null : s);
    }

    /** A connection's turn; closing it lets the next waiter of that connection in. */
    public static final class Turn implements AutoCloseable {
        private final ConnectionSlots slots;
        private final String connectionLookupId;
        private final Slot slot;

        private Turn(ConnectionSlots slots, String connectionLookupId, Slot slot) {
            this.slots = slots;
            this.connectionLookupId = connectionLookupId;
            this.slot = slot;
        }

        @Override
        public void close() {
            slot.turn.release();
            slots.leave(connectionLookupId, slot);
        }
    }

    /** Users are counted inside the map's compute functions only, which run one at a time per key. */
    private static final class Slot {
        final Semaphore turn = new Semaphore(1, true);
        int users;
    }
}
