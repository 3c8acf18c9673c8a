package dev.keyward.testing;

import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.SecretHasher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Argon2id hasher at the cheap test cost that counts its calls, tracks how many verify
 * at once, and can hold every verify until the test opens it. Thread-safe.
 */
public final class CountingHasher implements SecretHasher {

    private final SecretHasher delegate = new Argon2idHasher(Fixtures.CHEAP_ARGON2);
    private final AtomicInteger hashes = new AtomicInteger();
    private final AtomicInteger verifies = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(0);

    /** Holds every verify from now on until {@link #open()}; {@link #awaitEntered} sees them arrive. */
    public void hold(int expectedEntries) {
        entered = new CountDownLatch(expectedEntries);
        gate = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    /** Waits until the expected number of verifies are held. */
    public boolean awaitEntered() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    public int hashes() {
        return hashes.get();
    }

    public int verifies() {
        return verifies.get();
    }

    /** The most verifies ever running at once. */
    public int maxConcurrentVerifies() {
        return maxRunning.get();
    }

    @Override
    public String hash(CharSequence secret) {
        hashes.incrementAndGet();
        return delegate.hash(secret);
    }

    @Override
    public boolean verify(String encodedHash, CharSequence secret) {
        verifies.incrementAndGet();
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            entered.countDown();
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held verify was never released");
            }
            return delegate.verify(encodedHash, secret);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return delegate.needsRehash(encodedHash);
    }
}
