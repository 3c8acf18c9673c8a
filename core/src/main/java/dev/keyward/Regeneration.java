package dev.keyward;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How to regenerate a secret: how long the replaced one keeps verifying (default zero: it stops at
 * once) and when the new one expires (default never, or the host's maximum lifetime). Immutable;
 * built through {@link #builder()}, so settings added later arrive with defaults. Values are
 * checked by {@link ConnectionService#regenerate(Actor, OrganizationId, ConnectionId, Regeneration)}.
 */
public final class Regeneration {

    private static final Regeneration IMMEDIATE = builder().build();

    private final Duration gracePeriod;
    private final Instant expiresAt;

    private Regeneration(Builder builder) {
        this.gracePeriod = builder.gracePeriod;
        this.expiresAt = builder.expiresAt;
    }

    /** The old secret stops verifying at once; the new one expires by the host's default. */
    public static Regeneration immediate() {
        return IMMEDIATE;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long the replaced secret keeps verifying; never past its own expiry. */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** When the new secret expires; empty for the host's default. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public String toString() {
        return "Regeneration[gracePeriod=" + gracePeriod + ", expiresAt=" + expiresAt + "]";
    }

    /** Collects the settings of a {@link Regeneration}. Not thread-safe. */
    public static final class Builder {

        private Duration gracePeriod = Duration.ZERO;
        private Instant expiresAt;

        private Builder() {
        }

        /** Default zero. */
        public Builder gracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
            return this;
        }

        /** Default {@code null}: never, or the host's maximum lifetime. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Regeneration build() {
            return new Regeneration(this);
        }
    }
}
