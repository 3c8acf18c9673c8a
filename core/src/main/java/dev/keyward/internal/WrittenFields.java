package dev.keyward.internal;

import dev.keyward.Connection;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import java.util.Objects;

/**
 * The fields of a connection that came after the first release of the store SPI, each of which a store
 * written before it silently drops — and each dropped would fail open: allowed IP ranges that admit every
 * address, a secret that never expires, a secret reported leaked that verifies again. Inside the unit of
 * work that wrote a connection with any of them set, core reads the connection back and fails the write
 * when the store did not keep one, so the unit of work rolls back and nothing changes.
 */
public final class WrittenFields {

    private WrittenFields() {
    }

    /**
     * Inside the unit of work that wrote {@code written}: fails unless the store kept its allowed IP ranges,
     * its expiry and its leak mark. Costs nothing when none of them is set.
     *
     * @throws StoreException naming the field the store dropped
     */
    public static void requireKept(OrganizationTransaction tx, StoredConnection written) {
        Connection wrote = written.connection();
        if (wrote.allowedIps().isAny() && wrote.expiresAt() == null && wrote.leakedAt() == null) {
            return;
        }
        Connection read = tx.find(wrote.id()).map(StoredConnection::connection).orElse(null);
        String dropped = read == null ? "the connection"
                : !read.allowedIps().equals(wrote.allowedIps()) ? "the allowed IP ranges"
                : !Objects.equals(read.expiresAt(), wrote.expiresAt()) ? "the expiry"
                : !Objects.equals(read.leakedAt(), wrote.leakedAt()) ? "the leak mark"
                : null;
        if (dropped != null) {
            throw new StoreException("the store did not keep " + dropped + " of a connection: it must be upgraded "
                    + "to this release's store SPI before it is used with it", null);
        }
    }
}
