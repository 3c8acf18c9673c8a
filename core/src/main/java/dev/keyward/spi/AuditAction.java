package dev.keyward.spi;

/** What an audit event records. */
public enum AuditAction {
    CREATE_CONNECTION,
    LIST_CONNECTIONS,
    GET_CONNECTION,
    RENAME_CONNECTION,
    REGENERATE_CONNECTION,
    DELETE_CONNECTION,
    ISSUE_TOKEN,
    VERIFY_REQUEST
}
