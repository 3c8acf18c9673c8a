package dev.keyward.spi;

import dev.keyward.DenialCode;
import dev.keyward.ErrorCode;

/**
 * Why an audited action was refused or failed: one vocabulary for management calls, request
 * verification and the token endpoint, so a listener can count and alert on codes without
 * knowing which part of Keyward reported them. Codes keep their meaning between releases; new
 * ones may be added.
 */
public enum AuditCode {
    /** A management call's input was null, blank, oversized or malformed. */
    INVALID_INPUT,
    /** The actor may not do this. */
    FORBIDDEN,
    /** No such connection in the organization. */
    NOT_FOUND,
    /** The organization already has its Access Key connections. */
    ACCESS_KEY_EXISTS,
    /** The organization already has its maximum of M2M OAuth connections. */
    OAUTH_LIMIT_REACHED,
    /** Another connection of the organization has this name. */
    NAME_TAKEN,
    /** A request carried no credential. */
    MISSING_CREDENTIALS,
    /** A request was malformed: repeated or conflicting headers, a malformed value or body. */
    INVALID_REQUEST,
    /** A credential was unknown, wrong, revoked or of the wrong kind. */
    INVALID_CREDENTIALS,
    /**
     * A credential was right but past its expiry (its connection's, or a bearer token's own). The
     * request's answer is the same as for {@link #INVALID_CREDENTIALS}; only the audit tells them apart.
     */
    EXPIRED,
    /** A valid M2M OAuth bearer token was presented on an Event API request. */
    API_FAMILY_FORBIDDEN,
    /**
     * A valid credential was presented from an address outside its connection's allowed IP ranges
     * (or from an unknown address while it has some).
     */
    IP_NOT_ALLOWED,
    /** A token request asked for a grant type other than client credentials. */
    UNSUPPORTED_GRANT_TYPE,
    /** A token request asked for a scope; connections have none. */
    INVALID_SCOPE,
    /** A revocation request named a kind of credential that is revoked by regenerating, not by the client. */
    UNSUPPORTED_TOKEN_TYPE,
    /** A secret scanner's report was not signed by a trusted key. */
    INVALID_SIGNATURE,
    /**
     * A secret scanner's report named a signing key the host does not trust: its signature was not checked.
     * Seen for reports that really come from the scanner, it says the scanner signs with a new key (GitHub
     * rotates the keys it publishes) that the host is still to add; until then every report is refused.
     */
    UNKNOWN_SIGNING_KEY,
    /**
     * No Argon2 turn within the configured wait (or the same credential's first check, under way for another
     * request, did not end within it).
     */
    OVERLOADED,
    /** A valid credential's organization, or an OAuth client at the token endpoint, was past its traffic limit. */
    RATE_LIMITED,
    /** The store failed; nothing was changed. */
    STORE_FAILURE,
    /** Something failed that should not have; the log has the details. */
    INTERNAL_ERROR;

    /** The code of a management refusal or fault. */
    public static AuditCode of(ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT -> INVALID_INPUT;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case ACCESS_KEY_EXISTS -> ACCESS_KEY_EXISTS;
            case OAUTH_LIMIT_REACHED -> OAUTH_LIMIT_REACHED;
            case NAME_TAKEN -> NAME_TAKEN;
            case OVERLOADED -> OVERLOADED;
            case STORE_FAILURE -> STORE_FAILURE;
        };
    }

    /** The code of a request denial; a 503 for a failed store is {@link #STORE_FAILURE}. */
    public static AuditCode of(DenialCode code) {
        return switch (code) {
            case MISSING_CREDENTIALS -> MISSING_CREDENTIALS;
            case INVALID_REQUEST -> INVALID_REQUEST;
            case INVALID_CREDENTIALS -> INVALID_CREDENTIALS;
            case API_FAMILY_FORBIDDEN -> API_FAMILY_FORBIDDEN;
            case IP_NOT_ALLOWED -> IP_NOT_ALLOWED;
            case OVERLOADED -> OVERLOADED;
            case RATE_LIMITED -> RATE_LIMITED;
            case UNAVAILABLE -> STORE_FAILURE;
        };
    }
}
