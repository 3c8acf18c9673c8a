package dev.keyward.testing;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Rows written straight to a store, bypassing core, for tests of the store itself. Hashes are placeholders. */
public final class StoredRows {

    /** A well-formed Argon2id hash of nothing in particular. */
    public static final String HASH = "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$aGFzaA";
    public static final String TOKEN_HASH = "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$dG9rZW4";

    private StoredRows() {
    }

    /** A new 12-character lookup id, unique enough for tests. */
    public static String newLookupId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A builder for a new connection of this type, created at {@code at}, with every required field set. */
    public static StoredConnection.Builder connection(OrganizationId organization, String name, AuthenticationType type,
            Instant at) {
        String lookupId = newLookupId();
        boolean oauth = type == AuthenticationType.OAUTH;
        return StoredConnection.builder().id(ConnectionId.of(UUID.randomUUID().toString())).organizationId(organization)
                .name(name).authenticationType(type).createdBy("tester").createdAt(at).updatedAt(at)
                .hint(oauth ? "kwcs_…abcd" : "kwak_…abcd").clientId(oauth ? "kwci_" + lookupId : null)
                .lookupId(lookupId).secretHash(HASH);
    }

    /** A new OAuth connection created at {@code at}. */
    public static StoredConnection oauth(OrganizationId organization, String name, Instant at) {
        return connection(organization, name, AuthenticationType.OAUTH, at).build();
    }

    /** A token of this connection issued at {@code issuedAt}, valid for {@code ttl}. */
    public static StoredToken token(StoredConnection owner, Instant issuedAt, Duration ttl) {
        return StoredToken.builder().lookupId(newLookupId()).organizationId(owner.connection().organizationId())
                .connectionId(owner.connection().id()).tokenHash(TOKEN_HASH).issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(ttl)).build();
    }
}
