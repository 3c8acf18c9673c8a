package dev.keyward.spi;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A store that hands every call to another, for decorators that count, time, trace or fail
 * some calls and leave the rest alone: extend it and override only what the decorator changes.
 * It forwards the SPI's default methods too, so a decorator never silently replaces a store's
 * own cheaper or richer implementation (one joined read, a revocation log, push) with the
 * default; a test keeps it forwarding every method the SPI has. A decorator of the writes wraps the
 * unit of work {@link #inOrganization} hands out in a {@link ForwardingTransaction}, for the same reason.
 * Thread-safe if the delegate is.
 */
public abstract class ForwardingStore implements KeywardStore {

    private final KeywardStore delegate;

    protected ForwardingStore(KeywardStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are handed to. */
    protected KeywardStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredConnection> findConnection(OrganizationId organizationId, ConnectionId id) {
        return delegate.findConnection(organizationId, id);
    }

    @Override
    public List<StoredConnection> listConnections(OrganizationId organizationId) {
        return delegate.listConnections(organizationId);
    }

    @Override
    public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
        return delegate.findConnectionByLookupId(lookupId);
    }

    @Override
    public Optional<StoredToken> findToken(String lookupId) {
        return delegate.findToken(lookupId);
    }

    @Override
    public Optional<OwnedToken> findOwnedToken(String lookupId) {
        return delegate.findOwnedToken(lookupId);
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        return delegate.inOrganization(organizationId, work);
    }

    @Override
    public int purgeExpiredTokens(Instant now, int limit) {
        return delegate.purgeExpiredTokens(now, limit);
    }

    @Override
    public void recordLastUsed(Collection<LastUse> uses) {
        delegate.recordLastUsed(uses);
    }

    @Override
    public long latestRevocation() {
        return delegate.latestRevocation();
    }

    @Override
    public List<Revocation> revocationsAfter(long sequence, int limit) {
        return delegate.revocationsAfter(sequence, limit);
    }

    @Override
    public int purgeRevocations(Instant before, int limit) {
        return delegate.purgeRevocations(before, limit);
    }

    @Override
    public RevocationWatch watchRevocations(Runnable onRevocation) {
        return delegate.watchRevocations(onRevocation);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
