package dev.keyward.jdbc;

import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between the supported databases: creating an organization row if absent, locking it within
 * a timeout, purging, and taking revocation numbers.
 */
enum Dialect {

    H2("MERGE INTO keyward_organization (organization_id) KEY (organization_id) VALUES (?)",
            Dialect.PURGE + ")", Dialect.PURGE_REVOCATIONS + ")" + Dialect.PURGE_REVOCATIONS_END,
            "SELECT last_sequence FROM FINAL TABLE (" + Dialect.TAKE_NUMBERS + ")"),
    // SKIP LOCKED: a purge never waits for a unit of work deleting the same tokens, so the two cannot deadlock.
    // The log's records are locked by purges alone, and a purge that skipped the records another one holds
    // could take records behind one not old enough: it waits instead, and then reads the log as that one left it.
    POSTGRESQL("INSERT INTO keyward_organization (organization_id) VALUES (?) ON CONFLICT DO NOTHING",
            Dialect.PURGE + " FOR UPDATE SKIP LOCKED)",
            Dialect.PURGE_REVOCATIONS + " FOR UPDATE)" + Dialect.PURGE_REVOCATIONS_END,
            Dialect.TAKE_NUMBERS + " RETURNING last_sequence");

    /**
     * Takes the next ? sequence numbers, and the row lock that keeps numbers in commit order until the unit of
     * work commits: a rolled-back one gives its numbers back.
     */
    private static final String TAKE_NUMBERS =
            "UPDATE keyward_revocation_sequence SET last_sequence = last_sequence + ? WHERE id = 0";

    /** Bounded work per call: the subquery picks at most ? expired tokens, oldest expiry first, by index. */
    private static final String PURGE = "DELETE FROM keyward_token WHERE lookup_id IN"
            + " (SELECT lookup_id FROM keyward_token WHERE expires_at <= ? ORDER BY expires_at LIMIT ?";

    /**
     * Bounded in the same way, and only ever the start of the log: of its first ? records by sequence,
     * the latest record excepted, those before the first one not made before ?. Each record carries the clock of the node that
     * revoked, so a record may be stamped earlier than one committed before it; committed later, it is
     * no older, and nodes may not have read it yet. The head (a subquery the dialect closes, locking it
     * or not) is read once, and a running maximum marks each record that has one not old enough at or
     * before it.
     */
    private static final String PURGE_REVOCATIONS = "DELETE FROM keyward_revocation WHERE sequence IN"
            + " (SELECT sequence FROM (SELECT sequence,"
            + " MAX(CASE WHEN revoked_at < ? THEN 0 ELSE 1 END) OVER (ORDER BY sequence) AS young_so_far"
            + " FROM (SELECT sequence, revoked_at FROM keyward_revocation"
            + " WHERE sequence < (SELECT MAX(sequence) FROM keyward_revocation) ORDER BY sequence LIMIT ?";
    private static final String PURGE_REVOCATIONS_END = " head) marked WHERE young_so_far = 0)";

