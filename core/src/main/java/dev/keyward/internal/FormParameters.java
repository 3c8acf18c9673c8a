package dev.keyward.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an {@code application/x-www-form-urlencoded} body strictly, as RFC 6749 §3.2 asks:
 * a parameter sent twice is an error, one sent without a value counts as absent (§3.1).
 * Never throws. Stateless and thread-safe.
 */
public final class FormParameters {

    /** Longer bodies are refused unread; a token request is a few hundred characters. */
    public static final int MAX_BODY_LENGTH = 8192;

    /** The names the endpoints ask for: a name sent plainly as one of these is shared, not copied. */
    private static final String[] KNOWN_NAMES = {"token", "token_type_hint", "client_id", "client_secret",
        "grant_type", "scope"};
    /** Up to this many names, a repeat is found by comparing each name with those before it; past it, by a set. */
    private static final int FEW = 8;
    private static final Parameters NONE = new Parameters("", new String[0], new int[0], null, 0);

    private FormParameters() {
    }

    /** The outcome of reading a body. */
    public sealed interface Parsed {
    }

    /**
     * The parameters of a body, in the order sent, with their names decoded. A value is decoded when it is
     * asked for, unless it held escapes: those are decoded, and so checked, as the body is read. Immutable.
     */
    public static final class Parameters implements Parsed {
        private final String body;
        private final String[] names;
        /** For parameter {@code i}, its value as sent is {@code body[bounds[2i], bounds[2i + 1])}. */
        private final int[] bounds;
        /** The decoded values of the parameters whose values held escapes; null when none did. */
        private final String[] decoded;
        private final int count;

        private Parameters(String body, String[] names, int[] bounds, String[] decoded, int count) {
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
     * split at its first {@code =}: the first malformed escape or repeated name decides what is wrong.
     */
    public static Parsed parse(String body) {
        if (body == null || body.isEmpty()) {
            return NONE;
        }
        if (body.length() > MAX_BODY_LENGTH) {
            return new Malformed("the request body is too large");
        }
        return new Reader(body).read();
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

    /**
     * One reading of one body: each part found with one search for {@code &}, its name read up to its
     * {@code =}; escapes looked for part by part only when the body has some.
     */
    private static final class Reader {
        private final String body;
        private final boolean escapes;
        private String[] names = new String[4];
        /** For parameter {@code i}, its value as sent is {@code body[bounds[2i], bounds[2i + 1])}. */
        private int[] bounds = new int[8];
        private String[] decoded;
        private Set<String> seen;
        private int count;

        Reader(String body) {
            this.body = body;
            this.escapes = body.indexOf('%') >= 0 || body.indexOf('+') >= 0;
        }

        Parsed read() {
            int length = body.length();
            int start = 0;
            while (start <= length) {
                int end = body.indexOf('&', start);
                if (end < 0) {
                    end = length;
                }
                if (end > start) {
                    Malformed malformed = part(start, end);
                    if (malformed != null) {
                        return malformed;
                    }
                }
                start = end + 1;
            }
            return new Parameters(body, names, bounds, decoded, count);
        }

        /** Reads the part {@code [start, end)}; null if it is well formed and its name new. */
        private Malformed part(int start, int end) {
            int nameEnd = start;
            while (nameEnd < end && body.charAt(nameEnd) != '=') {
                nameEnd++;
            }
            int valueStart = nameEnd == end ? end : nameEnd + 1;
            boolean escapedName = escapes && hasEscape(start, nameEnd);
            boolean escapedValue = escapes && hasEscape(valueStart, end);
            String name = escapedName ? decode(body.substring(start, nameEnd)) : name(start, nameEnd);
            String value = escapedValue ? decode(body.substring(valueStart, end)) : null;
            if (name == null || escapedValue && value == null) {
                return new Malformed("the request body is not valid form encoding");
            }
            if (isRepeat(name)) {
                return new Malformed("a parameter is repeated");
            }
            if (count == names.length) {
                grow();
            }
            if (value != null) {
                decoded = decoded == null ? new String[names.length] : decoded;
                decoded[count] = value;
            }
            names[count] = name;
            bounds[2 * count] = valueStart;
            bounds[2 * count + 1] = end;
            count++;
            return null;
        }

        private boolean hasEscape(int start, int end) {
            for (int i = start; i < end; i++) {
                char c = body.charAt(i);
                if (c == '%' || c == '+') {
                    return true;
                }
            }
            return false;
        }

        /** A name sent without escapes: one the endpoints ask for is shared, not copied. */
        private String name(int start, int end) {
            for (String known : KNOWN_NAMES) {
                if (known.length() == end - start && body.startsWith(known, start)) {
                    return known;
                }
            }
            return body.substring(start, end);
        }

        private boolean isRepeat(String name) {
            if (seen != null) {
                return !seen.add(name);
            }
            for (int i = 0; i < count; i++) {
                if (names[i].equals(name)) {
                    return true;
                }
            }
            if (count == FEW) {
                seen = new HashSet<>(Arrays.asList(names).subList(0, count));
                seen.add(name);
            }
            return false;
        }

        private void grow() {
            names = Arrays.copyOf(names, 2 * names.length);
            bounds = Arrays.copyOf(bounds, 2 * bounds.length);
            decoded = decoded == null ? null : Arrays.copyOf(decoded, names.length);
        }
    }
}
