package dev.keyward.internal;

import dev.keyward.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

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
        List<String> contentTypes;
        List<String> authorizations;
        try {
            contentTypes = values(headers, "Content-Type");
            authorizations = values(headers, "Authorization");
        } catch (RuntimeException e) {
            return new Malformed("the request headers could not be read");
        }
        if (body != null && body.length > FormParameters.MAX_BODY_LENGTH) {
            return new Malformed("the request body is too large");
        }
        if (body != null && body.length > 0) {
            for (byte b : body) {
                if (b < 0) {
                    return new Malformed("the body must be form encoded: ASCII only");
                }
            }
            if (!isForm(contentTypes)) {
                return new Malformed("the body must be application/x-www-form-urlencoded");
            }
        }
        FormParameters.Parsed parsed = FormParameters.parse(body == null ? null
                : new String(body, StandardCharsets.US_ASCII));
        if (parsed instanceof FormParameters.Malformed malformed) {
            return new Malformed(malformed.reason());
        }
        return new Form((FormParameters.Parameters) parsed, authorizations);
    }

    private static boolean isForm(List<String> contentTypes) {
        if (contentTypes.size() != 1) {
            return false;
        }
        String value = contentTypes.get(0);
        int semicolon = value.indexOf(';');
        String mediaType = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
        return mediaType.toLowerCase(Locale.ROOT).equals(FORM);
    }

    /** The values of a header; a host whose headers throw or hold a null value sent a malformed request. */
    private static List<String> values(RequestHeaders headers, String name) {
        List<String> values = headers.values(name);
        return values == null ? List.of() : List.copyOf(values);
    }
}
