package dev.keyward.spi;

import dev.keyward.ConnectionId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A unit of work that hands every call to another, for a {@link ForwardingStore} that decorates the writes
 * of {@link KeywardStore#inOrganization}: wrap the store's transaction in it and override only what the
 * decorator changes. It forwards the default methods too, so a decorator never silently replaces the
 * store's single-token delete, live-token list or revocation log with a default — which would turn off the
 * live-token cap, fail every single-token revocation, or leave other nodes unaware of revocations; a test
 * keeps it forwarding every method the interface has. Valid, like the transaction it wraps, only inside
 * the unit of work.
 */
public abstract class ForwardingTransaction implements OrganizationTransaction {

    private final OrganizationTransaction delegate;

    protected ForwardingTransaction(OrganizationTransaction delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The unit of work calls are handed to. */
    protected OrganizationTransaction delegate() {
        return delegate;
    }

    @Override
    public List<StoredConnection> connections() {
        return delegate.connections();
    }

    @Override
    public Optional<StoredConnection> find(ConnectionId id) {
        return delegate.find(id);
    }

    @Override
    public void insert(StoredConnection connection) {
        delegate.insert(connection);
    }

    @Override
    public void update(StoredConnection connection) {
        delegate.update(connection);
    }

    @Override
    public void delete(ConnectionId id) {
        delegate.delete(id);
    }

    @Override
    public void insertToken(StoredToken token) {
        delegate.insertToken(token);
    }

    @Override
    public void deleteTokens(ConnectionId id) {
        delegate.deleteTokens(id);
    }

    @Override
    public boolean deleteToken(String lookupId) {
        return delegate.deleteToken(lookupId);
    }

    @Override
    public List<StoredToken> liveTokens(ConnectionId id, Instant now) {
        return delegate.liveTokens(id, now);
    }

    @Override
    public void recordRevocation(Revocation revocation) {
        delegate.recordRevocation(revocation);
    }
}
