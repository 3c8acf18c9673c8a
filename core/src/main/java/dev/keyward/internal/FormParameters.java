package dev.keyward.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads an {@code application/x-www-form-urlencoded} body strictly, as RFC 6749 §3.2 asks:
 * a parameter the endpoints define ({@code grant_type}, {@code scope}, {@code client_id},
 * {@code client_secret}, {@code token}, {@code token_type_hint}) sent twice is an error; one they do
 * not define is ignored however often it is sent, its first value kept (§3.1); one sent without a
 * value counts as absent (§3.1).
 * Never throws. Stateless and thread-safe.
 */
public final class FormParameters {

    /** Longer bodies are refused unread; a token request is a few hundred characters. */
    public static final int MAX_BODY_LENGTH = 8192;

    private static final Parameters NONE = new Parameters("", new String[0], new int[0], null, 0);

    private FormParameters() {
    }

    /** The outcome of reading a body. */
    public sealed interface Parsed {
    }

    /**
     * The parameters of a body, in the order sent, with their names decoded. A value sent without escapes
     * is copied out of the body when asked for; one with escapes was decoded, and so checked, as the body
     * was read. Immutable.
     */
    public static final class Parameters implements Parsed {
        private final String body;
        private final String[] names;
        /** For parameter {@code i}, its value as sent is {@code body[bounds[2i], bounds[2i + 1])}. */
        private final int[] bounds;
        /** The decoded values of the parameters whose values held escapes; null when none did. */
        private final String[] decoded;
        private final int count;

        Parameters(String body, String[] names, int[] bounds, String[] decoded, int count) {
            this.body = body;
            this.names = names;
            this.bounds = bounds;
            this.decoded = decoded;
            this.count = count;
        }

        /** The value of a parameter, or null if it was absent or empty. */
        public String get(String name) {
            for (int i = 0; i < count; i++) {
                if (names[i].equals(name)) {
                    return value(i);
                }
            }
            return null;
        }

        /** The parameters that have a value, by name. */
        public Map<String, String> values() {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String value = value(i);
                if (value != null) {
                    values.put(names[i], value);
                }
            }
            return values;
        }

        private String value(int i) {
            int start = bounds[2 * i];
            int end = bounds[2 * i + 1];
            if (start == end) {
                return null;
            }
            return decoded != null && decoded[i] != null ? decoded[i] : body.substring(start, end);
        }

        /** Names only: a value may be a client secret. */
        @Override
        public String toString() {
            return "Parameters" + new TreeSet<>(values().keySet());
        }
    }

    /** The body is not a valid form; {@code reason} is fixed text. */
    public record Malformed(String reason) implements Parsed {
    }

    /**
     * Reads a body; null or empty is a form without parameters. Each part between {@code &} is read in turn,
     * split at its first {@code =}: the first malformed escape or repeated defined name decides what is wrong.
     */
    public static Parsed parse(String body) {
        if (body == null || body.isEmpty()) {
            return NONE;
        }
        if (body.length() > MAX_BODY_LENGTH) {
            return new Malformed("the request body is too large");
        }
        return new FormBodyReader(body).read();
    }

    /** Decodes one form-encoded component ({@code +} is a space), or null if it is malformed. */
    public static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            // Nothing to decode: the common case of ids and base62 credentials, without a copy.
            return encoded;
        }
        try {
            String decoded = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            return decoded.indexOf('\uFFFD') >= 0 && encoded.indexOf('\uFFFD') < 0 ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
