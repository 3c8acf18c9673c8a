package dev.keyward.internal;

/**
 * The one parser of {@code Authorization} header values, for bearer tokens and for HTTP Basic
 * alike: {@code credentials = auth-scheme [ 1*SP token68-or-params ]} (RFC 9110 §11.4), with
 * optional white space (SP, HTAB) around the whole value. A tab where the grammar has SP, between the
 * scheme and what follows, is read as a space: some servers hand a tab on as it came and others turn
 * it into a space first, and one request must be read alike behind either. It splits the scheme from what follows
 * and judges neither; each scheme checks its own syntax. Never throws; bounds are checked before
 * a value is scanned; nothing allocated but the answer. Stateless and thread-safe.
 */
public final class AuthorizationHeader {

    private AuthorizationHeader() {
    }

    /** What one value holds. */
    public sealed interface Parsed {
    }

    /** Unusable whatever its scheme; {@code reason} is fixed text, never an echo of the value. */
    public enum Malformed implements Parsed {
        OVERSIZED("the Authorization header is oversized"),
        EMPTY("the Authorization header is empty");

        private final String reason;

        Malformed(String reason) {
            this.reason = reason;
        }

        /** Fixed text saying what is wrong. */
        public String reason() {
            return reason;
        }
    }

    /**
     * A scheme and what follows it, as bounds into the value, so the common case copies nothing
     * but the credentials.
     */
    public record Credentials(String value, int schemeStart, int schemeEnd, int credentialsStart, int end)
            implements Parsed {

        /** Whether the scheme is this one, ignoring case as schemes are. */
        public boolean isScheme(String scheme) {
            return schemeEnd - schemeStart == scheme.length()
                    && value.regionMatches(true, schemeStart, scheme, 0, scheme.length());
        }

        /** Whether anything follows the scheme. */
        public boolean hasCredentials() {
            return credentialsStart < end;
        }

        /** What follows the scheme and its separating spaces, trimmed. */
        public String credentials() {
            return credentialsStart == 0 && end == value.length() ? value : value.substring(credentialsStart, end);
        }

        @Override
        public String toString() {
            return "Credentials[scheme=" + value.substring(schemeStart, schemeEnd) + "]";
        }
    }

    /** Parses one value; {@code null} and values longer than {@code maxLength} are {@link Malformed#OVERSIZED}. */
    public static Parsed parse(String value, int maxLength) {
        long bounds = bounds(value, maxLength);
        if (bounds < 0) {
            return Malformed.values()[(int) -bounds - 1];
        }
        return new Credentials(value, part(bounds, 0), part(bounds, 1), part(bounds, 2), part(bounds, 3));
    }

    /**
     * The credentials of a value whose scheme is {@code scheme}, for the request path, which must
     * not allocate more than the credentials themselves: a value with another scheme gives
     * {@code null}, a malformed one or one with no credentials gives {@code ""}. The same scan as
     * {@link #parse}.
     */
    static String credentialsOf(String value, String scheme, int maxLength) {
        long bounds = bounds(value, maxLength);
        if (bounds < 0) {
            return "";
        }
        int schemeStart = part(bounds, 0);
        int schemeEnd = part(bounds, 1);
        if (schemeEnd - schemeStart != scheme.length()
                || !value.regionMatches(true, schemeStart, scheme, 0, scheme.length())) {
            return null;
        }
        int credentialsStart = part(bounds, 2);
        int end = part(bounds, 3);
        return credentialsStart == 0 && end == value.length() ? value : value.substring(credentialsStart, end);
    }

    /**
     * The one scan: where the scheme starts and ends, and where the credentials start and end, as
     * four 16-bit fields of a long (values are bounded well below 65,536 characters), so the scan
     * allocates nothing; or minus one plus the ordinal of a {@link Malformed} reason.
     */
    private static long bounds(String value, int maxLength) {
        if (value == null || value.length() > Math.min(maxLength, 0xFFFF)) {
            return -1 - Malformed.OVERSIZED.ordinal();
        }
        int start = trimStart(value);
        int end = trimEnd(value, start);
        if (start == end) {
            return -1 - Malformed.EMPTY.ordinal();
        }
        int schemeEnd = start;
        while (schemeEnd < end && !isSpace(value.charAt(schemeEnd))) {
            schemeEnd++;
        }
        int credentialsStart = schemeEnd;
        while (credentialsStart < end && isSpace(value.charAt(credentialsStart))) {
            credentialsStart++;
        }
        return (long) start << 48 | (long) schemeEnd << 32 | (long) credentialsStart << 16 | end;
    }

    private static int part(long bounds, int index) {
        return (int) (bounds >>> (48 - 16 * index)) & 0xFFFF;
    }

    /** Why {@link #credentialsOf} found nothing usable, for a value it answered {@code ""} to. */
    static Malformed malformedReason(String value, int maxLength) {
        long bounds = bounds(value, maxLength);
        return bounds < 0 ? Malformed.values()[(int) -bounds - 1] : null;
    }

    /** Where the value starts once leading optional white space (SP, HTAB) is skipped. */
    static int trimStart(String value) {
        int start = 0;
        while (start < value.length() && isSpace(value.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Where the value ends once trailing optional white space is dropped, not before {@code start}. */
    static int trimEnd(String value, int start) {
        int end = value.length();
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
