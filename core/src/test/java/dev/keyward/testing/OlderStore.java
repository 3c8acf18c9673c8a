package dev.keyward.testing;

import dev.keyward.ConnectionId;
import dev.keyward.IpAllowlist;
import dev.keyward.OrganizationId;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A store written against an earlier release of the SPI: its units of work implement only the methods
 * every release required — no single-token delete, no live-token list, no revocation log — and, as
 * {@link #droppingLaterFields()}, it keeps none of the connection fields added since (allowed IP ranges,
 * expiry, leak mark), as a store that maps only the columns it knew would.
 */
public final class OlderStore extends ForwardingStore {

    private final UnaryOperator<StoredConnection> kept;

    private OlderStore(UnaryOperator<StoredConnection> kept) {
        super(new InMemoryStore());
        this.kept = kept;
    }

    /** Keeps every field of a connection, but has only the units of work of the first release. */
    public static OlderStore keepingEveryField() {
        return new OlderStore(UnaryOperator.identity());
    }

    /** Drops the connection fields added after the first release, and has only its units of work. */
    public static OlderStore droppingLaterFields() {
        return new OlderStore(c -> c.toBuilder().allowedIps(IpAllowlist.any()).expiresAt(null).leakedAt(null).build());
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        return super.inOrganization(organizationId, tx -> work.apply(new OrganizationTransaction() {
            @Override
            public List<StoredConnection> connections() {
                return tx.connections();
            }

            @Override
            public void insert(StoredConnection connection) {
                tx.insert(kept.apply(connection));
            }

            @Override
            public void update(StoredConnection connection) {
                tx.update(kept.apply(connection));
            }

            @Override
            public void delete(ConnectionId id) {
                tx.delete(id);
            }

            @Override
            public void insertToken(StoredToken token) {
                tx.insertToken(token);
            }

            @Override
            public void deleteTokens(ConnectionId id) {
                tx.deleteTokens(id);
            }
        }));
    }
}
