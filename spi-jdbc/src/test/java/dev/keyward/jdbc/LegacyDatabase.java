package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ConnectionNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * A database at an earlier schema version, filled as the store of that version filled it: at
 * version 1, each name key is the name in lower case under {@link Locale#ROOT}, and Access Key rows
 * carry the backstop column; at a later version, the name key is what that version computed.
 */
final class LegacyDatabase {

    static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

    private static final UnaryOperator<String> VERSION_ONE_KEY = name -> name.toLowerCase(Locale.ROOT);

    private final DataSource dataSource;
    private final UnaryOperator<String> key;
    private final Map<String, String> inserted = new LinkedHashMap<>();
    private int rows;

    private LegacyDatabase(DataSource dataSource, UnaryOperator<String> key) {
        this.dataSource = dataSource;
        this.key = key;
    }

    /** A fresh database of this kind, migrated to version 1 only. */
    static LegacyDatabase fresh(Database database, String name) {
        return fresh(database, name, 1, VERSION_ONE_KEY);
    }

    /** A fresh database of this kind at {@code version} only; its rows take their name key from {@code key}. */
    static LegacyDatabase fresh(Database database, String name, int version, UnaryOperator<String> key) {
        DataSource dataSource = database.fresh(name);
        try (Connection jdbc = dataSource.getConnection()) {
            Migrations.migrate(dataSource, Dialect.of(jdbc), version);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new LegacyDatabase(dataSource, key);
    }

    /** A database some other tool brought to version 1. */
    static LegacyDatabase existing(DataSource dataSource) {
        return existing(dataSource, VERSION_ONE_KEY);
    }

    /** A database some other tool brought to a version whose rows take their name key from {@code key}. */
    static LegacyDatabase existing(DataSource dataSource, UnaryOperator<String> key) {
        return new LegacyDatabase(dataSource, key);
    }

    /** The names inserted, by connection id. */
    Map<String, String> inserted() {
        return inserted;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Inserts a connection as its version did, created one minute after the one inserted before; returns its id. */
    String insert(String organization, String name, boolean accessKey) {
        return insert(organization, name, accessKey, UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$aGFzaA", "kwak_...abcd");
    }

    /** Inserts a connection as its version did, with the lookup id, hash and hint of a real secret; returns its id. */
    String insert(String organization, String name, boolean accessKey, String lookupId, String hash, String hint) {
        String id = String.format("c%02d-%s", ++rows, UUID.randomUUID());
        OffsetDateTime at = OffsetDateTime.ofInstant(T0.plusSeconds(60L * rows), ZoneOffset.UTC);
        try (Connection jdbc = dataSource.getConnection()) {
            insertOrganizationIfAbsent(jdbc, organization);
            try (PreparedStatement row = jdbc.prepareStatement("INSERT INTO keyward_connection (connection_id,"
                    + " organization_id, name, name_key, authentication_type, access_key_organization_id, created_by,"
                    + " created_at, updated_at, hint, client_id, lookup_id, secret_hash, secret_version)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'tester', ?, ?, ?, ?, ?, ?, 1)")) {
                row.setString(1, id);
                row.setString(2, organization);
                row.setString(3, name);
                row.setString(4, key.apply(name));
                row.setString(5, accessKey ? "ACCESS_KEY" : "OAUTH");
                row.setString(6, accessKey ? organization : null);
                row.setObject(7, at);
                row.setObject(8, at);
                row.setString(9, hint);
                row.setString(10, accessKey ? null : "kwci_" + lookupId);
                row.setString(11, lookupId);
                row.setString(12, hash);
                row.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert a row as an earlier version did", e);
        }
        inserted.put(id, name);
        return id;
    }

    private static void insertOrganizationIfAbsent(Connection jdbc, String organization) throws SQLException {
        try (PreparedStatement query = jdbc.prepareStatement(
                "SELECT COUNT(*) FROM keyward_organization WHERE organization_id = ?")) {
            query.setString(1, organization);
            try (ResultSet count = query.executeQuery()) {
                count.next();
                if (count.getInt(1) > 0) {
                    return;
                }
            }
        }
        try (PreparedStatement insert = jdbc.prepareStatement(
                "INSERT INTO keyward_organization (organization_id) VALUES (?)")) {
            insert.setString(1, organization);
            insert.executeUpdate();
        }
    }

    /** Every row holds the name {@code expected} gives its id, in this order, and the key of that name. */
    void assertNamesAndTheirKeys(Map<String, String> expected) {
        Map<String, String[]> rows = namesAndKeys();
        assertThat(rows.keySet()).containsExactlyElementsOf(expected.keySet());
        rows.forEach((id, nameAndKey) -> {
            assertThat(nameAndKey[0]).as(id).isEqualTo(expected.get(id));
            assertThat(nameAndKey[1]).as(id).isEqualTo(ConnectionNames.key(nameAndKey[0]));
        });
    }

    /** Every connection id with its name and name key as stored, by id. */
    Map<String, String[]> namesAndKeys() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (Connection jdbc = dataSource.getConnection();
                PreparedStatement query = jdbc.prepareStatement(
                        "SELECT connection_id, name, name_key FROM keyward_connection ORDER BY connection_id");
                ResultSet result = query.executeQuery()) {
            while (result.next()) {
                rows.put(result.getString(1), new String[] {result.getString(2), result.getString(3)});
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
