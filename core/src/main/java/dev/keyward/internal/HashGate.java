package dev.keyward.internal;

import dev.keyward.spi.KeywardObserver;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the Argon2 computations that verification and the hashing of new secrets run at once, and how
 * long a caller waits for a turn: past the wait the caller gives up (and the request is
 * denied with 503), so a flood of wrong secrets can exhaust neither memory nor threads.
 * Fair, so waiting callers are served in order. Thread-safe.
 */
public final class HashGate {

    private final Semaphore permits;
    private final int maxConcurrent;
    private final long timeoutNanos;
    private final KeywardObserver observer;

    public HashGate(int maxConcurrent, Duration timeout) {
        this(maxConcurrent, timeout, KeywardObserver.NONE);
    }

    /** A gate that reports every wait for a turn to the observer. */
    public HashGate(int maxConcurrent, Duration timeout, KeywardObserver observer) {
        this.permits = new Semaphore(maxConcurrent, true);
        this.maxConcurrent = maxConcurrent;
        this.timeoutNanos = timeout.toNanos();
        this.observer = observer;
    }

    /** Takes a turn, waiting at most the timeout; true if taken, and then {@link #exit()} must follow. */
    public boolean enter() {
        return enterBy(System.nanoTime() + timeoutNanos);
    }

    /** Turns taken now. */
    public int running() {
        return Math.max(0, maxConcurrent - permits.availablePermits());
    }

    /** Callers waiting for a turn now, approximately. */
    public int waiting() {
        return permits.getQueueLength();
    }

    /**
     * Takes a turn, waiting at most until {@code deadlineNanos} (a {@link System#nanoTime()} value), so a
     * request's whole wait counts from its arrival; true if taken, and then {@link #exit()} must follow.
     */
    public boolean enterBy(long deadlineNanos) {
        long start = System.nanoTime();
        boolean admitted = false;
        try {
            admitted = permits.tryAcquire(Math.max(0, deadlineNanos - start), TimeUnit.NANOSECONDS);
            return admitted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            observer.hashGateWait(System.nanoTime() - start, admitted);
        }
    }

    /** How long a caller waits for a turn at most, in nanoseconds. */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /**
     * Takes a turn only if one is free now, for optional work that must never make a request
     * wait; true if taken, and then {@link #exit()} must follow.
     */
    public boolean enterIfFree() {
        // The timed tryAcquire honours fairness; a zero wait takes a turn only when nobody queues.
        try {
            return permits.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives the turn back. */
    public void exit() {
        permits.release();
    }
}
