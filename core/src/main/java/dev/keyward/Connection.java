package dev.keyward;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection as shown to administrators: never a secret, only a non-secret hint
 * (the credential's prefix and last four characters). Immutable.
 *
 * @param id                 the connection's id
 * @param organizationId     the organization it belongs to
 * @param name               its display name ({@link ConnectionNames#normalize}), unique within the
 *                           organization by {@link ConnectionNames#key}
 * @param authenticationType how its clients authenticate
 * @param createdBy          the id of the actor who created it
 * @param createdAt          when it was created
 * @param updatedAt          when it was last renamed, updated or regenerated
 * @param hint               the current secret's prefix and last four characters, e.g. {@code kwak_…x9Q2}
 * @param clientId           the OAuth client id; {@code null} for Access Key connections
 * @param expiresAt          when its current secret stops verifying; {@code null} for never
 * @param lastUsedAt         when one of its credentials last verified, to within the configured
 *                           resolution; {@code null} until first used
 * @param allowedIps         the addresses its credentials may be presented from; empty (the default,
 *                           also for {@code null}) for any address
 * @param leakedAt           when a secret scanner reported one of its secrets as leaked, which revoked
 *                           the secret; {@code null} when none was, or once the owner regenerated it
 */
public record Connection(
        ConnectionId id,
        OrganizationId organizationId,
        String name,
        AuthenticationType authenticationType,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        String hint,
        String clientId,
        Instant expiresAt,
        Instant lastUsedAt,
        IpAllowlist allowedIps,
        Instant leakedAt) {

    public Connection {
        allowedIps = allowedIps == null ? IpAllowlist.any() : allowedIps;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authenticationType, "authenticationType");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(hint, "hint");
        if ((authenticationType == AuthenticationType.OAUTH) != (clientId != null)) {
            throw new IllegalArgumentException("an OAUTH connection, and only one, has a client id");
        }
    }

    /**
     * A connection as the first release knew it: never expiring, never used, from any address, never
     * reported leaked. Kept, like each earlier canonical constructor, so code written against an earlier
     * release keeps compiling.
     */
    public Connection(ConnectionId id, OrganizationId organizationId, String name,
            AuthenticationType authenticationType, String createdBy, Instant createdAt, Instant updatedAt,
            String hint, String clientId) {
        this(id, organizationId, name, authenticationType, createdBy, createdAt, updatedAt, hint, clientId, null,
                null, IpAllowlist.any(), null);
    }

    /** A connection whose credentials may be presented from any address, never reported leaked. */
    public Connection(ConnectionId id, OrganizationId organizationId, String name,
            AuthenticationType authenticationType, String createdBy, Instant createdAt, Instant updatedAt,
            String hint, String clientId, Instant expiresAt, Instant lastUsedAt) {
        this(id, organizationId, name, authenticationType, createdBy, createdAt, updatedAt, hint, clientId, expiresAt,
                lastUsedAt, IpAllowlist.any(), null);
    }

    /** A connection never reported leaked. */
    public Connection(ConnectionId id, OrganizationId organizationId, String name,
            AuthenticationType authenticationType, String createdBy, Instant createdAt, Instant updatedAt,
            String hint, String clientId, Instant expiresAt, Instant lastUsedAt, IpAllowlist allowedIps) {
        this(id, organizationId, name, authenticationType, createdBy, createdAt, updatedAt, hint, clientId, expiresAt,
                lastUsedAt, allowedIps, null);
    }

    /** When its current secret stops verifying, empty for never. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** The OAuth client id, empty for Access Key connections. */
    public Optional<String> oauthClientId() {
        return Optional.ofNullable(clientId);
    }
}
