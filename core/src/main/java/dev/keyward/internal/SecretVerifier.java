package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoredConnection;
import java.time.Clock;
import java.util.Optional;

/**
 * The cold path of verifying an access key or client secret: one store read by lookup id,
 * then Argon2id against the current hash and, during a grace period, the previous one.
 * A current hash made with outdated parameters is re-hashed after a success. Thread-safe.
 */
public final class SecretVerifier {

    private final KeywardStore store;
    private final Argon2idHasher hasher;
    private final Clock clock;

    public SecretVerifier(KeywardStore store, Argon2idHasher hasher, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** The connection the credential belongs to, when it is one of its valid secrets. */
    public Optional<StoredConnection> verify(CredentialCodec.ParsedCredential credential) {
        AuthenticationType expected = switch (credential.kind()) {
            case ACCESS_KEY -> AuthenticationType.ACCESS_KEY;
            case CLIENT_SECRET -> AuthenticationType.OAUTH;
            case BEARER_TOKEN -> null;
        };
        return store.findConnectionByLookupId(credential.lookupId())
                .filter(c -> c.connection().authenticationType() == expected)
                .filter(c -> matches(c, credential.value()));
    }

    private boolean matches(StoredConnection connection, String secret) {
        if (hasher.verify(connection.secretHash(), secret)) {
            upgradeIfOutdated(connection, secret);
            return true;
        }
        return connection.previousSecretValidAt(clock.instant())
                && hasher.verify(connection.previousSecretHash(), secret);
    }

    private void upgradeIfOutdated(StoredConnection connection, String secret) {
        if (!hasher.needsRehash(connection.secretHash())) {
            return;
        }
        String newHash = hasher.hash(secret);
        store.inOrganization(connection.connection().organizationId(), tx -> {
            // Only if nobody regenerated meanwhile: the row must still hold the hash just verified.
            tx.connections().stream()
                    .filter(c -> c.lookupId().equals(connection.lookupId())
                            && c.secretHash().equals(connection.secretHash()))
                    .findFirst()
                    .ifPresent(c -> tx.update(c.rehashed(newHash)));
            return null;
        });
    }
}
