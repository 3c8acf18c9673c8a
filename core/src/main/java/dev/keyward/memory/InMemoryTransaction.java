package dev.keyward.memory;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A unit of work on a private copy of one organization's connections; nothing is visible
 * to others until {@link #commitTo} — which runs only when the work returned normally.
 */
final class InMemoryTransaction implements OrganizationTransaction {

    private final OrganizationId organizationId;
    private final List<StoredConnection> before;
    private final Map<String, StoredConnection> byLookupId;
    private final Map<ConnectionId, StoredConnection> working = new LinkedHashMap<>();
    private final Set<ConnectionId> tokensToDelete = new HashSet<>();
    private final List<StoredToken> tokensToInsert = new ArrayList<>();
    private final Set<String> tokenToDelete = new HashSet<>();
    private final List<Revocation> revocations = new ArrayList<>();
    private final TokenTable tokens;
    private final Map<ConnectionId, Map<String, StoredToken>> committedTokens;
    /** Whether a connection was inserted, updated or deleted: only then are the connections published again. */
    private boolean connectionsChanged;
    /** Whether the unit of work is over: a view kept beyond it refuses every call made after the end, on any thread. */
    private volatile boolean over;

    InMemoryTransaction(OrganizationId organizationId, List<StoredConnection> before,
            Map<String, StoredConnection> byLookupId, TokenTable tokens,
            Map<ConnectionId, Map<String, StoredToken>> tokensByConnection) {
        this.organizationId = organizationId;
        this.committedTokens = tokensByConnection;
        this.tokens = tokens;
        this.before = before;
        this.byLookupId = byLookupId;
        before.forEach(c -> working.put(c.connection().id(), c));
    }

    @Override
    public List<StoredConnection> connections() {
        requireOpen();
        return sortedConnections();
    }

    private List<StoredConnection> sortedConnections() {
        return working.values().stream().sorted(StoredConnection.OLDEST_FIRST).toList();
    }

    /** One map read; the default would sort every connection of the organization to find one. */
    @Override
    public Optional<StoredConnection> find(ConnectionId id) {
        requireOpen();
        return Optional.ofNullable(working.get(id));
    }

    @Override
    public void insert(StoredConnection connection) {
        requireOpen();
        requireThisOrganization(connection);
        requireFreeKeys(connection, "could not insert connection");
        if (working.putIfAbsent(connection.connection().id(), connection) != null) {
            throw new IllegalArgumentException("connection " + connection.connection().id() + " exists already");
        }
        connectionsChanged = true;
    }

    @Override
    public void update(StoredConnection connection) {
        requireOpen();
        requireThisOrganization(connection);
        ConnectionId id = connection.connection().id();
        StoredConnection existing = working.get(id);
        if (existing == null) {
            throw new IllegalArgumentException("connection " + id + " does not exist");
        }
        requireFreeKeys(connection, "could not update connection");
        working.put(id, withLaterLastUse(connection, existing.connection().lastUsedAt()));
        connectionsChanged = true;
    }

    @Override
    public void delete(ConnectionId id) {
        requireOpen();
        if (working.remove(Objects.requireNonNull(id, "id")) != null) {
            deleteTokens(id);
            connectionsChanged = true;
        }
    }

    @Override
    public void insertToken(StoredToken token) {
        requireOpen();
        if (!token.organizationId().equals(organizationId) || !working.containsKey(token.connectionId())) {
            throw new IllegalArgumentException("token must belong to a connection of " + organizationId);
        }
        tokensToInsert.add(token);
    }

    @Override
    public void deleteTokens(ConnectionId id) {
        requireOpen();
        tokensToDelete.add(Objects.requireNonNull(id, "id"));
        tokensToInsert.removeIf(t -> t.connectionId().equals(id));
    }

    @Override
    public boolean deleteToken(String lookupId) {
        requireOpen();
        Objects.requireNonNull(lookupId, "lookupId");
        if (tokensToInsert.removeIf(t -> t.lookupId().equals(lookupId))) {
            return true;
        }
        StoredToken stored = tokens.get(lookupId);
        boolean live = stored != null && stored.organizationId().equals(organizationId)
                && !tokensToDelete.contains(stored.connectionId()) && working.containsKey(stored.connectionId());
        return live && tokenToDelete.add(lookupId);
    }

    @Override
    public List<StoredToken> liveTokens(ConnectionId id, Instant now) {
        requireOpen();
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(now, "now");
        List<StoredToken> live = new ArrayList<>();
        if (!tokensToDelete.contains(id) && working.containsKey(id)) {
            // The connection's tokens as committed: every writer changes them and the table together, holding
            // the organization's lock, as this unit of work does.
            for (StoredToken token : committedTokens.getOrDefault(id, Map.of()).values()) {
                if (!tokenToDelete.contains(token.lookupId())) {
                    live.add(token);
                }
            }
        }
        for (StoredToken token : tokensToInsert) {
            if (token.connectionId().equals(id)) {
                live.add(token);
            }
        }
        live.removeIf(t -> !t.expiresAt().isAfter(now));
        live.sort(OLDEST_TOKEN_FIRST);
        return live;
    }

    @Override
    public void recordRevocation(Revocation revocation) {
        requireOpen();
        if (!revocation.organizationId().equals(organizationId)) {
            throw new IllegalArgumentException("revocation must concern a connection of " + organizationId);
        }
        revocations.add(revocation);
    }

    /** Ends this view: the unit of work is over, whatever its outcome. */
    void close() {
        over = true;
    }

    private void requireOpen() {
        if (over) {
            throw new IllegalStateException("the unit of work on " + organizationId + " is over");
        }
    }

    /** What this unit of work revoked, in order, not yet numbered. */
    List<Revocation> revocations() {
        return revocations;
    }

    /**
     * The unique keys a database would back up: the name key within the organization, the lookup id
     * across organizations. The other organizations' lookup ids are read as committed: each is random.
     */
    private void requireFreeKeys(StoredConnection connection, String what) {
        ConnectionId id = connection.connection().id();
        String nameKey = connection.nameKey();
        String lookupId = connection.lookupId();
        boolean taken = working.values().stream().filter(c -> !c.connection().id().equals(id))
                .anyMatch(c -> c.nameKey().equals(nameKey) || c.lookupId().equals(lookupId));
        StoredConnection holder = byLookupId.get(lookupId);
        if (taken || holder != null && !holder.connection().organizationId().equals(organizationId)) {
            throw new StoreConflictException(what + ": a unique key the store keeps was already taken", null);
        }
    }

    /** The connection keeping the later of its own and the stored time of last use: an update never moves it back. */
    private static StoredConnection withLaterLastUse(StoredConnection connection, Instant stored) {
        Instant given = connection.connection().lastUsedAt();
        return stored == null || (given != null && !given.isBefore(stored)) ? connection
                : connection.toBuilder().lastUsedAt(stored).build();
    }

    private void requireThisOrganization(StoredConnection connection) {
        if (!connection.connection().organizationId().equals(organizationId)) {
            throw new IllegalArgumentException("connection belongs to another organization than " + organizationId);
        }
    }

    /** Publishes this unit of work; called with the organization's lock held. */
    void commitTo(InMemoryStore.Organization organization, Map<String, StoredConnection> byLookupId,
            TokenTable tokens) {
        if (connectionsChanged) {
            // Put before removing, so a concurrent reader never misses a connection that lives on.
            working.values().forEach(c -> byLookupId.put(c.lookupId(), c));
            before.stream().filter(c -> !working.containsKey(c.connection().id()))
                    .forEach(c -> byLookupId.remove(c.lookupId()));
        }
        for (ConnectionId id : tokensToDelete) {
            Map<String, StoredToken> ofConnection = organization.tokens.remove(id);
            if (ofConnection != null) {
                ofConnection.keySet().forEach(tokens::remove);
            }
        }
        for (String lookupId : tokenToDelete) {
            StoredToken token = tokens.remove(lookupId);
            Map<String, StoredToken> ofConnection = token == null ? null
                    : organization.tokens.get(token.connectionId());
            if (ofConnection != null) {
                ofConnection.remove(lookupId);
            }
        }
        for (StoredToken token : tokensToInsert) {
            tokens.put(token.lookupId(), token);
            organization.tokens.computeIfAbsent(token.connectionId(), id -> new LinkedHashMap<>())
                    .put(token.lookupId(), token);
        }
        if (connectionsChanged) {
            organization.connections = sortedConnections();
        }
    }
}
