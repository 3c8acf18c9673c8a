package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/** What differs between the supported databases: creating an organization row if absent, and purging. */
enum Dialect {

    H2("MERGE INTO keyward_organization (organization_id) KEY (organization_id) VALUES (?)",
            Dialect.PURGE + ")", Dialect.PURGE_REVOCATIONS + ")"),
    // SKIP LOCKED: a purge never waits for a unit of work deleting the same tokens, so the two cannot deadlock.
    POSTGRESQL("INSERT INTO keyward_organization (organization_id) VALUES (?) ON CONFLICT DO NOTHING",
            Dialect.PURGE + " FOR UPDATE SKIP LOCKED)", Dialect.PURGE_REVOCATIONS + " FOR UPDATE SKIP LOCKED)");

    /** Bounded work per call: the subquery picks at most ? expired tokens, oldest expiry first, by index. */
    private static final String PURGE = "DELETE FROM keyward_token WHERE lookup_id IN"
            + " (SELECT lookup_id FROM keyward_token WHERE expires_at <= ? ORDER BY expires_at LIMIT ?";

    /** Bounded in the same way: at most ? records made before ?, oldest first. */
    private static final String PURGE_REVOCATIONS = "DELETE FROM keyward_revocation WHERE sequence IN"
            + " (SELECT sequence FROM keyward_revocation WHERE revoked_at < ? ORDER BY sequence LIMIT ?";

    private final String insertOrganizationIfAbsent;
    private final String purgeRevocations;
    private final String purgeExpiredTokens;

    Dialect(String insertOrganizationIfAbsent, String purgeExpiredTokens, String purgeRevocations) {
        this.purgeRevocations = purgeRevocations;
        this.insertOrganizationIfAbsent = insertOrganizationIfAbsent;
        this.purgeExpiredTokens = purgeExpiredTokens;
    }

    /** Deletes at most the second parameter's number of tokens expired at or before the first. */
    String purgeExpiredTokens() {
        return purgeExpiredTokens;
    }

    /** Deletes at most the second parameter's number of revocation records made before the first. */
    String purgeRevocations() {
        return purgeRevocations;
    }

    /** Inserts the organization row unless it exists; one parameter, the organization id. */
    String insertOrganizationIfAbsent() {
        return insertOrganizationIfAbsent;
    }

    /** The dialect of the database behind this connection. */
    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if ("H2".equalsIgnoreCase(product)) {
            return H2;
        }
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return POSTGRESQL;
        }
        throw new StoreException("unsupported database '" + product + "': Keyward supports H2 and PostgreSQL", null);
    }
}
