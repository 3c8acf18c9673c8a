package dev.keyward.spi;

import dev.keyward.Connection;
import dev.keyward.ConnectionNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A connection as a store keeps it: the public view plus what verification needs.
 * {@code toString()} never shows a hash.
 *
 * @param connection              the public view
 * @param lookupId                the non-secret id embedded in the connection's secrets;
 *                                unique across all organizations and stable across regenerations
 * @param secretHash              the self-describing Argon2id hash of the current secret
 * @param secretVersion           starts at 1 and grows by one at each regeneration
 * @param previousSecretHash      the hash of the secret replaced by the last regeneration while
 *                                its grace period lasts, else {@code null}
 * @param previousSecretExpiresAt when that grace period ends, {@code null} exactly when there is no previous hash
 */
public record StoredConnection(
        Connection connection,
        String lookupId,
        String secretHash,
        long secretVersion,
        String previousSecretHash,
        Instant previousSecretExpiresAt) {

    /**
     * The order {@link KeywardStore#listConnections} and {@link OrganizationTransaction#connections()}
     * promise: oldest first, then by id. Stores may sort with it in Java, so no collation matters.
     */
    public static final Comparator<StoredConnection> OLDEST_FIRST = Comparator
            .comparing((StoredConnection c) -> c.connection().createdAt())
            .thenComparing(c -> c.connection().id().value());

    public StoredConnection {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(lookupId, "lookupId");
        Objects.requireNonNull(secretHash, "secretHash");
        if (secretVersion < 1) {
            throw new IllegalArgumentException("secretVersion must be at least 1");
        }
        if ((previousSecretHash == null) != (previousSecretExpiresAt == null)) {
            throw new IllegalArgumentException("previousSecretHash and previousSecretExpiresAt go together");
        }
    }

    /**
     * The key by which names are unique within an organization ({@link ConnectionNames#key}).
     * Stores that index names should index this value.
     */
    public String nameKey() {
        return nameKey(connection.name());
    }

    /** The uniqueness key of a connection name: {@link ConnectionNames#key}. */
    public static String nameKey(String name) {
        return ConnectionNames.key(name);
    }

    /** Whether the previous secret still verifies at the given instant. */
    public boolean previousSecretValidAt(Instant now) {
        return previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt);
    }

    /** This connection under a new name, updated at {@code now}. */
    public StoredConnection renamed(String name, Instant now) {
        Connection c = connection;
        return new StoredConnection(new Connection(c.id(), c.organizationId(), name, c.authenticationType(),
                c.createdBy(), c.createdAt(), now, c.hint(), c.clientId()), lookupId, secretHash, secretVersion,
                previousSecretHash, previousSecretExpiresAt);
    }

    /**
     * This connection with a new secret, updated at {@code now}; the current secret stays valid
     * as the previous one for {@code gracePeriod}, or not at all when it is zero.
     */
    public StoredConnection regenerated(String newHash, String newHint, Instant now, Duration gracePeriod) {
        Connection c = connection;
        boolean grace = !gracePeriod.isZero();
        return new StoredConnection(new Connection(c.id(), c.organizationId(), c.name(), c.authenticationType(),
                c.createdBy(), c.createdAt(), now, newHint, c.clientId()), lookupId, newHash, secretVersion + 1,
                grace ? secretHash : null, grace ? now.plus(gracePeriod) : null);
    }

    /** This connection with its secret re-hashed (same secret, new parameters). */
    public StoredConnection rehashed(String newHash) {
        return new StoredConnection(connection, lookupId, newHash, secretVersion, previousSecretHash,
                previousSecretExpiresAt);
    }

    @Override
    public String toString() {
        return "StoredConnection[" + connection + ", lookupId=" + lookupId + ", secretVersion=" + secretVersion
                + ", previousSecretExpiresAt=" + previousSecretExpiresAt + "]";
    }
}
