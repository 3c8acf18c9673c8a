package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.Principal;
import dev.keyward.spi.StoredConnection;

/** The principal a verified credential acts for, read off its connection's row. */
final class Principals {

    private Principals() {
    }

    /** The principal of a connection secret: authenticated by the connection's own type. */
    static Principal of(StoredConnection row) {
        return of(row, row.connection().authenticationType());
    }

    /** The principal, authenticated by the given type (a bearer token always by {@code OAUTH}). */
    static Principal of(StoredConnection row, AuthenticationType type) {
        var c = row.connection();
        return new Principal(c.organizationId(), c.id(), c.name(), type);
    }
}
