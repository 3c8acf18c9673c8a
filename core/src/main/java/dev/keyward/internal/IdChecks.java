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
     * The fewest ASCII letters and digits in a row that make a value refused as an id or a name: a credential's
     * body, which holds {@value CredentialCodec#BODY_LENGTH} in a row after its prefix, less three. Its checksum
     * lets anyone restore a credential with up to three characters cut, added or changed, offline, in at most a
     * few billion tries of a CRC32 (a few thousand for one character), so such a near miss is as much a secret as
     * the credential itself. The longest ids in common use stay below it: a SHA-1 in hex (40), a UUID without its
     * dashes (32), the ids of identity providers (31 at most).
     */
    public static final int CREDENTIAL_RUN = CredentialCodec.BODY_LENGTH - 3;

    /**
     * Refuses a value holding a Keyward credential of any prefix, or one a few characters off, such as a key
     * pasted as a connection id with a character too many: {@value #CREDENTIAL_RUN} or more ASCII letters and
     * digits in a row.
     *
     * @throws KeywardException {@code INVALID_INPUT}, whose message does not contain the value
     */
    public static void requireNotCredential(String what, CharSequence value) {
        if (holdsCredentialRun(value)) {
            throw KeywardException.invalidInput(what + " has the shape of a credential (" + CREDENTIAL_RUN
                    + " or more letters and digits in a row); it was refused and not recorded (never paste a"
                    + " secret where an id belongs)");
        }
    }

    /**
     * The text with every run of {@value #CREDENTIAL_RUN} or more ASCII letters and digits replaced by
     * {@code [redacted]}; the text itself when it holds none.
     */
    public static String redacted(CharSequence text) {
        StringBuilder out = null;
        int runStart = 0;
        int copied = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && isAlphanumeric(text.charAt(i))) {
                continue;
            }
            if (i - runStart >= CREDENTIAL_RUN) {
                out = out == null ? new StringBuilder(text.length()) : out;
                out.append(text, copied, runStart).append("[redacted]");
                copied = i;
            }
            runStart = i + 1;
        }
        return out == null ? text.toString() : out.append(text, copied, text.length()).toString();
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Whether the value holds {@value #CREDENTIAL_RUN} or more ASCII letters and digits in a row. */
    public static boolean holdsCredentialRun(CharSequence value) {
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            run = isAlphanumeric(value.charAt(i)) ? run + 1 : 0;
            if (run >= CREDENTIAL_RUN) {
                return true;
            }
        }
        return false;
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
