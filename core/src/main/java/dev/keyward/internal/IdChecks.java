package dev.keyward.internal;

import dev.keyward.KeywardException;

/**
 * Checks shared by every id a caller hands in (organization, connection and actor ids): they
 * end up in answers and audit lines, so none may carry a credential or a character that could
 * forge or hide part of a line. Refusals never echo the value.
 */
public final class IdChecks {

    private IdChecks() {
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
