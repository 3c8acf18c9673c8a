package dev.keyward.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many requests that hash a new secret — creating or regenerating a connection —
 * run at once; the others wait their turn for a bounded time, then get 503 with
 * {@code Retry-After}. Keyward bounds the Argon2 work of verifications and token requests
 * itself, but not this one, and the server starts a thread per request: without a bound, a
 * flood of such requests would run that many Argon2 computations of 19 MiB each at once.
 * Fair: waiting requests take turns in order. Thread-safe.
 */
public final class HashingLimit {

    private final Semaphore turns;
    private final long waitNanos;

    HashingLimit(int concurrent, Duration wait) {
        this.turns = new Semaphore(concurrent, true);
        this.waitNanos = wait.toNanos();
    }

    /** Work that may fail on I/O. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /** The route, run only while it holds a turn. */
    SafeHandler.Route around(SafeHandler.Route route) {
        return exchange -> call(() -> {
            route.handle(exchange);
            return null;
        });
    }

    /** Runs the work while it holds a turn; {@link HttpError#overloaded()} if none comes in time. */
    public <T> T call(Work<T> work) throws IOException {
        if (!take()) {
            throw HttpError.overloaded();
        }
        try {
            return work.run();
        } finally {
            turns.release();
        }
    }

    private boolean take() {
        try {
            return turns.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
