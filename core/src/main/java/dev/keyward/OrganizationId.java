package dev.keyward;

import dev.keyward.internal.IdChecks;
import java.util.Objects;

/**
 * Identifies one customer organization of the host platform.
 *
 * <p>The host chooses the values; Keyward only requires 1–64 characters of
 * {@code [A-Za-z0-9._:-]} starting with a letter or digit, so an id is safe in URLs,
 * log lines and SQL parameters alike. Immutable.
 *
 * @param value the id as the host knows it
 */
public record OrganizationId(String value) {

    /**
     * @throws KeywardException with {@link ErrorCode#INVALID_INPUT} when the value has not that shape or
     *         is shaped like a credential (the message never repeats the value)
     */
    public OrganizationId {
        Objects.requireNonNull(value, "organization id");
        IdChecks.requireNotCredential("organization id", value);
        if (!IdChecks.isShaped(value, "._:-", false)) {
            throw KeywardException.invalidInput(
                    "organization id must be 1-64 characters of [A-Za-z0-9._:-] starting with a letter or digit");
        }
    }

    /** Shorthand for {@code new OrganizationId(value)}. */
    public static OrganizationId of(String value) {
        return new OrganizationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
