package dev.keyward.spi;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * That a credential of a connection verified at a given time: what {@link KeywardStore#recordLastUsed}
 * writes. Keyward creates these; stores only read them.
 *
 * @param organizationId the connection's organization
 * @param connectionId   the connection
 * @param usedAt         when one of its credentials verified, truncated to the microsecond
 */
public record LastUse(OrganizationId organizationId, ConnectionId connectionId, Instant usedAt) {

    public LastUse {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(connectionId, "connectionId");
        usedAt = StoredInstants.truncate(Objects.requireNonNull(usedAt, "usedAt"));
    }
}
