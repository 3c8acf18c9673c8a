package dev.keyward;

import java.util.Map;
import java.util.Objects;

/**
 * The answer of the {@link TokenEndpoint}: send this status, these headers and this body.
 * {@link #toString()} hides the body of a success, which carries a bearer token. Immutable.
 *
 * @param status  the HTTP status
 * @param headers the response headers, always with {@code Content-Type}, {@code Cache-Control: no-store}
 *                and {@code Pragma: no-cache}
 * @param body    the JSON body: the token response or an RFC 6749 §5.2 error
 */
public record TokenResponse(int status, Map<String, String> headers, String body) {

    public TokenResponse {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "TokenResponse[status=" + status + ", headers=" + headers + ", body="
                + (status == 200 ? "(token response)" : body) + "]";
    }
}
