package dev.keyward.testing;

import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.LastUse;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decorates a store whose writes of last uses wait until {@link #release()}, as on a database that stopped
 * answering; everything else reaches the store it wraps. Remembers the threads that wrote, so a test can
 * see them end. Thread-safe.
 */
public final class StalledLastUseStore extends ForwardingStore {

    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    private final Set<Thread> writers = ConcurrentHashMap.newKeySet();

    public StalledLastUseStore(KeywardStore delegate) {
        super(delegate);
    }

    @Override
    public void recordLastUsed(Collection<LastUse> uses) {
        writers.add(Thread.currentThread());
        waiting.incrementAndGet();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        delegate().recordLastUsed(uses);
        written.incrementAndGet();
    }

    /** Lets every write waiting now, and every later one, through. */
    public void release() {
        released.countDown();
    }

    /** Writes of last uses waiting for {@link #release()} now. */
    public int waiting() {
        return waiting.get();
    }

    /** Writes of last uses that reached the wrapped store. */
    public int written() {
        return written.get();
    }

    /** The threads that wrote last uses, or are waiting to. */
    public List<Thread> writers() {
        return List.copyOf(writers);
    }
}
