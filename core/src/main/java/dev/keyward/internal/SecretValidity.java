package dev.keyward.internal;

import dev.keyward.spi.StoredConnection;
import java.time.Instant;

/**
 * Whether a connection secret of a known version verifies at an instant, judged from the
 * connection's row alone, without a hash: the one place that decides it for the cold path, the
 * re-check of remembered verifications and token issuance. The current version is valid without
 * end; the version before it only while its grace period lasts; any other version is revoked.
 */
public sealed interface SecretValidity {

    /** The latest secret of the connection. */
    enum Current implements SecretValidity {
        INSTANCE;

        @Override
        public long validUntilMillis() {
            return Long.MAX_VALUE;
        }
    }

    /** A replaced secret whose grace period ends at {@code until}. */
    record InGrace(Instant until) implements SecretValidity {
        @Override
        public long validUntilMillis() {
            return until.toEpochMilli();
        }
    }

    /** Replaced, with no grace left, or never issued. */
    enum Revoked implements SecretValidity {
        INSTANCE;

        @Override
        public long validUntilMillis() {
            throw new IllegalStateException("a revoked secret is not valid until any time");
        }
    }

    /** Until when (epoch millis) the secret stays valid; {@link Long#MAX_VALUE} for no end. */
    long validUntilMillis();

    /** Whether the secret verifies. */
    default boolean valid() {
        return !(this instanceof Revoked);
    }

    /** The validity at {@code now} of the secret of version {@code secretVersion} of this connection. */
    static SecretValidity of(StoredConnection row, long secretVersion, Instant now) {
        if (row.secretVersion() == secretVersion) {
            return Current.INSTANCE;
        }
        Instant graceEnd = row.previousSecretExpiresAt();
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
