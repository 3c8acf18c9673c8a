package dev.keyward.examples;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests in flight, so that stopping answers them first: once {@link #close} begins, a request that
 * arrives is turned away, and close waits, at most a bound, for those already being answered. A regeneration
 * committed as the server stops then still hands its new secret over. A request counts from the moment the
 * server hands it to a thread ({@link #counting}), before that thread reads it or answers {@code 100 Continue}:
 * counted when its handler starts, one whose thread had not been scheduled yet when stopping began would be
 * cut. Thread-safe.
 */
final class Drain {

    /** Whether the exchange on this thread was handed over before stopping began; unset outside {@link #counting}. */
    private static final ThreadLocal<Boolean> ADMITTED = new ThreadLocal<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private boolean closing;

    /**
     * The server's threads, each exchange counted from the moment the server hands it over until its thread is
     * done with it; one handed over once stopping began is not counted, and {@link #admitted} says so.
     */
    Executor counting(Executor threads) {
        return exchange -> {
            boolean admitted = enter();
            try {
                threads.execute(() -> {
                    ADMITTED.set(admitted);
                    try {
                        exchange.run();
                    } finally {
                        ADMITTED.remove();
                        if (admitted) {
                            exit();
                        }
                    }
                });
            } catch (RuntimeException e) {
                if (admitted) {
                    exit();
                }
                throw e;
            }
        };
    }

    /** Whether the exchange being handled on this thread came before stopping began (or not through a drain). */
    static boolean admitted() {
        return !Boolean.FALSE.equals(ADMITTED.get());
    }

    /** Whether the request may go on; if so, {@link #exit} must follow. False once stopping began. */
    private boolean enter() {
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
    private void exit() {
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
