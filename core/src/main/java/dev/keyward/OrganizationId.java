package dev.keyward;

import dev.keyward.internal.IdChecks;

/**
 * Identifies one customer organization of the host platform.
 *
 * <p>The host chooses the values; Keyward only requires 1–64 characters of
 * {@code [A-Za-z0-9._:-]} starting with a letter or digit, so an id is safe in URLs,
 * log lines and SQL parameters alike, and that it is not a credential. Management calls refuse, too, an
 * id holding a credential a character off before they record it. Ids are compared exactly: {@code acme}
 * and {@code ACME} are two organizations. Immutable.
 *
 * @param value the id as the host knows it
 */
public record OrganizationId(String value) {

    /**
     * @throws KeywardException with {@link ErrorCode#INVALID_INPUT} when the value is null, has not that
     *         shape or is shaped like a credential (the message never repeats the value)
     */
    public OrganizationId {
        if (value == null) {
            throw KeywardException.invalidInput("organization id is required");
        }
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

    /**
     * Its value's. Written out: the record's generated one runs through a method handle, which a profile of
     * token issuance showed not inlined into the map reads of the in-memory store.
     */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The same value, exactly. */
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof OrganizationId id && value.equals(id.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
