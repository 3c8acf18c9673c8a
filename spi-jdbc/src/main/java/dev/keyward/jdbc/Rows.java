package dev.keyward.jdbc;

import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.IpAllowlist;
import dev.keyward.OrganizationId;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Binds records to statements and reads them back from result sets, column by column in {@link Sql}'s order. */
final class Rows {

    private Rows() {
    }

    /** Binds the columns of {@link Sql#CONNECTION_COLUMNS}, then name_key, from 1. */
    static int bindConnection(PreparedStatement statement, StoredConnection stored) throws SQLException {
        Connection c = stored.connection();
        int i = 0;
        statement.setString(++i, c.id().value());
        statement.setString(++i, c.organizationId().value());
        i = bindConnectionBody(statement, i, stored);
        statement.setString(++i, stored.nameKey());
        return i;
    }

    /** Binds every column after the two keys, as {@link Sql#UPDATE_CONNECTION} lists them, after index {@code i}. */
    static int bindConnectionBody(PreparedStatement statement, int i, StoredConnection stored) throws SQLException {
        Connection c = stored.connection();
        statement.setString(++i, c.name());
        statement.setString(++i, c.authenticationType().name());
        statement.setString(++i, c.createdBy());
        setInstant(statement, ++i, c.createdAt());
        setInstant(statement, ++i, c.updatedAt());
        statement.setString(++i, c.hint());
        statement.setString(++i, c.clientId());
        statement.setString(++i, stored.lookupId());
        statement.setString(++i, stored.secretHash());
        statement.setLong(++i, stored.secretVersion());
        statement.setString(++i, stored.previousSecretHash());
        setInstant(statement, ++i, stored.previousSecretExpiresAt());
        setInstant(statement, ++i, c.expiresAt());
        setInstant(statement, ++i, c.leakedAt());
        return i;
    }

    static void bindToken(PreparedStatement statement, StoredToken token) throws SQLException {
        statement.setString(1, token.lookupId());
        statement.setString(2, token.organizationId().value());
        statement.setString(3, token.connectionId().value());
        statement.setString(4, token.tokenHash());
        setInstant(statement, 5, token.issuedAt());
        setInstant(statement, 6, token.expiresAt());
    }

    /** Runs the query and reads every connection it returns, oldest first. */
    static List<StoredConnection> connections(PreparedStatement query) throws SQLException {
        List<StoredConnection> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(connection(rows));
            }
        }
        result.sort(StoredConnection.OLDEST_FIRST);
        return List.copyOf(result);
    }

    static Optional<StoredConnection> oneConnection(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? Optional.of(connection(rows)) : Optional.empty();
        }
    }

    /** Runs a query of one row and one number. */
    static long oneLong(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("expected one row", "02000");
            }
            return rows.getLong(1);
        }
    }

    static Optional<StoredToken> oneToken(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? Optional.of(token(rows)) : Optional.empty();
        }
    }

    /**
     * Runs the query and reads every token it returns, oldest first. Sorted here, as connections are:
     * the database would order lookup ids by its collation, which may ignore case.
     */
    static List<StoredToken> tokens(PreparedStatement query) throws SQLException {
        List<StoredToken> tokens = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tokens.add(token(rows));
            }
        }
        tokens.sort(OrganizationTransaction.OLDEST_TOKEN_FIRST);
        return tokens;
    }

    /** Runs {@link Sql#FIND_OWNED_TOKEN} and reads the token and its connection. */
    static Optional<OwnedToken> oneOwnedToken(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? Optional.of(OwnedToken.of(token(rows), connection(rows, 6))) : Optional.empty();
        }
    }

    private static StoredConnection connection(ResultSet rows) throws SQLException {
        return connection(rows, 0);
    }

    /** The connection whose columns follow column {@code at}, in {@link Sql#CONNECTION_READ_COLUMNS}' order. */
    private static StoredConnection connection(ResultSet rows, int at) throws SQLException {
        return StoredConnection.builder().id(ConnectionId.of(rows.getString(at + 1)))
                .organizationId(OrganizationId.of(rows.getString(at + 2))).name(rows.getString(at + 3))
                .authenticationType(AuthenticationType.valueOf(rows.getString(at + 4)))
                .createdBy(rows.getString(at + 5)).createdAt(instant(rows, at + 6)).updatedAt(instant(rows, at + 7))
                .hint(rows.getString(at + 8)).clientId(rows.getString(at + 9)).lookupId(rows.getString(at + 10))
                .secretHash(rows.getString(at + 11)).secretVersion(rows.getLong(at + 12))
                .previousSecret(rows.getString(at + 13), instant(rows, at + 14))
                .expiresAt(instant(rows, at + 15)).leakedAt(instant(rows, at + 16))
                .allowedIps(allowedIps(rows.getString(at + 17))).lastUsedAt(instant(rows, at + 18))
                .build();
    }

    /** The allowed_ips column: the canonical ranges, comma-separated; empty for any address. */
    static String allowedIpsColumn(StoredConnection stored) {
        return String.join(",", stored.connection().allowedIps().toStrings());
    }

    /** The ranges as {@link #allowedIpsColumn} wrote them, canonical and comma-separated; empty for any address. */
    private static IpAllowlist allowedIps(String column) {
        return column == null || column.isEmpty() ? IpAllowlist.any() : IpAllowlist.parse(Arrays.asList(column.split(",")));
    }

    private static StoredToken token(ResultSet rows) throws SQLException {
        return StoredToken.builder().lookupId(rows.getString(1)).organizationId(OrganizationId.of(rows.getString(2)))
                .connectionId(ConnectionId.of(rows.getString(3))).tokenHash(rows.getString(4))
                .issuedAt(instant(rows, 5)).expiresAt(instant(rows, 6)).build();
    }

    static void bindRevocation(PreparedStatement statement, Revocation revocation) throws SQLException {
        statement.setLong(1, revocation.sequence());
        statement.setString(2, revocation.organizationId().value());
        statement.setString(3, revocation.connectionId().value());
        statement.setString(4, revocation.connectionLookupId());
        statement.setString(5, revocation.tokenLookupId());
        setInstant(statement, 6, revocation.revokedAt());
    }

    /** Runs the query and reads the revocation records it returns, in its order. */
    static List<Revocation> revocations(PreparedStatement query) throws SQLException {
        List<Revocation> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(Revocation.builder().sequence(rows.getLong(1))
                        .organizationId(OrganizationId.of(rows.getString(2)))
                        .connectionId(ConnectionId.of(rows.getString(3))).connectionLookupId(rows.getString(4))
                        .tokenLookupId(rows.getString(5)).revokedAt(instant(rows, 6)).build());
            }
        }
        return List.copyOf(result);
    }

    /**
     * Binds an instant as TIMESTAMP WITH TIME ZONE. The SPI's records hold microseconds at most, the
     * precision both databases keep, so neither database's rounding ever applies.
     */
    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Instant instant(ResultSet rows, int index) throws SQLException {
        OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
