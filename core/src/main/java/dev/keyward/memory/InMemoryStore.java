package dev.keyward.memory;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.RevocationWatch;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link KeywardStore} in this process's memory, for the host application's own tests
 * and for single-node demos. Thread-safe: units of work are serialized per organization
 * by a lock, and readers see each organization's connections as an immutable snapshot. Like a
 * database's unique constraints, a write of a taken name key or lookup id is refused with a
 * {@link dev.keyward.spi.StoreConflictException}.
 * Nothing survives the process.
 */
public final class InMemoryStore implements KeywardStore {

    private final Map<OrganizationId, Organization> organizations = new ConcurrentHashMap<>();
    private final Map<String, StoredConnection> connectionsByLookupId = new ConcurrentHashMap<>();
    private final TokenTable tokensByLookupId = new TokenTable();
    private final RevocationLog revocations = new RevocationLog();

    /**
     * One organization's lock, its connections, and each connection's tokens by lookup id, in the order they
     * were stored (so a connection's live tokens are read nearly in the order they are listed in, without a
     * lookup each); the tokens are read and written with the lock held.
     */
    static final class Organization {
        final ReentrantLock lock = new ReentrantLock();
        volatile List<StoredConnection> connections = List.of();
        final Map<ConnectionId, Map<String, StoredToken>> tokens = new ConcurrentHashMap<>();
    }

    @Override
    public Optional<StoredConnection> findConnection(OrganizationId organizationId, ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return listConnections(organizationId).stream().filter(c -> c.connection().id().equals(id)).findFirst();
    }

    @Override
    public List<StoredConnection> listConnections(OrganizationId organizationId) {
        Organization organization = organizations.get(Objects.requireNonNull(organizationId, "organizationId"));
        return organization == null ? List.of() : organization.connections;
    }

    @Override
    public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
        return Optional.ofNullable(connectionsByLookupId.get(Objects.requireNonNull(lookupId, "lookupId")));
    }

    @Override
    public Optional<StoredToken> findToken(String lookupId) {
        return Optional.ofNullable(tokensByLookupId.get(Objects.requireNonNull(lookupId, "lookupId")));
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        Organization organization = organizations.computeIfAbsent(
                Objects.requireNonNull(organizationId, "organizationId"), id -> new Organization());
        organization.lock.lock();
        try {
            InMemoryTransaction transaction = new InMemoryTransaction(organizationId, organization.connections,
                    connectionsByLookupId, tokensByLookupId, organization.tokens);
            T result;
            try {
                result = work.apply(transaction);
            } finally {
                transaction.close();
            }
            transaction.commitTo(organization, connectionsByLookupId, tokensByLookupId);
            revocations.append(transaction.revocations());
            return result;
        } finally {
            organization.lock.unlock();
            // Outside the lock: a woken node reads the log, and must not wait for this organization.
            revocations.wakeIfAppended();
        }
    }

    @Override
    public int purgeExpiredTokens(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<StoredToken> expired = tokensByLookupId.expiredBy(now, limit);
        expired.forEach(this::remove);
        return expired.size();
    }

    private void remove(StoredToken token) {
        Organization organization = organizations.get(token.organizationId());
        organization.lock.lock();
        try {
            tokensByLookupId.remove(token.lookupId());
            Map<String, StoredToken> ofConnection = organization.tokens.get(token.connectionId());
            if (ofConnection != null) {
                ofConnection.remove(token.lookupId());
            }
        } finally {
            organization.lock.unlock();
        }
    }

    @Override
    public long latestRevocation() {
        return revocations.latest();
    }

    @Override
    public List<Revocation> revocationsAfter(long sequence, int limit) {
        return revocations.after(sequence, limit);
    }

    @Override
    public int purgeRevocations(Instant before, int limit) {
        return revocations.purge(before, limit);
    }

    /** Pushes: every node sharing this store is woken, on the committing thread, once a revocation commits. */
    @Override
    public RevocationWatch watchRevocations(Runnable onRevocation) {
        return revocations.watch(onRevocation);
    }

    @Override
    public String toString() {
        return "InMemoryStore[organizations=" + organizations.size() + ", tokens=" + tokensByLookupId.size() + "]";
    }
}
