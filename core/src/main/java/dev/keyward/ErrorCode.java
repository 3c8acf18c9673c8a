package dev.keyward;

/**
 * Stable codes of the refusals and faults of management calls, each with the HTTP
 * status a host should answer. Codes never change meaning between releases.
 */
public enum ErrorCode {
    /** The input is null, blank, oversized or malformed */
    INVALID_INPUT(400),
    /** The actor may not do this */
    FORBIDDEN(403),
    /** No such connection in this organization. */
    NOT_FOUND(404),
    /** The organization already has its Access Key connections */
    ACCESS_KEY_EXISTS(409),
    /** The organization already has its maximum of M2M OAuth connections */
    OAUTH_LIMIT_REACHED(409),
    /** Another connection of the organization has a name with the same {@link ConnectionNames#key key}. */
    NAME_TAKEN(409),
    /**
     * Every Argon2 turn stayed taken for the configured wait ({@code hashQueueTimeout}); nothing was
     * changed, retry shortly (answer {@code Retry-After}).
     */
    OVERLOADED(503),
    /** The store failed; nothing was changed. */
    STORE_FAILURE(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status a host should answer with. */
    public int httpStatus() {
        return httpStatus;
    }
}
