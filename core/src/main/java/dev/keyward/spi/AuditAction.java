package dev.keyward.spi;

/** What an audit event records. */
public enum AuditAction {
    CREATE_CONNECTION,
    LIST_CONNECTIONS,
    GET_CONNECTION,
    RENAME_CONNECTION,
    /** A change of a connection's name and/or its allowed IP ranges. */
    UPDATE_CONNECTION,
    REGENERATE_CONNECTION,
    DELETE_CONNECTION,
    ISSUE_TOKEN,
    VERIFY_REQUEST,
    /** An API gateway asked whether a credential is active (RFC 7662); refusals and inactive answers. */
    INTROSPECT_TOKEN,
    /** An OAuth client revoked one of its bearer tokens (RFC 7009). */
    REVOKE_TOKEN,
    /** A secret scanner's report was received; audited when it is refused. */
    RECEIVE_LEAK_REPORT,
    /** A credential reported leaked by a secret scanner was revoked. */
    REVOKE_LEAKED_CREDENTIAL
}
