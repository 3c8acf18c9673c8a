package dev.keyward.spi;

import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.IpAllowlist;
import dev.keyward.OrganizationId;
import dev.keyward.ConnectionNames;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A connection as a store keeps it: the public view plus what verification needs. Immutable;
 * {@code toString()} never shows a hash.
 *
 * <h2>How this type grows</h2>
 * Stores build instances only through {@link #builder()} and change them only through
 * {@link #toBuilder()}, never through a constructor. A field added in a later release arrives
 * as a new builder method whose value has a default (none, zero or empty), so a store written
 * against an earlier release keeps compiling and keeps building valid connections. Such a
 * store does not yet persist the new field; the store contract kit, which round-trips every
 * field, says so until it does. {@link #toBuilder()} carries every field, known to the caller
 * or not, so a store that rewrites a row it read loses nothing.
 *
 * <p>Instants are kept to the microsecond, the finest precision every supported database keeps:
 * {@link Builder#build()} truncates finer ones, so what a store is given is exactly what it can
 * give back. Rules (who may rename, what a regeneration changes) are core's: a store stores and
 * loads.
 */
public final class StoredConnection {

    /**
     * The order {@link KeywardStore#listConnections} and {@link OrganizationTransaction#connections()}
     * promise: oldest first, then by id. Stores may sort with it in Java, so no collation matters.
     */
    public static final Comparator<StoredConnection> OLDEST_FIRST = Comparator
            .comparing((StoredConnection c) -> c.connection().createdAt())
            .thenComparing(c -> c.connection().id().value());

    private final Connection connection;
    private final String lookupId;
    private final String secretHash;
    private final long secretVersion;
    private final String previousSecretHash;
    private final Instant previousSecretExpiresAt;

    private StoredConnection(Builder builder) {
        this.connection = new Connection(builder.id, builder.organizationId, builder.name, builder.authenticationType,
                builder.createdBy, StoredInstants.truncate(builder.createdAt), StoredInstants.truncate(builder.updatedAt),
                builder.hint, builder.clientId, StoredInstants.truncate(builder.expiresAt),
                StoredInstants.truncate(builder.lastUsedAt), builder.allowedIps,
                StoredInstants.truncate(builder.leakedAt));
        this.lookupId = Objects.requireNonNull(builder.lookupId, "lookupId");
        this.secretHash = Objects.requireNonNull(builder.secretHash, "secretHash");
        this.secretVersion = builder.secretVersion;
        this.previousSecretHash = builder.previousSecretHash;
        this.previousSecretExpiresAt = StoredInstants.truncate(builder.previousSecretExpiresAt);
        if (secretVersion < 1) {
            throw new IllegalArgumentException("secretVersion must be at least 1");
        }
        if ((previousSecretHash == null) != (previousSecretExpiresAt == null)) {
            throw new IllegalArgumentException("previousSecretHash and previousSecretExpiresAt go together");
        }
    }

    /** A builder with no field set; {@link Builder#build()} says which required one is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this connection, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder().connection(connection).lookupId(lookupId).secretHash(secretHash)
                .secretVersion(secretVersion).previousSecret(previousSecretHash, previousSecretExpiresAt)
                .expiresAt(connection.expiresAt()).lastUsedAt(connection.lastUsedAt())
                .allowedIps(connection.allowedIps()).leakedAt(connection.leakedAt());
    }

    /** The public view, as administrators see it. */
    public Connection connection() {
        return connection;
    }

    /**
     * The non-secret id embedded in the connection's secrets; unique across all organizations and
     * stable across regenerations.
     */
    public String lookupId() {
        return lookupId;
    }

    /** The self-describing hash of the current secret. */
    public String secretHash() {
        return secretHash;
    }

    /** Starts at 1 and grows by one at each regeneration. */
    public long secretVersion() {
        return secretVersion;
    }

    /** The hash of the secret the last regeneration replaced, while its grace period lasts; else {@code null}. */
    public String previousSecretHash() {
        return previousSecretHash;
    }

    /** When that grace period ends; {@code null} exactly when there is no previous hash. */
    public Instant previousSecretExpiresAt() {
        return previousSecretExpiresAt;
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

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredConnection that && connection.equals(that.connection)
                && lookupId.equals(that.lookupId) && secretHash.equals(that.secretHash)
                && secretVersion == that.secretVersion && Objects.equals(previousSecretHash, that.previousSecretHash)
                && Objects.equals(previousSecretExpiresAt, that.previousSecretExpiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, lookupId, secretHash, secretVersion, previousSecretHash,
                previousSecretExpiresAt);
    }

    @Override
    public String toString() {
        return "StoredConnection[" + connection + ", lookupId=" + lookupId + ", secretVersion=" + secretVersion
                + ", previousSecretExpiresAt=" + previousSecretExpiresAt + "]";
    }

    /**
     * Collects the fields of a {@link StoredConnection}. Required: every field of the public view
     * but the client id (which OAuth connections, and only they, have), the lookup id and the
     * secret hash. Defaults: secret version 1, no previous secret, no expiry, not yet used, any address,
     * not leaked. Not thread-safe.
     */
    public static final class Builder {

        private ConnectionId id;
        private OrganizationId organizationId;
        private String name;
        private AuthenticationType authenticationType;
        private String createdBy;
        private Instant createdAt;
        private Instant updatedAt;
        private String hint;
        private String clientId;
        private String lookupId;
        private String secretHash;
        private long secretVersion = 1;
        private String previousSecretHash;
        private Instant previousSecretExpiresAt;
        private Instant expiresAt;
        private Instant lastUsedAt;
        private IpAllowlist allowedIps = IpAllowlist.any();
        private Instant leakedAt;

        private Builder() {
        }

        /** Every field of the public view at once. */
        public Builder connection(Connection connection) {
            return id(connection.id()).organizationId(connection.organizationId()).name(connection.name())
                    .authenticationType(connection.authenticationType()).createdBy(connection.createdBy())
                    .createdAt(connection.createdAt()).updatedAt(connection.updatedAt()).hint(connection.hint())
                    .clientId(connection.clientId()).expiresAt(connection.expiresAt())
                    .lastUsedAt(connection.lastUsedAt()).allowedIps(connection.allowedIps())
                    .leakedAt(connection.leakedAt());
        }

        public Builder id(ConnectionId id) {
            this.id = id;
            return this;
        }

        public Builder organizationId(OrganizationId organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        /** The display name, as core validated it. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder authenticationType(AuthenticationType authenticationType) {
            this.authenticationType = authenticationType;
            return this;
        }

        /** The id of the actor who created the connection. */
        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** When it was last renamed or regenerated. */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** The current secret's non-secret hint, e.g. {@code kwak_…x9Q2}. */
        public Builder hint(String hint) {
            this.hint = hint;
            return this;
        }

        /** The OAuth client id; {@code null} (the default) for Access Key connections. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder lookupId(String lookupId) {
            this.lookupId = lookupId;
            return this;
        }

        public Builder secretHash(String secretHash) {
            this.secretHash = secretHash;
            return this;
        }

        /** Default 1. */
        public Builder secretVersion(long secretVersion) {
            this.secretVersion = secretVersion;
            return this;
        }

        /** The replaced secret's hash and the end of its grace period, both or neither ({@code null}). Default neither. */
        public Builder previousSecret(String hash, Instant expiresAt) {
            this.previousSecretHash = hash;
            this.previousSecretExpiresAt = expiresAt;
            return this;
        }

        /** When the current secret stops verifying; default {@code null}: never. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * When a credential of the connection last verified; default {@code null}: not yet. Core
         * writes it only through {@link KeywardStore#recordLastUsed}.
         */
        public Builder lastUsedAt(Instant lastUsedAt) {
            this.lastUsedAt = lastUsedAt;
            return this;
        }

        /**
         * The addresses its credentials may be presented from; default (also for {@code null})
         * {@link IpAllowlist#any()}. Stores keep {@link IpAllowlist#toStrings()} and rebuild it with
         * {@link IpAllowlist#parse}.
         */
        public Builder allowedIps(IpAllowlist allowedIps) {
            this.allowedIps = allowedIps == null ? IpAllowlist.any() : allowedIps;
            return this;
        }

        /**
         * When a secret scanner reported the connection's secret as leaked; default {@code null}: never,
         * or not since its last regeneration. While set, no secret of the connection verifies.
         */
        public Builder leakedAt(Instant leakedAt) {
            this.leakedAt = leakedAt;
            return this;
        }

        /**
         * The connection.
         *
         * @throws NullPointerException     naming a required field that is missing
         * @throws IllegalArgumentException when fields contradict each other
         */
        public StoredConnection build() {
            return new StoredConnection(this);
        }
    }
}
