package dev.keyward.jdbc;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.LastUse;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.RevocationWatch;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The {@link KeywardStore} for deployments where many application nodes share one H2 2.x or
 * PostgreSQL 14+ database, through the host's {@link DataSource}. Thread-safe.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.create(dataSource);
 * store.migrate();   // once at start-up, or apply the SQL files with your own migration tool
 * Keyward keyward = Keyward.builder().store(store).build();
 * }</pre>
 *
 * <p>Pool-agnostic: the store holds no connection and no pool of its own; it borrows a
 * connection from the data source for each call and gives it back as it came (auto-commit
 * and isolation restored). A unit of work ({@link #inOrganization}) is one transaction at READ
 * COMMITTED that first locks the organization's row ({@code SELECT … FOR UPDATE}), so units of
 * work on one organization run one at a time across every process. Each write outside one (a
 * purge, a record of last use) is a transaction of its own at READ COMMITTED too, committed before
 * the connection goes back, so a pool may lend connections with auto-commit off. Unique constraints
 * back the rules up: a write that would take a name key or a lookup id twice fails with a neutral
 * {@link dev.keyward.spi.StoreConflictException}, and core decides which refusal that is. Limits
 * (how many Access Key or M2M OAuth connections) are core's settings alone: the schema holds none.
 * Every other database failure is a {@link StoreException} saying what could not be done; its
 * cause keeps the SQLState but not the driver's message, which may quote bound values.
 *
 * <p>Revocations (regenerate, delete, token revocation) are recorded in a log in the unit of work
 * that makes them, numbered in commit order. Other nodes poll the log; on PostgreSQL, with
 * {@link Builder#pushConnections}, a {@code NOTIFY} at commit wakes every node within milliseconds
 * instead. The listening connection is the node's own, never one of the host's pool; it waits with a
 * finite timeout, is checked when quiet, and is reopened when lost, the node polling meanwhile and
 * catching up from the log once listening again. Closing the Keyward instance closes it.
 *
 * <p>The schema is versioned SQL on the class path under {@code dev/keyward/jdbc/migration/}
 * ({@code V1__keyward_schema.sql}, …), plus a Java step for versions 2 and 7
 * ({@link #recomputeNameKeys}); {@link #migrate()} applies both. On H2, configure a lock
 * timeout ({@code LOCK_TIMEOUT}, milliseconds) longer than units of work may queue for: units of work
 * that revoke take their numbers one at a time, and H2 ends that wait at its lock timeout only.
 *
 * <p>On PostgreSQL every statement run while serving — a read, a unit of work's lock and statements, a
 * purge — may take at most {@link Builder#statementTimeout} (default 10 seconds): past it the driver
 * cancels it, the unit of work rolls back, and the caller gets a {@link StoreException} (a request being
 * checked, a store failure: 503). So a statement waiting behind a lock another transaction holds, or on
 * a database that stopped answering, keeps no request thread waiting for longer. A cancellation travels
 * to the database on a connection of its own: where the network itself went silent, only the driver's
 * socket timeout ends the wait (pgjdbc's {@code socketTimeout}, set on the host's data source). On H2,
 * where a query timeout would stay on the host's pooled session, only the organization's lock is asked
 * for within it ({@code FOR UPDATE WAIT n}, H2 2.2.220 and later); H2's other waits end at its own
 * {@code LOCK_TIMEOUT}. Commits, {@code SET TRANSACTION} and the schema's migration have no such bound.
 */
public final class JdbcStore implements KeywardStore {

    private final DataSource dataSource;
    private final DataSource pushConnections;
    private final int timeoutSeconds;
    private final Statements statements;
    private volatile Dialect dialect;
    /** How long a unit of work asks to wait for its organization's lock, where the statement says so (H2). */
    private volatile int lockWaitSeconds;
    /** Whether the database, its tables there, was found to compare text with case. */
    private volatile boolean textChecked;

    private JdbcStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.pushConnections = builder.pushConnections;
        this.timeoutSeconds = (int) builder.statementTimeout.toSeconds();
        this.statements = new Statements(dataSource, timeoutSeconds);
    }

    /** A store over this data source with every default. Touches no database until first used. */
    public static JdbcStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a store over this data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates or upgrades the schema to the version this library needs; call it once at start-up,
     * unless your own migration tool applies the SQL files. Idempotent, and safe when several
     * processes call it at once: they take turns, and all but the first find nothing to do. On
     * H2 it uses two connections at once.
     *
     * @return the schema version now in place
     * @throws StoreException when the schema could not be migrated, or its database compares text without case
     *         (H2 with {@code IGNORECASE=TRUE} or a collation of primary strength: refused, as at the store's first
     *         use)
     */
    public int migrate() {
        int version = Migrations.migrate(dataSource, dialect());
        // The tables are there now, made in this database: their text is checked as they are.
        textChecked = false;
        dialect();
        return version;
    }

    /**
     * The Java step of schema versions 2 and 7, for teams that apply the SQL files with their own
     * migration tool instead of {@link #migrate()}: run it on that tool's connection right after
     * {@code V2__name_keys_and_no_access_key_constraint.sql} and again right after
     * {@code V7__name_keys_recomputed.sql}, before any node of this version serves. It recomputes
     * every name key with {@link dev.keyward.ConnectionNames#key}; where two names of one
     * organization now collide, the oldest connection keeps its name and each newer one is renamed
     * {@code "<name> (2)"}, {@code "<name> (3)"}, … (first free number, the name shortened to stay
     * within 100 characters and its key within 400 UTF-16 units), with a WARN line naming both
     * connections. Runs in the connection's transaction, or in one of its own when auto-commit is
     * on. Idempotent.
     *
     * @throws StoreException when the keys could not be recomputed; nothing is changed then
     */
    public static void recomputeNameKeys(Connection jdbc) {
        Objects.requireNonNull(jdbc, "jdbc");
        try {
            Migrations.inOneTransaction(jdbc, () -> NameKeys.recompute(jdbc));
        } catch (SQLException e) {
            throw SqlFailures.storeFailure("could not recompute the name keys", e);
        }
    }

    @Override
    public Optional<StoredConnection> findConnection(OrganizationId organizationId, ConnectionId id) {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(id, "id");
        return statements.run("could not find connection " + id, dialect(), Sql.FIND_CONNECTION, statement -> {
            statement.setString(1, organizationId.value());
            statement.setString(2, id.value());
            return Rows.oneConnection(statement);
        });
    }

    @Override
    public List<StoredConnection> listConnections(OrganizationId organizationId) {
        Objects.requireNonNull(organizationId, "organizationId");
        return statements.run("could not list connections of " + organizationId, dialect(), Sql.LIST_CONNECTIONS,
                statement -> {
                    statement.setString(1, organizationId.value());
                    return Rows.connections(statement);
                });
    }

    @Override
    public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
        Objects.requireNonNull(lookupId, "lookupId");
        return statements.run("could not find connection by lookup id", dialect(), Sql.FIND_CONNECTION_BY_LOOKUP_ID,
                statement -> {
                    statement.setString(1, lookupId);
                    return Rows.oneConnection(statement);
                });
    }

    @Override
    public Optional<StoredToken> findToken(String lookupId) {
        Objects.requireNonNull(lookupId, "lookupId");
        return statements.run("could not find token", dialect(), Sql.FIND_TOKEN, statement -> {
            statement.setString(1, lookupId);
            return Rows.oneToken(statement);
        });
    }

    /** One read: the token joined with its connection. */
    @Override
    public Optional<OwnedToken> findOwnedToken(String lookupId) {
        Objects.requireNonNull(lookupId, "lookupId");
        return statements.run("could not find token", dialect(), Sql.FIND_OWNED_TOKEN, statement -> {
            statement.setString(1, lookupId);
            return Rows.oneOwnedToken(statement);
        });
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(work, "work");
        Connection jdbc = open("could not start a unit of work on " + organizationId);
        try {
            Dialect known = dialect(jdbc);
            return UnitOfWork.run(jdbc, known, organizationId, timeoutSeconds, lockWaitSeconds, work);
        } finally {
            closeQuietly(jdbc);
        }
    }

    @Override
    public int purgeExpiredTokens(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return statements.write("could not purge expired tokens", dialect(), dialect().purgeExpiredTokens(), statement -> {
            Rows.setInstant(statement, 1, now);
            statement.setInt(2, limit);
            return statement.executeUpdate();
        });
    }

    @Override
    public long latestRevocation() {
        return statements.run("could not read the revocation log", dialect(), Sql.LATEST_REVOCATION, Rows::oneLong);
    }

    @Override
    public List<Revocation> revocationsAfter(long sequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return statements.run("could not read the revocation log", dialect(), Sql.REVOCATIONS_AFTER, statement -> {
            statement.setLong(1, sequence);
            statement.setInt(2, limit);
            return Rows.revocations(statement);
        });
    }

    @Override
    public int purgeRevocations(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return statements.write("could not purge the revocation log", dialect(), dialect().purgeRevocations(),
                statement -> {
                    Rows.setInstant(statement, 1, before);
                    statement.setInt(2, limit);
                    return statement.executeUpdate();
                });
    }

    /**
     * On PostgreSQL with {@link Builder#pushConnections} set, listens for revocations on a connection of
     * its own (see the class documentation); otherwise nodes poll the log.
     */
    @Override
    public RevocationWatch watchRevocations(Runnable onRevocation) {
        Objects.requireNonNull(onRevocation, "onRevocation");
        if (pushConnections == null) {
            return RevocationWatch.POLL;
        }
        Dialect known;
        try {
            known = dialect();
        } catch (StoreException e) {
            // The database cannot be reached yet: the listener polls until it can, and checks it is PostgreSQL.
            known = Dialect.POSTGRESQL;
        }
        return known == Dialect.POSTGRESQL ? PostgresRevocationListener.start(pushConnections, dataSource, onRevocation)
                : RevocationWatch.POLL;
    }

    /**
     * Writes the batch in one batched statement, outside any unit of work: units of work never
     * write {@code last_used_at}, and the statement never moves it back, so neither undoes the
     * other. Rows are updated in one order (organization, then id), so two nodes flushing at once
     * cannot deadlock.
     */
    @Override
    public void recordLastUsed(Collection<LastUse> uses) {
        Objects.requireNonNull(uses, "uses");
        if (uses.isEmpty()) {
            return;
        }
        List<LastUse> ordered = uses.stream().sorted(Comparator
                .comparing((LastUse u) -> u.organizationId().value()).thenComparing(u -> u.connectionId().value()))
                .toList();
        statements.write("could not record the last use of " + ordered.size() + " connection(s)", dialect(),
                Sql.RECORD_LAST_USE,
                statement -> {
                    for (LastUse use : ordered) {
                        Rows.setInstant(statement, 1, use.usedAt());
                        statement.setString(2, use.connectionId().value());
                        statement.setString(3, use.organizationId().value());
                        Rows.setInstant(statement, 4, use.usedAt());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                    return null;
                });
    }

    private Connection open(String what) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw SqlFailures.storeFailure(what, e);
        }
    }

    /**
     * The dialect, detected once from the first connection borrowed for it; with it, the database is checked to
     * compare text with case, and checked again at each use until its tables are there to be checked too.
     */
    private Dialect dialect() {
        Dialect known = dialect;
        if (known != null && textChecked) {
            return known;
        }
        Connection jdbc = open("could not detect the database");
        try {
            return dialect(jdbc);
        } finally {
            closeQuietly(jdbc);
        }
    }

    private Dialect dialect(Connection jdbc) {
        Dialect known = dialect;
        try {
            if (known == null) {
                known = Dialect.of(jdbc);
                lockWaitSeconds = known.waitsForLocksWithin(jdbc.getMetaData()) ? timeoutSeconds : 0;
            }
            if (!textChecked) {
                textChecked = known.requireTextComparesWithCase(jdbc);
            }
        } catch (SQLException e) {
            throw SqlFailures.storeFailure("could not detect the database", e);
        }
        dialect = known;
        return known;
    }

    /** Closing can fail only after the outcome is settled (committed or rolled back); it must not change it. */
    private static void closeQuietly(Connection jdbc) {
        try {
            jdbc.close();
        } catch (SQLException ignored) {
            // The pool or driver discards the connection; nothing is lost.
        }
    }

    @Override
    public String toString() {
        return "JdbcStore[" + (dialect == null ? "database not yet detected" : dialect) + ", statement timeout "
                + (timeoutSeconds == 0 ? "none" : timeoutSeconds + " s") + "]";
    }

    /** Settings of a {@link JdbcStore}; each is checked when set. Not thread-safe; the store it builds is. */
    public static final class Builder {

        /** A statement's longest run, unless set. */
        public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
        private static final Duration LONGEST_STATEMENT_TIMEOUT = Duration.ofHours(1);

        private final DataSource dataSource;
        private DataSource pushConnections;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * On PostgreSQL, pushes revocations to every node: each Keyward instance opens one connection
         * from this data source and keeps it, outside the host's pool, to {@code LISTEN} for them.
         * Give a data source that opens a new physical connection each time (such as pgjdbc's
         * {@code PGSimpleDataSource}) straight to the database or through a pooler in session mode —
         * a pooler in transaction mode cannot deliver notifications, and a probe at start then turns
         * push off. Give it a login timeout (pgjdbc {@code loginTimeout}): after a lost connection the
         * node opens a new one, which a peer that accepts and then answers nothing would otherwise hold
         * for ever, the node polling meanwhile. Default none: nodes poll the revocation log at Keyward's
         * poll interval.
         */
        public Builder pushConnections(DataSource direct) {
            this.pushConnections = Objects.requireNonNull(direct, "pushConnections");
            return this;
        }

        /**
         * How long one statement run while serving may take before the driver cancels it, on PostgreSQL; on
         * H2 (2.2.220 and later), how long a unit of work waits for its organization's lock (see the class
         * documentation): whole seconds, as JDBC counts them, from 1 second to 1 hour, or {@link Duration#ZERO}
         * for no bound (then the driver's and the database's own settings alone apply). A unit of work waits
         * for its organization's lock within it, so set it longer than units of work on one organization may
         * queue for. Default 10 seconds; before this setting there was none, and on H2 the lock was waited for
         * up to {@code LOCK_TIMEOUT}: a store that relied on a longer wait sets it here.
         *
         * @throws IllegalArgumentException when negative, longer than an hour, or not whole seconds
         */
        public Builder statementTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "statementTimeout");
            if (timeout.isNegative() || timeout.compareTo(LONGEST_STATEMENT_TIMEOUT) > 0) {
                throw new IllegalArgumentException("statementTimeout must be between 0 (no bound) and 1 hour, not "
                        + timeout);
            }
            if (timeout.toNanosPart() != 0) {
                throw new IllegalArgumentException("statementTimeout must be whole seconds, as JDBC counts them, not "
                        + timeout);
            }
            this.statementTimeout = timeout;
            return this;
        }

        /** A store with these settings. */
        public JdbcStore build() {
            return new JdbcStore(this);
        }
    }
}
