package dev.keyward.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Times how long a revocation made on one node takes to be enforced on another, trial after trial. */
final class RevocationLatency {

    private final List<Long> nanos = new ArrayList<>();

    /** Waits, checking every 20 µs, until {@code denied} holds; records and returns the time since {@code start}. */
    long await(long start, BooleanSupplier denied, long timeoutMillis) {
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!denied.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not denied within " + timeoutMillis + " ms");
            }
            LockSupport.parkNanos(20_000);
        }
        long took = System.nanoTime() - start;
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
