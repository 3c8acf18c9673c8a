package dev.keyward.jdbc;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One organization's unit of work on one JDBC connection whose transaction holds the
 * organization's row lock: every method runs its SQL at once, inside that transaction, but for
 * revocations, which are numbered and stored together once the work returned. Remembers whether a
 * statement failed, so that the unit of work is never committed then.
 */
final class JdbcTransaction implements OrganizationTransaction {

    private final Connection jdbc;
    private final Dialect dialect;
    private final OrganizationId organizationId;
    /** Each statement's query timeout, in seconds (0: none). */
    private final int queryTimeout;
    private boolean open = true;
    private RuntimeException failure;
    /** The revocations recorded, numbered and stored once the work returned. */
    private final List<Revocation> revocations = new ArrayList<>();

    JdbcTransaction(Connection jdbc, Dialect dialect, OrganizationId organizationId, int queryTimeout) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.organizationId = organizationId;
        this.queryTimeout = queryTimeout;
    }

    @Override
    public List<StoredConnection> connections() {
        return run("could not list connections", Sql.LIST_CONNECTIONS, statement -> {
            statement.setString(1, organizationId.value());
            return Rows.connections(statement);
        });
    }

    @Override
    public Optional<StoredConnection> find(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return run("could not find connection " + id, Sql.FIND_CONNECTION, statement -> {
            statement.setString(1, organizationId.value());
            statement.setString(2, id.value());
            return Rows.oneConnection(statement);
        });
    }

    @Override
    public void insert(StoredConnection connection) {
        requireThisOrganization(connection);
        run("could not insert connection", Sql.INSERT_CONNECTION, statement -> {
            int i = Rows.bindConnection(statement, connection);
            statement.setString(++i, Rows.allowedIpsColumn(connection));
            return statement.executeUpdate();
        });
    }

    @Override
    public void update(StoredConnection connection) {
        requireThisOrganization(connection);
        ConnectionId id = connection.connection().id();
        int updated = run("could not update connection", Sql.UPDATE_CONNECTION, statement -> {
            int i = Rows.bindConnectionBody(statement, 0, connection);
            statement.setString(++i, connection.nameKey());
            statement.setString(++i, Rows.allowedIpsColumn(connection));
            statement.setString(++i, id.value());
            statement.setString(++i, organizationId.value());
            return statement.executeUpdate();
        });
        if (updated == 0) {
            throw new IllegalArgumentException("connection " + id + " does not exist in " + organizationId);
        }
    }

    @Override
    public void delete(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        deleteTokens(id);
        run("could not delete connection", Sql.DELETE_CONNECTION, statement -> bindIds(statement, id).executeUpdate());
    }

    @Override
    public void insertToken(StoredToken token) {
        if (!token.organizationId().equals(organizationId)) {
            throw new IllegalArgumentException("token must belong to a connection of " + organizationId);
        }
        run("could not insert token", Sql.INSERT_TOKEN, statement -> {
            Rows.bindToken(statement, token);
            return statement.executeUpdate();
        });
    }

    @Override
    public void deleteTokens(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        run("could not delete tokens", Sql.DELETE_TOKENS, statement -> bindIds(statement, id).executeUpdate());
    }

    @Override
    public boolean deleteToken(String lookupId) {
        Objects.requireNonNull(lookupId, "lookupId");
        return run("could not delete token", Sql.DELETE_TOKEN, statement -> {
            statement.setString(1, lookupId);
            statement.setString(2, organizationId.value());
            return statement.executeUpdate();
        }) > 0;
    }

    @Override
    public List<StoredToken> liveTokens(ConnectionId id, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(now, "now");
        return run("could not list the live tokens of " + id, Sql.LIVE_TOKENS, statement -> {
            bindIds(statement, id);
            Rows.setInstant(statement, 3, now);
            return Rows.tokens(statement);
        });
    }

    /**
     * Keeps the record for the end of the unit of work ({@link #recordRevocations}): the numbers are taken
     * there, so the lock that comes with them, which every revoking unit of work of every organization
     * waits for, is held from then until the commit, not for the rest of this unit of work.
     */
    @Override
    public void recordRevocation(Revocation revocation) {
        if (!revocation.organizationId().equals(organizationId)) {
            throw new IllegalArgumentException("revocation must concern a connection of " + organizationId);
        }
        requireUsable("could not record the revocation");
        revocations.add(revocation);
    }

    /**
     * Once the work returned, right before the commit: takes a sequence number for each record kept, in the
     * order they were recorded, in one statement — the row lock that comes with them keeps numbers in commit
     * order until this unit of work ends — inserts the records in one batch, and on PostgreSQL queues one
     * NOTIFY, which the database delivers at commit and drops if the unit of work rolls back.
     */
    void recordRevocations() {
        if (revocations.isEmpty()) {
            return;
        }
        long last = run("could not number the revocations", dialect.numberRevocations(), statement -> {
            statement.setInt(1, revocations.size());
            return Rows.oneLong(statement);
        });
        long first = last - revocations.size() + 1;
        run("could not record the revocations", Sql.INSERT_REVOCATION, statement -> {
            for (int i = 0; i < revocations.size(); i++) {
                Rows.bindRevocation(statement, revocations.get(i).toBuilder().sequence(first + i).build());
                statement.addBatch();
            }
            return statement.executeBatch();
        });
        if (dialect == Dialect.POSTGRESQL) {
            run("could not announce the revocations", RevocationChannel.NOTIFY, statement -> {
                statement.setString(1, RevocationChannel.NAME);
                statement.setString(2, Long.toString(last));
                return statement.execute();
            });
        }
    }

    /** Ends this view: the unit of work is over, whatever its outcome. */
    void close() {
        open = false;
    }

    /** The first failure of a statement of this unit of work, or {@code null}. */
    RuntimeException failure() {
        return failure;
    }

    /** Refuses a call once the unit of work is over, or after one of its statements failed. */
    private void requireUsable(String what) {
        if (!open) {
            throw new IllegalStateException("the unit of work on " + organizationId + " is over");
        }
        if (failure != null) {
            // PostgreSQL refuses every statement after a failed one; say why, the same way on every database.
            throw new StoreException(what + ": an earlier statement of this unit of work failed", failure);
        }
    }

    private PreparedStatement bindIds(PreparedStatement statement, ConnectionId id) throws SQLException {
        statement.setString(1, id.value());
        statement.setString(2, organizationId.value());
        return statement;
    }

    private void requireThisOrganization(StoredConnection connection) {
        if (!connection.connection().organizationId().equals(organizationId)) {
            throw new IllegalArgumentException("connection belongs to another organization than " + organizationId);
        }
    }

    private <T> T run(String what, String sql, Statements.Body<T> body) {
        requireUsable(what);
        try (PreparedStatement statement = Statements.prepare(jdbc, sql, queryTimeout)) {
            return body.apply(statement);
        } catch (SQLException e) {
            failure = SqlFailures.translate(what, e);
            throw failure;
        }
    }
}
