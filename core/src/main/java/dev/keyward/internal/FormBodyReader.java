package dev.keyward.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * One reading of one form body for {@link FormParameters}: each part found with one search for
 * {@code &}, its name read up to its {@code =}, escapes looked for part by part only when the body
 * has some. For one thread; made and dropped by each reading.
 */
final class FormBodyReader {

    /**
     * The names the endpoints define: a name sent plainly as one of these is shared, not copied, and only these
     * may not be repeated. An endpoint that comes to read another parameter must add it here, or a repeat of it
     * would be accepted, its first value kept.
     */
    private static final String[] KNOWN_NAMES = {"token", "token_type_hint", "client_id", "client_secret",
        "grant_type", "scope"};
    /** Up to this many names, a repeat is found by comparing each name with those before it; past it, by a set. */
    private static final int FEW = 8;

    private final String body;
    private final boolean escapes;
    private String[] names = new String[4];
    /** For parameter {@code i}, its value as sent is {@code body[bounds[2i], bounds[2i + 1])}. */
    private int[] bounds = new int[8];
    private String[] decoded;
    private Set<String> seen;
    private int count;

    FormBodyReader(String body) {
        this.body = body;
        this.escapes = body.indexOf('%') >= 0 || body.indexOf('+') >= 0;
    }

    /** The parameters of the body, or what is wrong with it: the first malformed escape or repeated name. */
    FormParameters.Parsed read() {
        int length = body.length();
        int start = 0;
        while (start <= length) {
            int end = body.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                FormParameters.Malformed malformed = part(start, end);
                if (malformed != null) {
                    return malformed;
                }
            }
            start = end + 1;
        }
        return new FormParameters.Parameters(body, names, bounds, decoded, count);
    }

    /** Reads the part {@code [start, end)}; null if it is well formed and its name new. */
    private FormParameters.Malformed part(int start, int end) {
        int nameEnd = start;
        while (nameEnd < end && body.charAt(nameEnd) != '=') {
            nameEnd++;
        }
        int valueStart = nameEnd == end ? end : nameEnd + 1;
        boolean escapedName = escapes && hasEscape(start, nameEnd);
        boolean escapedValue = escapes && hasEscape(valueStart, end);
        String name = escapedName ? FormParameters.decode(body.substring(start, nameEnd)) : name(start, nameEnd);
        String value = escapedValue ? FormParameters.decode(body.substring(valueStart, end)) : null;
        if (name == null || escapedValue && value == null) {
            return new FormParameters.Malformed("the request body is not valid form encoding");
        }
        if (isRepeat(name)) {
            // RFC 6749 §3.2 forbids a parameter twice; §3.1 asks that one the server does not recognise be
            // ignored, however often it comes (RFC 8707 sends resource once per resource).
            return isDefined(name) ? new FormParameters.Malformed("a parameter is repeated") : null;
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

    private static boolean isDefined(String name) {
        for (String known : KNOWN_NAMES) {
            if (known.equals(name)) {
                return true;
            }
        }
        return false;
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
