package dev.keyward.internal;

import dev.keyward.KeywardException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Decides when a newly issued secret expires: as asked, or at the host's maximum lifetime when it
 * sets one and nothing was asked; an expiry that is not in the future, or beyond the maximum, is
 * refused. With no maximum set, an expiry is still at most {@link #LONGEST_LIFETIME} away: every store
 * can hold it (PostgreSQL's timestamps end in the year 294276) and it is a number of milliseconds.
 * Immutable and thread-safe.
 */
public final class ExpiryPolicy {

    /** The longest lifetime a secret may be given, 100 years: also the bound of the host's maximum. */
    public static final Duration LONGEST_LIFETIME = Duration.ofDays(36_525);

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
        if (requested == null) {
            return maxLifetime == null ? null : now.plus(maxLifetime);
        }
        // Judged as it will be kept: a StoredConnection keeps instants to the microsecond, so an expiry less than
        // a microsecond ahead would be kept at or before now, already expired.
        requested = requested.truncatedTo(ChronoUnit.MICROS);
        if (!requested.isAfter(now)) {
            throw KeywardException.invalidInput("expiresAt must be in the future");
        }
        Duration longest = maxLifetime == null ? LONGEST_LIFETIME : maxLifetime;
        if (requested.isAfter(now.plus(longest))) {
            throw KeywardException.invalidInput("expiresAt may be at most " + longest + " from now,"
                    + " the longest lifetime allowed");
        }
        return requested;
    }
}
