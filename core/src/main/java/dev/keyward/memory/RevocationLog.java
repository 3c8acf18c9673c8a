package dev.keyward.memory;

import dev.keyward.spi.Revocation;
import dev.keyward.spi.RevocationWatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-memory store's revocation log: records numbered in commit order, and the nodes to wake.
 * Appends happen under an organization's lock, so two organizations may append at once: the log
 * has a lock of its own. Thread-safe.
 */
final class RevocationLog {

    private final List<Revocation> records = new ArrayList<>();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> appended = ThreadLocal.withInitial(() -> false);
    private long latest;

    /** Numbers and appends what one unit of work revoked. */
    synchronized void append(List<Revocation> revocations) {
        for (Revocation revocation : revocations) {
            records.add(revocation.toBuilder().sequence(++latest).build());
        }
        if (!revocations.isEmpty()) {
            appended.set(true);
        }
    }

    /** Wakes every watcher if this thread has just appended. */
    void wakeIfAppended() {
        if (appended.get()) {
            appended.set(false);
            watchers.forEach(Runnable::run);
        }
    }

    synchronized long latest() {
        return latest;
    }

    synchronized List<Revocation> after(long sequence, int limit) {
        requirePositive(limit);
        if (records.isEmpty()) {
            return List.of();
        }
        // Numbers are consecutive from the oldest kept record, so the first one after is found by arithmetic.
        long first = records.get(0).sequence();
        int from = (int) Math.max(0, Math.min(records.size(), sequence - first + 1));
        int to = (int) Math.min(records.size(), (long) from + limit);
        return List.copyOf(records.subList(from, to));
    }

    synchronized int purge(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        requirePositive(limit);
        int purged = 0;
        // Never the latest record: a node behind then always finds one after its position, and sees the gap.
        while (purged < limit && purged < records.size() - 1 && records.get(purged).revokedAt().isBefore(before)) {
            purged++;
        }
        records.subList(0, purged).clear();
        return purged;
    }

    RevocationWatch watch(Runnable onRevocation) {
        Objects.requireNonNull(onRevocation, "onRevocation");
        watchers.add(onRevocation);
        return new RevocationWatch() {
            @Override
            public Mode mode() {
                return Mode.PUSH;
            }

            @Override
            public void close() {
                watchers.remove(onRevocation);
            }
        };
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
