package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.Principal;
import dev.keyward.spi.StoredConnection;
import java.time.Instant;

/**
 * Whether a connection secret of a known version is still valid, judged from the connection's
 * row alone: the current version is valid without end; the version before it only while its
 * grace period lasts. No hash is computed.
 */
public final class SecretValidity {

    /** Returned when the secret is no longer valid. */
    public static final long INVALID = -1;

    private SecretValidity() {
    }

    /** Until when (epoch millis) the secret of this version stays valid, or {@link #INVALID}. */
    public static long validUntil(StoredConnection row, long secretVersion, Instant now) {
        if (row.secretVersion() == secretVersion) {
            return Long.MAX_VALUE;
        }
        if (row.secretVersion() == secretVersion + 1 && row.previousSecretValidAt(now)) {
            return row.previousSecretExpiresAt().toEpochMilli();
        }
        return INVALID;
    }

    /** The principal a credential of this connection acts for, as of this row. */
    public static Principal principal(StoredConnection row) {
        return principal(row, row.connection().authenticationType());
    }

    /** The principal, authenticated by the given type (a bearer token always by {@code OAUTH}). */
    public static Principal principal(StoredConnection row, AuthenticationType type) {
        var c = row.connection();
        return new Principal(c.organizationId(), c.id(), c.name(), type);
    }
}
