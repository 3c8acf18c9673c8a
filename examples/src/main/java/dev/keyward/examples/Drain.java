package dev.keyward.examples;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests in flight, so that stopping answers them first: once {@link #close} begins, a request that
 * arrives is turned away ({@link #enter} is false), and close waits, at most a bound, for those already
 * being answered. A regeneration committed as the server stops then still hands its new secret over.
 * Thread-safe.
 */
final class Drain {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private boolean closing;

    /** Whether the request may go on; if so, {@link #exit} must follow. False once stopping began. */
    boolean enter() {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A request {@link #enter} let in is answered. */
    void exit() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Turns away every request from now on and waits until those in flight are answered, at most {@code bound};
     * how many were still in flight when it began.
     */
    int close(Duration bound, Runnable began) {
        lock.lock();
        try {
            closing = true;
            int left = inFlight;
            began.run();
            long nanos = bound.toNanos();
            while (inFlight > 0 && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
            return left;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight;
        } finally {
            lock.unlock();
        }
    }
}
