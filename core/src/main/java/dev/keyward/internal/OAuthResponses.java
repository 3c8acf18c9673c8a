package dev.keyward.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.RateLimitStatus;
import dev.keyward.TokenResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the OAuth endpoints' answers: the RFC 6749 §5.1 success and the §5.2 errors, an
 * introspection answer or a revocation's empty success, all
 * with {@code Cache-Control: no-store} and {@code Pragma: no-cache}. Thread-safe.
 */
public final class OAuthResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Immutable, so every answer shares it without a copy. */
    private static final Map<String, String> JSON_HEADERS = Map.copyOf(headers());

    private final String basicChallenge;

    public OAuthResponses(String realm) {
        this.basicChallenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    /** {@code {"access_token":…,"token_type":"Bearer","expires_in":…}}. */
    public TokenResponse token(String accessToken, long expiresInSeconds) {
        return token(accessToken, expiresInSeconds, Map.of());
    }

    /** A token response with extra headers (where the client stands against its token rate limit). */
    public TokenResponse token(String accessToken, long expiresInSeconds, Map<String, String> extraHeaders) {
        // Written by hand: a fixed shape with one string and one number, on every issuance.
        StringBuilder body = new StringBuilder(accessToken.length() + 72).append("{\"access_token\":");
        appendJsonString(body, accessToken);
        body.append(",\"token_type\":\"Bearer\",\"expires_in\":").append(expiresInSeconds).append('}');
        if (extraHeaders.isEmpty()) {
            return new TokenResponse(200, JSON_HEADERS, body.toString());
        }
        Map<String, String> headers = headers();
        headers.putAll(extraHeaders);
        return new TokenResponse(200, headers, body.toString());
    }

    /** 429 {@code slow_down} with {@code Retry-After} and the client's {@code RateLimit} headers. */
    public TokenResponse slowDown(RateLimitStatus status) {
        Map<String, String> headers = headers();
        headers.putAll(status.headers());
        return new TokenResponse(OAuthError.SLOW_DOWN.status(), headers, errorBody(OAuthError.SLOW_DOWN,
                "too many token requests; retry after " + status.retryAfterSeconds() + " s"));
    }

    /** Appends a JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static void appendJsonString(StringBuilder out, String value) {
        out.append('"');
        int clean = 0;
        while (clean < value.length() && !escaped(value.charAt(clean))) {
            clean++;
        }
        if (clean == value.length()) {
            // A credential, every time: appended whole.
            out.append(value).append('"');
            return;
        }
        out.append(value, 0, clean);
        for (int i = clean; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static boolean escaped(char c) {
        return c == '"' || c == '\\' || c < 0x20;
    }

    /** An error; {@code invalid_client} carries a Basic challenge, 503 a {@code Retry-After}. */
    public TokenResponse error(OAuthError error, String description) {
        Map<String, String> headers = headers();
        if (error == OAuthError.INVALID_CLIENT) {
            headers.put("WWW-Authenticate", basicChallenge);
        }
        if (error == OAuthError.TEMPORARILY_UNAVAILABLE) {
            headers.put("Retry-After", "1");
        }
        return new TokenResponse(error.status(), headers, errorBody(error, description));
    }

    /** 405 with {@code Allow: POST}. */
    public TokenResponse methodNotAllowed() {
        return methodNotAllowed("the token endpoint takes POST only");
    }

    /** 405 with {@code Allow: POST} and this description. */
    public TokenResponse methodNotAllowed(String description) {
        Map<String, String> headers = headers();
        headers.put("Allow", "POST");
        return new TokenResponse(405, headers, errorBody(OAuthError.INVALID_REQUEST, description));
    }

    /** 200 with this JSON object, e.g. an introspection answer. */
    public TokenResponse ok(Map<String, Object> body) {
        return new TokenResponse(200, headers(), write(body));
    }

    /** 200 with this JSON text, written by the caller. */
    public TokenResponse okJson(String json) {
        return new TokenResponse(200, JSON_HEADERS, json);
    }

    /** 200 without a body: what RFC 7009 answers to a revocation request, done or not. */
    public TokenResponse emptyOk() {
        Map<String, String> headers = headers();
        headers.remove("Content-Type");
        return new TokenResponse(200, headers, "");
    }

    private static String errorBody(OAuthError error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", description);
        return write(body);
    }

    /** The headers of a success, made once: a response's headers are immutable. */

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json;charset=UTF-8");
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        return headers;
    }

    private static String write(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a token endpoint response", e);
        }
    }
}
