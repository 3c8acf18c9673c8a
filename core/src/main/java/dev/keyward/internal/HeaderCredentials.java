package dev.keyward.internal;

import dev.keyward.RequestHeaders;
import java.util.List;

/**
 * Pulls the credential out of a request's headers, strictly, without judging it: an access
 * key header, or an {@code Authorization: Bearer} header in the RFC 6750 §2.1 syntax (scheme
 * case-insensitive; the token's own syntax is checked by {@link Presented#wellFormed()}). Never throws, whatever the headers hold; values longer than
 * {@link #MAX_VALUE_LENGTH} are refused before they are scanned. Stateless and thread-safe.
 */
public final class HeaderCredentials {

    /** Longer header values are refused unread; no credential comes near it. */
    public static final int MAX_VALUE_LENGTH = 8192;

    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer";
    /** The characters of a b64token, by code; one read per character instead of a chain of comparisons. */
    private static final boolean[] TOKEN_CHARS = tokenChars();

    private HeaderCredentials() {
    }

    /** What the headers carry. */
    public sealed interface Extracted {
    }

    /** No credential: no access key header and no bearer authorization. */
    public enum Absent implements Extracted {
        INSTANCE
    }

    /** The headers are malformed; {@code reason} is fixed text, never an echo of the input. */
    public record Malformed(String reason) implements Extracted {
    }

    /**
     * One credential value, from the access key header or as a bearer token, trimmed but not yet
     * checked against the token syntax: a value that parses as a credential has it by construction,
     * so only a value that does not parse pays for {@link #wellFormed()}.
     */
    public record Presented(String value, boolean bearer) implements Extracted {

        /** Whether the value has the RFC 6750 b64token syntax. */
        public boolean wellFormed() {
            return isToken(value, 0, value.length());
        }

        /** Why a value that is not {@link #wellFormed()} is refused: fixed text, never an echo. */
        public String malformedReason() {
            return bearer ? "Authorization header is not Bearer followed by a token" : "access key header is malformed";
        }

        @Override
        public String toString() {
            return "Presented[" + (bearer ? "bearer" : "access key") + "]";
        }
    }

    /** Extracts the credential of a request; never throws, even if reading the headers does. */
    public static Extracted extract(RequestHeaders headers, String accessKeyHeader) {
        try {
            return extract(orEmpty(headers.values(accessKeyHeader)), orEmpty(headers.values(AUTHORIZATION)));
        } catch (RuntimeException e) {
            return new Malformed("request headers could not be read");
        }
    }

    private static Extracted extract(List<String> keys, List<String> authorizations) {
        if (keys.size() > 1 || authorizations.size() > 1) {
            return new Malformed("a credential header is repeated");
        }
        Extracted bearer = authorizations.isEmpty() ? Absent.INSTANCE : bearer(authorizations.get(0));
        Extracted key = keys.isEmpty() ? Absent.INSTANCE : accessKey(keys.get(0));
        if (bearer instanceof Malformed) {
            return bearer;
        }
        if (key instanceof Absent) {
            return bearer;
        }
        return bearer instanceof Absent ? key : new Malformed("both an access key and a bearer token");
    }

    private static Extracted accessKey(String value) {
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            return new Malformed("access key header is oversized");
        }
        int start = AuthorizationHeader.trimStart(value);
        int end = AuthorizationHeader.trimEnd(value, start);
        if (start == end) {
            return new Malformed("access key header is empty");
        }
        return new Presented(start == 0 && end == value.length() ? value : value.substring(start, end), false);
    }

    /** {@code credentials = "Bearer" 1*SP b64token}; other schemes are not ours and are ignored. */
    private static Extracted bearer(String value) {
        String token = AuthorizationHeader.credentialsOf(value, BEARER, MAX_VALUE_LENGTH);
        if (token == null) {
            return Absent.INSTANCE;
        }
        if (token.isEmpty()) {
            AuthorizationHeader.Malformed malformed = AuthorizationHeader.malformedReason(value, MAX_VALUE_LENGTH);
            return new Malformed(malformed != null ? malformed.reason()
                    : "Authorization header is not Bearer followed by a token");
        }
        return new Presented(token, true);
    }

    /** {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isToken(String value, int start, int end) {
        int i = start;
        while (i < end && isTokenChar(value.charAt(i))) {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < end && value.charAt(i) == '=') {
            i++;
        }
        return i == end;
    }

    private static boolean isTokenChar(char c) {
        return c < TOKEN_CHARS.length && TOKEN_CHARS[c];
    }

    private static boolean[] tokenChars() {
        boolean[] table = new boolean[128];
        for (char c = 0; c < table.length; c++) {
            table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }
        return table;
    }


    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
