package dev.keyward;

import java.util.Map;
import java.util.Objects;

/**
 * The answer of the {@link TokenEndpoint}, the {@link IntrospectionEndpoint}, the
 * {@link RevocationEndpoint} or {@link GitHubSecretScanning}: send this status, these headers and
 * this body. {@link #toString()} hides the body of a success, which may carry a bearer token. Immutable.
 *
 * @param status  the HTTP status
 * @param headers the response headers, always with {@code Cache-Control: no-store}, and with
 *                {@code Content-Type} whenever there is a body
 * @param body    the JSON body: a token response, an introspection answer, a secret scanning report's
 *                labels, or an error; empty for a revocation's success
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
