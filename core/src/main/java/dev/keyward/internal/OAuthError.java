package dev.keyward.internal;

/**
 * The errors the token endpoint answers (RFC 6749 §5.2, plus 503 and 500), each with its HTTP
 * status. {@code invalid_grant} and {@code unauthorized_client} have no case in the client
 * credentials grant, so they are not here.
 */
public enum OAuthError {
    INVALID_REQUEST(400),
    INVALID_CLIENT(401),
    UNSUPPORTED_GRANT_TYPE(400),
    INVALID_SCOPE(400),
    TEMPORARILY_UNAVAILABLE(503),
    SERVER_ERROR(500);

    private final int status;

    OAuthError(int status) {
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The value of the {@code error} member, e.g. {@code invalid_client}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