    private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,6})");

    private final String insertOrganizationIfAbsent;
    private final String purgeRevocations;
    private final String purgeExpiredTokens;
    private final String numberRevocations;

    Dialect(String insertOrganizationIfAbsent, String purgeExpiredTokens, String purgeRevocations,
            String numberRevocations) {
        this.numberRevocations = numberRevocations;
        this.purgeRevocations = purgeRevocations;
        this.insertOrganizationIfAbsent = insertOrganizationIfAbsent;
        this.purgeExpiredTokens = purgeExpiredTokens;
    }

    /**
     * Takes as many sequence numbers as its parameter says, in one statement, answering the last of them; the
     * row lock that comes with them is held until the unit of work ends.
     */
    String numberRevocations() {
        return numberRevocations;
    }

    /** Deletes at most the second parameter's number of tokens expired at or before the first. */
    String purgeExpiredTokens() {
        return purgeExpiredTokens;
    }

    /**
     * Deletes at most the second parameter's number of revocation records made before the first, from
     * the start of the log up to the first record not made before it, never the latest record.
     */
    String purgeRevocations() {
        return purgeRevocations;
    }

    /**
     * Locks the organization's row ({@link Sql#LOCK_ORGANIZATION}), waiting for it at most {@code waitSeconds}
     * (0: as long as the database lets it). H2 does not end a wait for a row lock at a statement's query timeout,
     * only at its session's {@code LOCK_TIMEOUT}, so there the statement says how long it waits (see
     * {@link #waitsForLocksWithin}); on PostgreSQL the query timeout ends the wait, and 0 is given.
     */
    String lockOrganization(int waitSeconds) {
        return this == H2 && waitSeconds > 0 ? Sql.LOCK_ORGANIZATION + " WAIT " + waitSeconds : Sql.LOCK_ORGANIZATION;
    }

    /**
     * Whether a lock statement can say how long it waits ({@code FOR UPDATE WAIT n}): H2 from 2.2.220 on. Earlier
     * H2 2.x refuses the clause, and its lock waits end at its {@code LOCK_TIMEOUT} alone; PostgreSQL needs none.
     */
    boolean waitsForLocksWithin(DatabaseMetaData database) throws SQLException {
        return this == H2 && h2WaitsForLocks(database.getDatabaseProductVersion());
    }

    /** Whether an H2 of this product version ({@code "2.5.252 (2025-08-20)"}) knows {@code FOR UPDATE WAIT n}. */
    static boolean h2WaitsForLocks(String productVersion) {
        Matcher version = VERSION.matcher(productVersion == null ? "" : productVersion);
        if (!version.lookingAt()) {
            return false;
        }
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        int build = Integer.parseInt(version.group(3));
        return major > 2 || major == 2 && (minor > 2 || minor == 2 && build >= 220);
    }

    /**
     * The query timeout to give each statement, for a store timeout of {@code timeoutSeconds}: on PostgreSQL that,
     * which bounds the statement alone; on H2 none (0), as H2 sets a query timeout on the whole session, where it
     * would stay and bound the host's own statements on a pooled connection. There the organization's lock is
     * asked for with a wait of its own ({@link #lockOrganization}), and H2's other waits end at its
     * {@code LOCK_TIMEOUT}.
     */
    int queryTimeout(int timeoutSeconds) {
        return this == H2 ? 0 : timeoutSeconds;
    }

    /** Inserts the organization row unless it exists; one parameter, the organization id. */
    String insertOrganizationIfAbsent() {
        return insertOrganizationIfAbsent;
    }

    /**
     * Refuses a database that compares the store's text without case: H2 opened with {@code IGNORECASE=TRUE} creates
     * every text column so, and a collation of primary strength makes every comparison so. Organizations whose ids
     * differ only in case ({@code tenantAb}, {@code tenantaB}) would then read each other's connections and share one
     * access key and one count of OAuth connections, and lookup ids would name other credentials. Checked in the
     * session (a text value compared as a new column's would be) and, once the schema exists, in the type of each of
     * its text columns, resolved as the store's own statements resolve them (schema search path, lower-case names).
     *
     * A connection lent with auto-commit off is given back with the check's reads rolled back, so that no snapshot
     * of them stays behind for the store's or the host's next statements.
     *
     * @return whether the schema's tables were there to check (until they are, the check is to run again)
     * @throws StoreException naming the setting, when text compares without case
     */
    boolean requireTextComparesWithCase(Connection connection) throws SQLException {
        if (this != H2) {
            return true;
        }
        boolean autoCommit = connection.getAutoCommit();
        try {
            try (Statement statement = connection.createStatement();
                    ResultSet compared = statement.executeQuery("SELECT CAST('a' AS VARCHAR(1)) = 'A'")) {
                if (compared.next() && compared.getBoolean(1)) {
                    throw caseless("this H2 database compares text without case (IGNORECASE=TRUE, or a collation of"
                            + " primary strength)");
                }
            }
            boolean seen = true;
            for (String table : TABLES) {
                seen &= requireColumnsCompareWithCase(connection, table);
            }
            return seen;
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }

    /** Refuses the table if a column of it compares without case; false when the table is not created yet. */
    private static boolean requireColumnsCompareWithCase(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet columns = statement.executeQuery("SELECT * FROM " + table + " WHERE FALSE")) {
            ResultSetMetaData types = columns.getMetaData();
            for (int column = 1; column <= types.getColumnCount(); column++) {
                if (types.getColumnTypeName(column).toUpperCase(Locale.ROOT).contains("IGNORECASE")) {
                    throw caseless("the Keyward schema compares text without case (its H2 database was created"
                            + " with IGNORECASE=TRUE)");
                }
            }
            return true;
        } catch (SQLException e) {
            // Not created yet (H2's "not found", with or without candidates, or in an empty database).
            if (!List.of("42S02", "42S03", "42S04").contains(e.getSQLState())) {
                throw e;
            }
            return false;
        }
    }

    /** The tables whose text must compare with case. */
    private static final List<String> TABLES = List.of("keyward_organization", "keyward_connection", "keyward_token",
            "keyward_revocation");

    private static StoreException caseless(String what) {
        return new StoreException(what + ": organizations whose ids differ only in case would be one, and lookup"
                + " ids would name other credentials; use a database without it", null);
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
