package dev.keyward.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads an {@code application/x-www-form-urlencoded} body strictly, as RFC 6749 §3.2 asks:
 * a parameter sent twice is an error, one sent without a value counts as absent (§3.1).
 * Never throws. Stateless and thread-safe.
 */
public final class FormParameters {

    /** Longer bodies are refused unread; a token request is a few hundred characters. */
    public static final int MAX_BODY_LENGTH = 8192;

    private FormParameters() {
    }

    /** The outcome of reading a body. */
    public sealed interface Parsed {
    }

    /** The parameters that have a value. */
    public record Parameters(Map<String, String> values) implements Parsed {
        /** The value of a parameter, or null if it was absent or empty. */
        public String get(String name) {
            return values.get(name);
        }

        /** Names only: a value may be a client secret. */
        @Override
        public String toString() {
            return "Parameters" + new TreeSet<>(values.keySet());
        }
    }

    /** The body is not a valid form; {@code reason} is fixed text. */
    public record Malformed(String reason) implements Parsed {
    }

    /** Reads a body; null or empty is a form without parameters. */
    public static Parsed parse(String body) {
        if (body == null || body.isEmpty()) {
            return new Parameters(Map.of());
        }
        if (body.length() > MAX_BODY_LENGTH) {
            return new Malformed("the request body is too large");
        }
        // Every name seen maps to its value, empty ones included, so one map finds repeats too.
        Map<String, String> values = new HashMap<>();
        boolean anyEmpty = false;
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name == null || value == null) {
                return new Malformed("the request body is not valid form encoding");
            }
            if (values.put(name, value) != null) {
                return new Malformed("a parameter is repeated");
            }
            anyEmpty |= value.isEmpty();
        }
        if (anyEmpty) {
            values.values().removeIf(String::isEmpty);
        }
        return new Parameters(Collections.unmodifiableMap(values));
    }

    /** Decodes one form-encoded component ({@code +} is a space), or null if it is malformed. */
    public static String decode(String encoded) {
        try {
            String decoded = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            return decoded.indexOf('\uFFFD') >= 0 && encoded.indexOf('\uFFFD') < 0 ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
