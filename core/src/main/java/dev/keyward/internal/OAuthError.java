package dev.keyward.internal;

import dev.keyward.spi.AuditCode;

/**
 * The errors the OAuth endpoints answer (RFC 6749 §5.2, RFC 7009 §2.2.1, plus 429, 503 and 500), each
 * with its HTTP status. {@code invalid_grant} has no case in the client credentials grant, so it is not
 * here; {@code unauthorized_client} is a client that authenticated but may not be given a token from
 * where it asks.
 */
public enum OAuthError {
    INVALID_REQUEST(400, AuditCode.INVALID_REQUEST),
    INVALID_CLIENT(401, AuditCode.INVALID_CREDENTIALS),
    UNSUPPORTED_GRANT_TYPE(400, AuditCode.UNSUPPORTED_GRANT_TYPE),
    INVALID_SCOPE(400, AuditCode.INVALID_SCOPE),
    UNAUTHORIZED_CLIENT(400, AuditCode.IP_NOT_ALLOWED),
    /** Too many token requests from one client: 429, named as RFC 8628 names "poll less often". */
    SLOW_DOWN(429, AuditCode.RATE_LIMITED),
    /** RFC 7009 §2.2.1: the revocation endpoint does not revoke this kind of credential. */
    UNSUPPORTED_TOKEN_TYPE(400, AuditCode.UNSUPPORTED_TOKEN_TYPE),
    TEMPORARILY_UNAVAILABLE(503, AuditCode.OVERLOADED),
    SERVER_ERROR(500, AuditCode.STORE_FAILURE);

    private final int status;
    private final AuditCode auditCode;

    OAuthError(int status, AuditCode auditCode) {
        this.status = status;
        this.auditCode = auditCode;
    }

    /** The audit code of this error when nothing more precise is known. */
    public AuditCode auditCode() {
        return auditCode;
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
