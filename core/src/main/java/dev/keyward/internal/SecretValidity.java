package dev.keyward.internal;

import dev.keyward.spi.StoredConnection;
import java.time.Instant;

/**
 * Whether a connection secret of a known version verifies at an instant, judged from the
 * connection's row alone, without a hash: the one place that decides it for the cold path, the
 * re-check of remembered verifications and token issuance. The current version is valid until
 * the connection's expiry, if it has one; the version before it only while its grace period
 * lasts (which never outlasts that secret's own expiry, nor the connection's); any other version is
 * revoked, and so is every version while the connection is marked leaked.
 */
public sealed interface SecretValidity {

    /** The latest secret of the connection, valid until {@code expiresAt}, or without end when it is null. */
    record Current(Instant expiresAt) implements SecretValidity {
        @Override
        public Instant until() {
            return expiresAt;
        }
    }

    /** A replaced secret whose grace period ends at {@code until}. */
    record InGrace(Instant until) implements SecretValidity {
    }

    /** The latest secret, past its expiry. */
    enum Expired implements SecretValidity {
        INSTANCE;

        @Override
        public Instant until() {
            throw new IllegalStateException("an expired secret is not valid until any time");
        }
    }

    /** Replaced, with no grace left, or never issued. */
    enum Revoked implements SecretValidity {
        INSTANCE;

        @Override
        public Instant until() {
            throw new IllegalStateException("a revoked secret is not valid until any time");
        }
    }

    /** Until when the secret stays valid; {@code null} for no end. Only for a {@link #valid()} one. */
    Instant until();

    /** Until when (epoch millis) the secret stays valid; {@link Long#MAX_VALUE} for no end. */
    default long validUntilMillis() {
        Instant until = until();
        return until == null ? Long.MAX_VALUE : until.toEpochMilli();
    }

    /** Whether the secret verifies. */
    default boolean valid() {
        return this instanceof Current || this instanceof InGrace;
    }

    /** The validity at {@code now} of the secret of version {@code secretVersion} of this connection. */
    static SecretValidity of(StoredConnection row, long secretVersion, Instant now) {
        if (row.connection().leakedAt() != null) {
            // A reported leak revokes every secret of the connection, grace included, until it is regenerated.
            return Revoked.INSTANCE;
        }
        if (row.secretVersion() == secretVersion) {
            Instant expiresAt = row.connection().expiresAt();
            return expiresAt != null && !now.isBefore(expiresAt) ? Expired.INSTANCE : new Current(expiresAt);
        }
        Instant graceEnd = row.previousSecretExpiresAt();
        Instant expiresAt = row.connection().expiresAt();
        if (graceEnd != null && expiresAt != null && expiresAt.isBefore(graceEnd)) {
            // The connection expires first, as a regeneration with an expiry sooner than the grace period's end
            // stores it now (a row stored before may not): its expiry ends every secret of it.
            graceEnd = expiresAt;
        }
        if (row.secretVersion() == secretVersion + 1 && graceEnd != null && now.isBefore(graceEnd)) {
            return new InGrace(graceEnd);
        }
        return Revoked.INSTANCE;
    }

    /** The validity at {@code now} of the secret the last regeneration replaced. */
    static SecretValidity ofPrevious(StoredConnection row, Instant now) {
        return of(row, row.secretVersion() - 1, now);
    }
}
