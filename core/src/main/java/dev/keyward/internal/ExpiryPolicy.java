package dev.keyward.internal;

import dev.keyward.KeywardException;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides when a newly issued secret expires: as asked, or at the host's maximum lifetime when it
 * sets one and nothing was asked; an expiry that is not in the future, or beyond the maximum, is
 * refused. Immutable and thread-safe.
 */
public final class ExpiryPolicy {

    private final Duration maxLifetime;

    /** A policy with this maximum lifetime, or none when {@code null}. */
    public ExpiryPolicy(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    /**
     * The expiry of a secret issued at {@code now}, or {@code null} for none.
     *
     * @throws KeywardException {@code INVALID_INPUT} for an expiry at or before {@code now}, or past the maximum
     */
    public Instant expiryOf(Instant requested, Instant now) {
        Instant latest = maxLifetime == null ? null : now.plus(maxLifetime);
        if (requested == null) {
            return latest;
        }
        if (!requested.isAfter(now)) {
            throw KeywardException.invalidInput("expiresAt must be in the future");
        }
        if (latest != null && requested.isAfter(latest)) {
            throw KeywardException.invalidInput("expiresAt may be at most " + maxLifetime + " from now,"
                    + " the longest lifetime allowed");
        }
        return requested;
    }
}
