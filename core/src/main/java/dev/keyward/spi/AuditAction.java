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
    VERIFY_REQUEST
}
