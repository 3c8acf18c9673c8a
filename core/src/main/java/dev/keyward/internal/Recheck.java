package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoredConnection;
import java.time.Instant;
import java.util.Optional;

/**
 * Confirms a remembered verification against the store by re-reading one row by lookup id,
 * without Argon2: this is how a node learns, within the revocation bound, that another node
 * regenerated or deleted a connection. Thread-safe.
 */
final class Recheck {

    private final KeywardStore store;

    Recheck(KeywardStore store) {
        this.store = store;
    }

    /** The credential confirmed at {@code now}, or null if it is no longer valid. */
    VerifiedCredential confirm(VerifiedCredential remembered, Instant now) {
        return remembered.kind() == CredentialKind.BEARER_TOKEN
                ? confirmToken(remembered, now)
                : confirmSecret(remembered, now);
    }

    private VerifiedCredential confirmToken(VerifiedCredential remembered, Instant now) {
        // Regenerating or deleting the connection deletes its tokens, so the token's row says whether it
        // is valid; its owner's row, read in the same query, says from which addresses.
        long readNanos = System.nanoTime();
        return store.findOwnedToken(remembered.lookupId())
                .filter(owned -> now.isBefore(ColdVerifier.endOf(owned)))
                .map(owned -> remembered.confirmed(Principals.of(owned.owner(), AuthenticationType.OAUTH),
                        ColdVerifier.endOf(owned).toEpochMilli(), true, now.toEpochMilli(),
                        owned.owner().connection().allowedIps(), readNanos))
                .orElse(null);
    }

    private VerifiedCredential confirmSecret(VerifiedCredential remembered, Instant now) {
        long readNanos = System.nanoTime();
        Optional<StoredConnection> row = store.findConnectionByLookupId(remembered.lookupId());
        if (row.isEmpty() || !row.get().connection().id().equals(remembered.principal().connectionId())) {
            return null;
        }
        SecretValidity validity = SecretValidity.of(row.get(), remembered.secretVersion(), now);
        return validity.valid()
                ? remembered.confirmed(Principals.of(row.get()), validity.validUntilMillis(),
                        ColdVerifier.endsByExpiry(validity), now.toEpochMilli(), row.get().connection().allowedIps(),
                        readNanos)
                : null;
    }
}
