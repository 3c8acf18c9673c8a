package dev.keyward.testing;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.ForwardingTransaction;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoredConnection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An in-memory store whose listings miss one connection, as if another writer had put it there
 * behind the service's back, while its unique keys still hold it. Once a write meets one of them,
 * the connection shows again if {@code showOnConflict}, else it stays hidden. Thread-safe.
 */
public final class HidingStore extends ForwardingStore {

    private final boolean showOnConflict;
    private volatile ConnectionId hidden;

    public HidingStore(boolean showOnConflict) {
        super(new InMemoryStore());
        this.showOnConflict = showOnConflict;
    }

    /** From now on, listings miss this connection. */
    public void hide(ConnectionId id) {
        hidden = id;
    }

    /** Every connection of the organization, the hidden one included. */
    public List<StoredConnection> everyConnection(OrganizationId organizationId) {
        return delegate().listConnections(organizationId);
    }

    private List<StoredConnection> visible(List<StoredConnection> connections) {
        return connections.stream().filter(c -> !c.connection().id().equals(hidden)).toList();
    }

    @Override
    public List<StoredConnection> listConnections(OrganizationId organizationId) {
        return visible(delegate().listConnections(organizationId));
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        return delegate().inOrganization(organizationId, tx -> work.apply(new ForwardingTransaction(tx) {
            @Override
            public List<StoredConnection> connections() {
                return visible(tx.connections());
            }

            @Override
            public Optional<StoredConnection> find(ConnectionId id) {
                return connections().stream().filter(c -> c.connection().id().equals(id)).findFirst();
            }

            @Override
            public void insert(StoredConnection connection) {
                showingOnConflict(() -> tx.insert(connection));
            }

            @Override
            public void update(StoredConnection connection) {
                showingOnConflict(() -> tx.update(connection));
            }
        }));
    }

    private void showingOnConflict(Runnable write) {
        try {
            write.run();
        } catch (StoreConflictException e) {
            if (showOnConflict) {
                hidden = null;
            }
            throw e;
        }
    }

}
