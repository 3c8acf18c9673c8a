package dev.keyward.internal;

import dev.keyward.KeywardException;

/**
 * Checks shared by every id a caller hands in (organization, connection and actor ids): they
 * end up in answers and audit lines, so none may carry a credential or a character that could
 * forge or hide part of a line. Refusals never echo the value.
 */
public final class IdChecks {

    /** The longest id of any kind. */
    public static final int MAX_ID_LENGTH = 64;

    private IdChecks() {
    }

    /**
     * Whether the value is 1–{@value #MAX_ID_LENGTH} characters, each an ASCII letter or digit or one of
     * {@code others}, the first a letter or digit unless {@code firstMayBeOther}. A loop, not a regular
     * expression: ids are checked on every row a store reads.
     */
    public static boolean isShaped(String value, String others, boolean firstMayBeOther) {
        int length = value.length();
        if (length == 0 || length > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && ((i == 0 && !firstMayBeOther) || others.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses a value shaped like a Keyward credential, such as a key pasted as a connection id.
     *
     * @throws KeywardException {@code INVALID_INPUT}, whose message does not contain the value
     */
    public static void requireNotCredential(String what, CharSequence value) {
        if (CredentialCodec.looksLikeCredential(value)) {
            throw KeywardException.invalidInput(what + " has the shape of a credential; it was refused and"
                    + " not recorded (never paste a secret where an id belongs)");
        }
    }

    /**
     * Whether the value holds a character that could start a new log line or change how a line
     * reads: a control (CR, LF, NUL, ESC, …), a format character (bidi controls, zero-width
     * characters), a line or paragraph separator, or half of a surrogate pair.
     */
    public static boolean hasUnsafeCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                int codePoint = value.codePointAt(i);
                if (Character.isSupplementaryCodePoint(codePoint)) {
                    if (unsafe(codePoint)) {
                        return true;
                    }
                    i++;
                    continue;
                }
                return true;
            }
            if (unsafe(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unsafe(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
