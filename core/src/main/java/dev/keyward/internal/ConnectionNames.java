package dev.keyward.internal;

import dev.keyward.KeywardException;

/** Validates connection names (rule R3): trimmed, 1–100 characters, no control characters. */
public final class ConnectionNames {

    /** The longest name, in Unicode code points. */
    public static final int MAX_LENGTH = 100;

    private ConnectionNames() {
    }

    /**
     * The name without surrounding white space.
     *
     * @throws KeywardException with {@code INVALID_INPUT} when the result is empty, longer than
     *         {@value #MAX_LENGTH} code points, or holds a control character or a broken surrogate pair
     */
    public static String normalize(String name) {
        if (name == null) {
            throw KeywardException.invalidInput("name is required");
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw KeywardException.invalidInput("name must not be blank");
        }
        if (trimmed.length() > 2 * MAX_LENGTH || trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            throw KeywardException.invalidInput("name must be at most " + MAX_LENGTH + " characters");
        }
        if (!trimmed.codePoints().allMatch(ConnectionNames::allowed)) {
            throw KeywardException.invalidInput("name must not contain control characters");
        }
        return trimmed;
    }

    private static boolean allowed(int codePoint) {
        int type = Character.getType(codePoint);
        return type != Character.CONTROL && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }
}
