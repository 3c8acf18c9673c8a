package dev.keyward.jdbc;

/** Every statement the store runs, except the dialect's and the migrations'. Values are always bound. */
final class Sql {

    static final String CONNECTION_COLUMNS = "connection_id, organization_id, name, authentication_type, created_by,"
            + " created_at, updated_at, hint, client_id, lookup_id, secret_hash, secret_version,"
            + " previous_secret_hash, previous_secret_expires_at, expires_at, leaked_at";

    /** What is read of a connection: every written column, and the time of last use. */
    static final String CONNECTION_READ_COLUMNS = CONNECTION_COLUMNS + ", allowed_ips, last_used_at";

    static final String TOKEN_COLUMNS = "lookup_id, organization_id, connection_id, token_hash, issued_at, expires_at";

    static final String FIND_CONNECTION = "SELECT " + CONNECTION_READ_COLUMNS
            + " FROM keyward_connection WHERE organization_id = ? AND connection_id = ?";

    static final String LIST_CONNECTIONS = "SELECT " + CONNECTION_READ_COLUMNS
            + " FROM keyward_connection WHERE organization_id = ?";

    static final String FIND_CONNECTION_BY_LOOKUP_ID = "SELECT " + CONNECTION_READ_COLUMNS
            + " FROM keyward_connection WHERE lookup_id = ?";

    static final String FIND_TOKEN = "SELECT " + TOKEN_COLUMNS + " FROM keyward_token WHERE lookup_id = ?";

    /** A token and its connection in one read: the bearer token's cold path. Token columns first, then the connection's. */
    static final String FIND_OWNED_TOKEN = "SELECT t.lookup_id, t.organization_id, t.connection_id, t.token_hash,"
            + " t.issued_at, t.expires_at, c.connection_id, c.organization_id, c.name, c.authentication_type,"
            + " c.created_by, c.created_at, c.updated_at, c.hint, c.client_id, c.lookup_id, c.secret_hash,"
            + " c.secret_version, c.previous_secret_hash, c.previous_secret_expires_at, c.expires_at, c.leaked_at,"
            + " c.allowed_ips,"
            + " c.last_used_at"
            + " FROM keyward_token t JOIN keyward_connection c"
            + " ON c.connection_id = t.connection_id AND c.organization_id = t.organization_id WHERE t.lookup_id = ?";

    static final String LOCK_ORGANIZATION =
            "SELECT organization_id FROM keyward_organization WHERE organization_id = ? FOR UPDATE";

    static final String INSERT_CONNECTION = "INSERT INTO keyward_connection (" + CONNECTION_COLUMNS
            + ", name_key, allowed_ips) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String UPDATE_CONNECTION = "UPDATE keyward_connection SET name = ?, authentication_type = ?,"
            + " created_by = ?, created_at = ?, updated_at = ?, hint = ?, client_id = ?, lookup_id = ?,"
            + " secret_hash = ?, secret_version = ?, previous_secret_hash = ?, previous_secret_expires_at = ?,"
            + " expires_at = ?, leaked_at = ?, name_key = ?, allowed_ips = ? WHERE connection_id = ? AND organization_id = ?";

    /** Sets the time of last use unless a later one is recorded; never part of a unit of work. */
    static final String RECORD_LAST_USE = "UPDATE keyward_connection SET last_used_at = ?"
            + " WHERE connection_id = ? AND organization_id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

    static final String DELETE_CONNECTION =
            "DELETE FROM keyward_connection WHERE connection_id = ? AND organization_id = ?";

    static final String INSERT_TOKEN = "INSERT INTO keyward_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

    static final String DELETE_TOKENS =
            "DELETE FROM keyward_token WHERE connection_id = ? AND organization_id = ?";

    /** A connection's tokens that have not expired, served by the index on connection_id; {@link Rows#tokens} sorts them. */
    static final String LIVE_TOKENS = "SELECT " + TOKEN_COLUMNS + " FROM keyward_token"
            + " WHERE connection_id = ? AND organization_id = ? AND expires_at > ?";
    static final String DELETE_TOKEN = "DELETE FROM keyward_token WHERE lookup_id = ? AND organization_id = ?";

    static final String LATEST_REVOCATION = "SELECT last_sequence FROM keyward_revocation_sequence WHERE id = 0";

    static final String REVOCATION_COLUMNS =
            "sequence, organization_id, connection_id, connection_lookup_id, token_lookup_id, revoked_at";

    static final String INSERT_REVOCATION = "INSERT INTO keyward_revocation (" + REVOCATION_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?)";

    static final String REVOCATIONS_AFTER = "SELECT " + REVOCATION_COLUMNS
            + " FROM keyward_revocation WHERE sequence > ? ORDER BY sequence LIMIT ?";

    private Sql() {
    }
}
