package dev.keyward.testing;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.LastUse;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Decorates a store and counts every read and unit of work, and records every batch of last uses
 * with the thread that wrote it; can be told to fail units of work or last-use writes. Thread-safe.
 */
public final class CountingStore extends ForwardingStore {

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger units = new AtomicInteger();
    private final AtomicInteger logReads = new AtomicInteger();
    private volatile boolean failUnitsOfWork;
    private final AtomicInteger failLastUse = new AtomicInteger();
    private final Queue<List<LastUse>> lastUses = new ConcurrentLinkedQueue<>();
    private final Set<String> lastUseWriters = ConcurrentHashMap.newKeySet();

    public CountingStore(KeywardStore delegate) {
        super(delegate);
    }

    /** Reads outside units of work so far. */
    public int reads() {
        return reads.get();
    }

    /** Reads of the revocation log so far; not counted in {@link #reads()}. */
    public int logReads() {
        return logReads.get();
    }

    /** Units of work so far. */
    public int unitsOfWork() {
        return units.get();
    }

    /** From now on, every unit of work fails with a {@link StoreException} before it runs. */
    public void failUnitsOfWork() {
        failUnitsOfWork = true;
    }

    public void reset() {
        reads.set(0);
        units.set(0);
    }

    @Override
    public Optional<StoredConnection> findConnection(OrganizationId organizationId, ConnectionId id) {
        reads.incrementAndGet();
        return delegate().findConnection(organizationId, id);
    }

    @Override
    public List<StoredConnection> listConnections(OrganizationId organizationId) {
        reads.incrementAndGet();
        return delegate().listConnections(organizationId);
    }

    @Override
    public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
        reads.incrementAndGet();
        return delegate().findConnectionByLookupId(lookupId);
    }

    @Override
    public Optional<StoredToken> findToken(String lookupId) {
        reads.incrementAndGet();
        return delegate().findToken(lookupId);
    }

    @Override
    public Optional<OwnedToken> findOwnedToken(String lookupId) {
        reads.incrementAndGet();
        return delegate().findOwnedToken(lookupId);
    }

    @Override
    public List<Revocation> revocationsAfter(long sequence, int limit) {
        logReads.incrementAndGet();
        return delegate().revocationsAfter(sequence, limit);
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        units.incrementAndGet();
        if (failUnitsOfWork) {
            throw new StoreException("could not lock organization " + organizationId, null);
        }
        return delegate().inOrganization(organizationId, work);
    }

    @Override
    public void recordLastUsed(Collection<LastUse> uses) {
        lastUseWriters.add(Thread.currentThread().getName());
        if (failLastUse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreException("could not record the last use of " + uses.size() + " connection(s)", null);
        }
        lastUses.add(List.copyOf(uses));
        delegate().recordLastUsed(uses);
    }

    /** Every batch of last uses written so far, in order. */
    public List<List<LastUse>> lastUseBatches() {
        return List.copyOf(lastUses);
    }

    /** The names of the threads that wrote last uses, or tried to. */
    public Set<String> lastUseWriters() {
        return Set.copyOf(lastUseWriters);
    }

    /** The next {@code times} writes of last uses fail with a {@link StoreException}. */
    public void failLastUse(int times) {
        failLastUse.set(times);
    }
}
