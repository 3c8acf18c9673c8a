package dev.keyward.internal;

import dev.keyward.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the parts of an OAuth request that every form-posting endpoint checks alike: the method
 * (POST only), a body of form-encoded ASCII declared as {@code application/x-www-form-urlencoded},
 * the parameters ({@link FormParameters}) and the {@code Authorization} values. Never throws for
 * anything in the request. Stateless and thread-safe.
 */
public final class FormRequest {

    private static final String FORM = "application/x-www-form-urlencoded";

    private FormRequest() {
    }

    /** What reading found. */
    public sealed interface Read {
    }

    /** A well-formed form request. */
    public record Form(FormParameters.Parameters parameters, List<String> authorizations) implements Read {
        /** Names only: a value may be a secret. */
        @Override
        public String toString() {
            return "Form[" + parameters + ", authorizations=" + authorizations.size() + "]";
        }
    }

    /** Not a POST: answer 405. */
    public enum WrongMethod implements Read {
        INSTANCE
    }

    /** A malformed request; {@code reason} is fixed text, safe to send back. */
    public record Malformed(String reason) implements Read {
    }

    /** Reads one request; the body as received, null or empty if none. */
    public static Read read(String method, RequestHeaders headers, byte[] body) {
        if (!"POST".equals(method)) {
            return WrongMethod.INSTANCE;
        }
        if (headers == null) {
            return new Malformed("the request headers could not be read");
        }
        String contentType;
        List<String> authorizations;
        try {
            contentType = single(headers, "Content-Type");
            authorizations = values(headers, "Authorization");
        } catch (RuntimeException e) {
            return new Malformed("the request headers could not be read");
        }
        if (body != null && body.length > FormParameters.MAX_BODY_LENGTH) {
            return new Malformed("the request body is too large");
        }
        String text = body == null ? null : new String(body, StandardCharsets.US_ASCII);
        if (text != null && !text.isEmpty()) {
            // Each byte past ASCII decodes to U+FFFD; text of ASCII alone is Latin-1, where the search costs nothing.
            if (text.indexOf('\uFFFD') >= 0) {
                return new Malformed("the body must be form encoded: ASCII only");
            }
            if (contentType == null || !isForm(contentType)) {
                return new Malformed("the body must be application/x-www-form-urlencoded");
            }
        }
        FormParameters.Parsed parsed = FormParameters.parse(text);
        if (parsed instanceof FormParameters.Malformed malformed) {
            return new Malformed(malformed.reason());
        }
        return new Form((FormParameters.Parameters) parsed, authorizations);
    }

    /**
     * Whether a {@code Content-Type} value is the form media type, its parameters aside: compared ignoring the
     * case of ASCII letters only, which is all that lower-casing the value could make equal to it.
     */
    public static boolean isForm(String value) {
        if (value.equals(FORM)) {
            // As nearly every client sends it: one comparison.
            return true;
        }
        int end = value.indexOf(';');
        end = end < 0 ? value.length() : end;
        int start = 0;
        while (start < end && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        if (end - start != FORM.length()) {
            return false;
        }
        for (int i = 0; i < FORM.length(); i++) {
            char expected = FORM.charAt(i);
            char c = value.charAt(start + i);
            if (c != expected && !(expected >= 'a' && expected <= 'z' && c == expected - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    /** The one value of a header, or null if it has none or several; throws where {@link #values} does. */
    private static String single(RequestHeaders headers, String name) {
        List<String> values = values(headers, name);
        return values.size() == 1 ? values.get(0) : null;
    }

    /** The values of a header; a host whose headers throw or hold a null value sent a malformed request. */
    private static List<String> values(RequestHeaders headers, String name) {
        List<String> values = headers.values(name);
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        // One value, the usual case, copied without an intermediate array.
        return values.size() == 1 ? List.of(values.get(0)) : List.copyOf(values);
    }
}
