package dev.keyward.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Times how long a revocation made on one node takes to be enforced on another, trial after trial. */
final class RevocationLatency {

    private final List<Long> nanos = new ArrayList<>();

    /**
     * Checks {@code condition} every 20 µs until it holds; returns {@link System#nanoTime()} taken right after
     * the check that saw it hold, or nothing once {@code deadline} (a {@code nanoTime}) has passed.
     */
    static OptionalLong firstHeld(BooleanSupplier condition, long deadline) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return OptionalLong.empty();
            }
            LockSupport.parkNanos(20_000);
        }
        return OptionalLong.of(System.nanoTime());
    }

    /** Waits, checking every 20 µs, until {@code denied} holds; records and returns the time since {@code start}. */
    long await(long start, BooleanSupplier denied, long timeoutMillis) {
        long deniedAt = firstHeld(denied, start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis))
                .orElseThrow(() -> new AssertionError("not denied within " + timeoutMillis + " ms"));
        return record(deniedAt - start);
    }

    /** Records one trial's time, measured elsewhere; returns it. */
    long record(long took) {
        nanos.add(took);
        return took;
    }

    /** The given percentile (0–100) of the recorded times, in milliseconds. */
    double percentileMillis(double percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    String summary(String what) {
        return String.format(Locale.ROOT, "%s: %d trials, p50 %.2f ms, p99 %.2f ms, max %.2f ms", what, nanos.size(),
                percentileMillis(50), percentileMillis(99), percentileMillis(100));
    }
}
