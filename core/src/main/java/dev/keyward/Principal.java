package dev.keyward;

import java.util.Objects;

/**
 * Who a granted request acts for: the organization, the connection whose credential it
 * carried, and how it authenticated. Holds no credential. Immutable.
 *
 * @param organizationId     the organization the connection belongs to
 * @param connectionId       the connection
 * @param connectionName     the connection's name when its credential was last verified against the store
 * @param authenticationType {@code ACCESS_KEY} for an access key, {@code OAUTH} for a bearer token
 */
public record Principal(
        OrganizationId organizationId,
        ConnectionId connectionId,
        String connectionName,
        AuthenticationType authenticationType) {

    public Principal {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(connectionName, "connectionName");
        Objects.requireNonNull(authenticationType, "authenticationType");
    }
}
