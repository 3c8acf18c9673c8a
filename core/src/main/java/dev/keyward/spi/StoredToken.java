package dev.keyward.spi;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * An issued bearer token as a store keeps it: only its hash. Immutable; {@code toString()}
 * never shows the hash. Instants are kept to the microsecond, as in {@link StoredConnection}. Built through {@link #builder()} and grown like {@link StoredConnection}:
 * a later field arrives with a default, so a store written earlier keeps compiling.
 */
public final class StoredToken {

    private final String lookupId;
    private final OrganizationId organizationId;
    private final ConnectionId connectionId;
    private final String tokenHash;
    private final Instant issuedAt;
    private final Instant expiresAt;

    private StoredToken(Builder builder) {
        this.lookupId = Objects.requireNonNull(builder.lookupId, "lookupId");
        this.organizationId = Objects.requireNonNull(builder.organizationId, "organizationId");
        this.connectionId = Objects.requireNonNull(builder.connectionId, "connectionId");
        this.tokenHash = Objects.requireNonNull(builder.tokenHash, "tokenHash");
        this.issuedAt = StoredInstants.truncate(Objects.requireNonNull(builder.issuedAt, "issuedAt"));
        this.expiresAt = StoredInstants.truncate(Objects.requireNonNull(builder.expiresAt, "expiresAt"));
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
    }

    /** A builder with no field set; every field is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this token. */
    public Builder toBuilder() {
        return new Builder().lookupId(lookupId).organizationId(organizationId).connectionId(connectionId)
                .tokenHash(tokenHash).issuedAt(issuedAt).expiresAt(expiresAt);
    }

    /** The non-secret id embedded in the token; unique. */
    public String lookupId() {
        return lookupId;
    }

    /** The organization of the connection it was issued to. */
    public OrganizationId organizationId() {
        return organizationId;
    }

    /** The connection it was issued to. */
    public ConnectionId connectionId() {
        return connectionId;
    }

    /** The self-describing hash of the token. */
    public String tokenHash() {
        return tokenHash;
    }

    /** When it was issued. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** When it stops verifying; after {@link #issuedAt()}. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredToken that && lookupId.equals(that.lookupId)
                && organizationId.equals(that.organizationId) && connectionId.equals(that.connectionId)
                && tokenHash.equals(that.tokenHash) && issuedAt.equals(that.issuedAt)
                && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lookupId, organizationId, connectionId, tokenHash, issuedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "StoredToken[lookupId=" + lookupId + ", organizationId=" + organizationId + ", connectionId="
                + connectionId + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }

    /** Collects the fields of a {@link StoredToken}. Not thread-safe. */
    public static final class Builder {

        private String lookupId;
        private OrganizationId organizationId;
        private ConnectionId connectionId;
        private String tokenHash;
        private Instant issuedAt;
        private Instant expiresAt;

        private Builder() {
        }

        public Builder lookupId(String lookupId) {
            this.lookupId = lookupId;
            return this;
        }

        public Builder organizationId(OrganizationId organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        public Builder connectionId(ConnectionId connectionId) {
            this.connectionId = connectionId;
            return this;
        }

        public Builder tokenHash(String tokenHash) {
            this.tokenHash = tokenHash;
            return this;
        }

        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * The token.
         *
         * @throws NullPointerException     naming a missing field
         * @throws IllegalArgumentException if it would expire before it was issued
         */
        public StoredToken build() {
            return new StoredToken(this);
        }
    }
}
