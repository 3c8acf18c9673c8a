package dev.keyward;

/**
 * Why a request was denied, stably: each code keeps its meaning, HTTP status and challenge
 * between releases. An unknown key, a wrong secret, a revoked or expired credential and a
 * credential of the wrong kind all give {@link #INVALID_CREDENTIALS}, so a denial never tells
 * which: a denial is no oracle for guessing credentials.
 *
 * <table>
 *   <caption>Codes</caption>
 *   <tr><th>code</th><th>status</th><th>{@code WWW-Authenticate}</th><th>when</th></tr>
 *   <tr><td>{@code MISSING_CREDENTIALS}</td><td>401</td><td>{@code Bearer realm="…"}</td>
 *       <td>neither an access key header nor an {@code Authorization: Bearer} header</td></tr>
 *   <tr><td>{@code INVALID_REQUEST}</td><td>400</td><td>{@code Bearer realm="…", error="invalid_request"}</td>
 *       <td>both credentials at once, a repeated header, an empty, oversized or malformed value</td></tr>
 *   <tr><td>{@code INVALID_CREDENTIALS}</td><td>401</td><td>{@code Bearer realm="…", error="invalid_token"}</td>
 *       <td>a well-formed value that is not a currently valid credential of the expected kind</td></tr>
 *   <tr><td>{@code API_FAMILY_FORBIDDEN}</td><td>403</td>
 *       <td>{@code Bearer realm="…", error="insufficient_scope"}</td>
 *       <td>a valid M2M OAuth bearer token on an Event API request</td></tr>
 *   <tr><td>{@code IP_NOT_ALLOWED}</td><td>403</td><td>none</td>
 *       <td>a valid credential presented from an address outside its connection's allowed IP ranges,
 *       or from an unknown address when the connection has any</td></tr>
 *   <tr><td>{@code RATE_LIMITED}</td><td>429</td><td>none ({@code Retry-After}, {@code RateLimit-Policy},
 *       {@code RateLimit})</td>
 *       <td>a valid credential whose organization is past its rate or daily quota</td></tr>
 *   <tr><td>{@code OVERLOADED}</td><td>503</td><td>none ({@code Retry-After: 1})</td>
 *       <td>no Argon2 turn within the configured wait (or the same credential's first check, under way for
 *       another request, did not end within it)</td></tr>
 *   <tr><td>{@code UNAVAILABLE}</td><td>503</td><td>none ({@code Retry-After: 1})</td>
 *       <td>the store failed while the credential was checked</td></tr>
 * </table>
 */
public enum DenialCode {
    MISSING_CREDENTIALS(401, "Unauthorized"),
    INVALID_REQUEST(400, "Bad request"),
    INVALID_CREDENTIALS(401, "Unauthorized"),
    API_FAMILY_FORBIDDEN(403, "Forbidden"),
    IP_NOT_ALLOWED(403, "Client address not allowed"),
    OVERLOADED(503, "Service unavailable"),
    RATE_LIMITED(429, "Too many requests"),
    UNAVAILABLE(503, "Service unavailable");

    private final int httpStatus;
    private final String description;

    DenialCode(int httpStatus, String description) {
        this.httpStatus = httpStatus;
        this.description = description;
    }

    /** The HTTP status to answer with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** A short, stable, human-readable description that tells nothing about the credential. */
    public String description() {
        return description;
    }
}
