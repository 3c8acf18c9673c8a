package dev.keyward.spi;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * An issued bearer token as a store keeps it: only its hash. {@code toString()} never
 * shows the hash.
 *
 * @param lookupId       the non-secret id embedded in the token, unique
 * @param organizationId the organization of the connection it was issued to
 * @param connectionId   the connection it was issued to
 * @param tokenHash      the self-describing hash of the token
 * @param issuedAt       when it was issued
 * @param expiresAt      when it stops verifying; after {@code issuedAt}
 */
public record StoredToken(
        String lookupId,
        OrganizationId organizationId,
        ConnectionId connectionId,
        String tokenHash,
        Instant issuedAt,
        Instant expiresAt) {

    public StoredToken {
        Objects.requireNonNull(lookupId, "lookupId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
    }

    @Override
    public String toString() {
        return "StoredToken[lookupId=" + lookupId + ", organizationId=" + organizationId + ", connectionId="
                + connectionId + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
