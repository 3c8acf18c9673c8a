package dev.keyward.spi;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * One record of the revocation log: every credential of a connection (regenerated, deleted,
 * reported leaked), or one of its bearer tokens, stopped verifying. Core writes it in the unit of
 * work that revokes ({@link OrganizationTransaction#recordRevocation}); the store numbers it, and
 * every node reads the log in that order ({@link KeywardStore#revocationsAfter}) to forget what it
 * remembers. It holds lookup ids only, never a secret or a hash. Immutable; built through
 * {@link #builder()}, and grown like {@link StoredConnection}.
 */
public final class Revocation {

    private final long sequence;
    private final OrganizationId organizationId;
    private final ConnectionId connectionId;
    private final String connectionLookupId;
    private final String tokenLookupId;
    private final Instant revokedAt;

    private Revocation(Builder builder) {
        this.sequence = builder.sequence;
        this.organizationId = Objects.requireNonNull(builder.organizationId, "organizationId");
        this.connectionId = Objects.requireNonNull(builder.connectionId, "connectionId");
        this.connectionLookupId = Objects.requireNonNull(builder.connectionLookupId, "connectionLookupId");
        this.tokenLookupId = builder.tokenLookupId;
        this.revokedAt = StoredInstants.truncate(Objects.requireNonNull(builder.revokedAt, "revokedAt"));
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
    }

    /** A builder with no field set; sequence defaults to 0 (not yet logged), the token to none. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this record, e.g. to set the sequence a store assigned. */
    public Builder toBuilder() {
        return new Builder().sequence(sequence).organizationId(organizationId).connectionId(connectionId)
                .connectionLookupId(connectionLookupId).tokenLookupId(tokenLookupId).revokedAt(revokedAt);
    }

    /**
     * Its place in the log: 1 for the first record, then one more for each record, in the order
     * their units of work committed, without gaps (see {@link OrganizationTransaction#recordRevocation}).
     * 0 for a record not yet logged.
     */
    public long sequence() {
        return sequence;
    }

    public OrganizationId organizationId() {
        return organizationId;
    }

    public ConnectionId connectionId() {
        return connectionId;
    }

    /** The lookup id of the connection's secrets, by which nodes find what they remember of it. */
    public String connectionLookupId() {
        return connectionLookupId;
    }

    /** The lookup id of the one token revoked, or {@code null} when every credential of the connection was. */
    public String tokenLookupId() {
        return tokenLookupId;
    }

    /** When it was revoked, by the revoking node's clock. */
    public Instant revokedAt() {
        return revokedAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Revocation that && sequence == that.sequence
                && organizationId.equals(that.organizationId) && connectionId.equals(that.connectionId)
                && connectionLookupId.equals(that.connectionLookupId)
                && Objects.equals(tokenLookupId, that.tokenLookupId) && revokedAt.equals(that.revokedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, organizationId, connectionId, connectionLookupId, tokenLookupId, revokedAt);
    }

    @Override
    public String toString() {
        return "Revocation[sequence=" + sequence + ", organizationId=" + organizationId + ", connectionId="
                + connectionId + ", connectionLookupId=" + connectionLookupId + ", tokenLookupId=" + tokenLookupId
                + ", revokedAt=" + revokedAt + "]";
    }

    /** Collects the fields of a {@link Revocation}. Not thread-safe. */
    public static final class Builder {

        private long sequence;
        private OrganizationId organizationId;
        private ConnectionId connectionId;
        private String connectionLookupId;
        private String tokenLookupId;
        private Instant revokedAt;

        private Builder() {
        }

        /** Default 0: not yet logged. Stores set it. */
        public Builder sequence(long sequence) {
            this.sequence = sequence;
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

        public Builder connectionLookupId(String connectionLookupId) {
            this.connectionLookupId = connectionLookupId;
            return this;
        }

        /** Default {@code null}: every credential of the connection. */
        public Builder tokenLookupId(String tokenLookupId) {
            this.tokenLookupId = tokenLookupId;
            return this;
        }

        public Builder revokedAt(Instant revokedAt) {
            this.revokedAt = revokedAt;
            return this;
        }

        /**
         * The record.
         *
         * @throws NullPointerException     naming a missing field
         * @throws IllegalArgumentException for a negative sequence
         */
        public Revocation build() {
            return new Revocation(this);
        }
    }
}
