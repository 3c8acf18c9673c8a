package dev.keyward.internal;

import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one way core revokes: inside the unit of work that revokes, a record goes to the revocation
 * log, from which every other node learns it; once the unit of work has committed, this node
 * forgets at once what it remembers. Regenerate and delete revoke a connection's credentials; a
 * host's revocation endpoint or a leak report may revoke one token ({@link #revokeToken}) or, in a
 * unit of work of its own, a connection's credentials ({@link #recordConnection} then
 * {@link #forgetConnection}). Thread-safe.
 */
public final class Revoker {

    private final KeywardStore store;
    private final CredentialVerifier verifier;
    private final Clock clock;

    public Revoker(KeywardStore store, CredentialVerifier verifier, Clock clock) {
        this.store = store;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** Inside a unit of work: logs that every credential of this connection is revoked. */
    public void recordConnection(OrganizationTransaction tx, StoredConnection connection) {
        tx.recordRevocation(Revocation.builder().organizationId(connection.connection().organizationId())
                .connectionId(connection.connection().id()).connectionLookupId(connection.lookupId())
                .revokedAt(clock.instant()).build());
    }

    /** After the unit of work that called {@link #recordConnection} committed: forgets them on this node. */
    public void forgetConnection(String connectionLookupId) {
        verifier.revoke(connectionLookupId);
    }

    /**
     * Inside a unit of work: deletes one token of a connection of this organization and logs its
     * revocation; {@link #forgetToken} follows once the unit of work committed.
     */
    public void recordToken(OrganizationTransaction tx, StoredToken token, String ownerLookupId) {
        if (deleteToken(tx, token.lookupId())) {
            tx.recordRevocation(Revocation.builder().organizationId(token.organizationId())
                    .connectionId(token.connectionId()).connectionLookupId(ownerLookupId)
                    .tokenLookupId(token.lookupId()).revokedAt(clock.instant()).build());
        }
    }

    /** After the unit of work that called {@link #recordToken} committed: forgets the token on this node. */
    public void forgetToken(String tokenLookupId, String ownerLookupId) {
        verifier.revokeToken(tokenLookupId, ownerLookupId);
    }

    /**
     * Revokes one bearer token, if it is live (stored and unexpired) and {@code allowed} accepts it (a client may
     * revoke only its own; the value must be the token): deletes it and logs the revocation in one unit of work,
     * then forgets it on this node. {@code allowed} is asked before the unit of work begins.
     *
     * @return the token revoked, or empty when there was none to revoke
     * @throws dev.keyward.spi.StoreException when the store fails; nothing is revoked then
     */
    public Optional<StoredToken> revokeToken(String tokenLookupId, Predicate<StoredToken> allowed) {
        Optional<StoredToken> found = store.findToken(tokenLookupId)
                .filter(token -> clock.instant().isBefore(token.expiresAt())).filter(allowed);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredToken token = found.get();
        String[] ownerLookupId = new String[1];
        boolean revoked = store.inOrganization(token.organizationId(), tx -> {
            Optional<StoredConnection> owner = tx.find(token.connectionId());
            if (owner.isEmpty() || !deleteToken(tx, tokenLookupId)) {
                return false;
            }
            ownerLookupId[0] = owner.get().lookupId();
            tx.recordRevocation(Revocation.builder().organizationId(token.organizationId())
                    .connectionId(token.connectionId()).connectionLookupId(owner.get().lookupId())
                    .tokenLookupId(tokenLookupId).revokedAt(clock.instant()).build());
            return true;
        });
        if (revoked) {
            verifier.revokeToken(tokenLookupId, ownerLookupId[0]);
        }
        return revoked ? found : Optional.empty();
    }

    /**
     * Deletes one token in the unit of work; a store written before single tokens could be deleted fails the
     * unit of work as a store failure that says so, not as an {@link UnsupportedOperationException}.
     */
    private static boolean deleteToken(OrganizationTransaction tx, String tokenLookupId) {
        try {
            return tx.deleteToken(tokenLookupId);
        } catch (UnsupportedOperationException e) {
            throw new StoreException("the store cannot delete a single token: it must be upgraded to this "
                    + "release's store SPI before tokens are revoked one by one", e);
        }
    }
}
