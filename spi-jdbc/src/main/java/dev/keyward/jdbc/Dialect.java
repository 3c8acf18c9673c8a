package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/** What differs between the supported databases: only how an organization row is created if absent. */
enum Dialect {

    H2("MERGE INTO keyward_organization (organization_id) KEY (organization_id) VALUES (?)"),
    POSTGRESQL("INSERT INTO keyward_organization (organization_id) VALUES (?) ON CONFLICT DO NOTHING");

    private final String insertOrganizationIfAbsent;

    Dialect(String insertOrganizationIfAbsent) {
        this.insertOrganizationIfAbsent = insertOrganizationIfAbsent;
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
