package dev.keyward.servlet;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** An in-memory store whose reads by lookup id fail once {@link #failing} is set, as a lost database would. */
final class FailingStore implements KeywardStore {

    volatile boolean failing;
    private final InMemoryStore delegate = new InMemoryStore();

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
        failIfAsked();
        return delegate.findConnectionByLookupId(lookupId);
    }

    @Override
    public Optional<StoredToken> findToken(String lookupId) {
        failIfAsked();
        return delegate.findToken(lookupId);
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        return delegate.inOrganization(organizationId, work);
    }

    @Override
    public int purgeExpiredTokens(Instant now, int limit) {
        return delegate.purgeExpiredTokens(now, limit);
    }

    private void failIfAsked() {
        if (failing) {
            throw new StoreException("the database is down", null);
        }
    }
}
