package dev.keyward.jdbc;

import dev.keyward.spi.RevocationWatch;
import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push on PostgreSQL: a daemon thread holds one connection of its own — opened from the direct data
 * source the host gave for it, never borrowed from the host's pool — that {@code LISTEN}s on the
 * revocation channel and waits for notifications with a finite timeout, checking the connection
 * with a round trip whenever it has been quiet for half a second, so a dead socket is noticed. Push is
 * not claimed ({@link #mode()}) while such a check has gone unanswered for half a second, nor once the
 * connection has not been heard from for three: one cut without a word (no reset; a peer or a network
 * that vanished) would otherwise deliver nothing while the node, believing in push, read the log only at
 * its long safety interval. A healthy connection's check is answered in a round trip, so a pause of the
 * thread between checks does not count against it. When the connection fails
 * it is closed, the node polls the log meanwhile ({@link Mode#POLL}), and the thread reconnects
 * with a growing pause; once listening again it wakes the node, which catches up from the log by
 * sequence number, so nothing committed while it was away is missed. At start a probe NOTIFY sent
 * through the host's pool must come back on the listening connection — through a pooler in
 * transaction mode it does not — else push stays off. Thread-safe; {@link #close()} stops the
 * thread and closes the connection.
 */
final class PostgresRevocationListener implements RevocationWatch {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRevocationListener.class);
    private static final int WAIT_MILLIS = 250;
    /** A quiet connection is checked with a round trip this often. */
    private static final long CHECK_AFTER_QUIET_NANOS = 500_000_000L;
    /** Push is not claimed while a check has gone unanswered this long. */
    private static final long UNANSWERED_NANOS = 500_000_000L;
    /** Nor once nothing was heard for this long (the thread held up, or not checking). */
    private static final long HEARD_WITHIN_NANOS = 3_000_000_000L;
    private static final int VALID_TIMEOUT_SECONDS = 2;
    private static final int STATEMENT_TIMEOUT_MILLIS = 10_000;
    private static final long PROBE_MILLIS = 5_000;
    private static final long MAX_PAUSE_MILLIS = 2_000;
    private static final long STILL_POLLING_WARN_NANOS = 60_000_000_000L;

    private final DataSource direct;
    private final DataSource pool;
    private final Runnable onRevocation;
    private final String probe = "probe-" + UUID.randomUUID();
    private final Thread thread;
    private volatile Mode mode = Mode.POLL;
    /** When the listening connection last answered: a notification, a check, or listening anew. */
    private volatile long heardNanos;
    /** When the check under way was sent; 0 while none is. */
    private volatile long checkSentNanos;
    private volatile boolean closed;
    private volatile Connection listening;
    /** Whether a probe came back: until one has, push is not trusted. Written at start, then by the thread only. */
    private volatile boolean probed;

    private PostgresRevocationListener(DataSource direct, DataSource pool, Runnable onRevocation) {
        this.direct = direct;
        this.pool = pool;
        this.onRevocation = onRevocation;
        this.thread = new Thread(this::run, "keyward-revocation-listener");
        this.thread.setDaemon(true);
    }

    /**
     * Listens and probes; returns a listening watch, or {@link RevocationWatch#POLL} when push does not work.
     * When the database cannot be reached yet, the watch polls and keeps trying to listen, probing first
     * once it can: a node started while the database restarts still gets push once it is back.
     */
    static RevocationWatch start(DataSource direct, DataSource pool, Runnable onRevocation) {
        PostgresRevocationListener listener = new PostgresRevocationListener(direct, pool, onRevocation);
        try {
            listener.listening = listener.listen();
            if (!listener.probe()) {
                listener.closeConnection();
                return RevocationWatch.POLL;
            }
        } catch (NotPostgres e) {
            LOG.warn(e.getMessage());
            return RevocationWatch.POLL;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not listen for revocations yet; polling the revocation log until it can: {}",
                    described(e));
            listener.closeConnection();
            listener.thread.start();
            return listener;
        }
        listener.probed = true;
        listener.heardNanos = System.nanoTime();
        listener.mode = Mode.PUSH;
        listener.thread.start();
        return listener;
    }

    /**
     * {@link Mode#PUSH} while listening, unless a check has gone unanswered for half a second or nothing was heard
     * for three; then {@link Mode#POLL}, so that the node reads the log while a silent connection's check is under
     * way.
     */
    @Override
    public Mode mode() {
        Mode now = mode;
        if (now != Mode.PUSH) {
            return now;
        }
        long time = System.nanoTime();
        long sent = checkSentNanos;
        boolean unanswered = sent != 0 && time - sent > UNANSWERED_NANOS;
        return unanswered || time - heardNanos > HEARD_WITHIN_NANOS ? Mode.POLL : now;
    }

    private Connection listen() throws SQLException {
        Connection jdbc = direct.getConnection();
        try {
            String product = jdbc.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                throw new NotPostgres(product);
            }
            // No statement on this connection may wait for ever: waiting for notifications sets its own timeout.
            jdbc.setNetworkTimeout(Runnable::run, STATEMENT_TIMEOUT_MILLIS);
            jdbc.setAutoCommit(true);
            try (Statement statement = jdbc.createStatement()) {
                statement.execute("SET application_name = 'keyward-revocations'");
                statement.execute(RevocationChannel.LISTEN);
            }
            return jdbc;
        } catch (SQLException | RuntimeException e) {
            jdbc.close();
            throw e;
        }
    }

    /** Whether a NOTIFY sent through the pool arrives on the listening connection; logs why not when it does not. */
    private boolean probe() throws SQLException {
        if (!probeArrives()) {
            LOG.warn("a NOTIFY sent through the pool did not arrive on the listening connection (a pooler in "
                    + "transaction mode?); nodes poll the revocation log instead");
            return false;
        }
        return true;
    }

    private boolean probeArrives() throws SQLException {
        // A NOTIFY is sent when its transaction commits.
        Statements statements = new Statements(pool, STATEMENT_TIMEOUT_MILLIS / 1000);
        statements.write("could not send the probe", Dialect.POSTGRESQL, RevocationChannel.NOTIFY, notify -> {
            notify.setString(1, RevocationChannel.NAME);
            notify.setString(2, probe);
            return notify.execute();
        });
        long deadline = System.nanoTime() + PROBE_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            PGNotification[] arrived = listening.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
            if (arrived != null) {
                for (PGNotification notification : arrived) {
                    if (probe.equals(notification.getParameter())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void run() {
        try {
            listenUntilClosed();
        } catch (Throwable e) {
            // An Error, such as running out of memory in the driver: nothing listens from now on.
            LOG.error("the revocation listener stopped; this node polls the revocation log from now on", e);
        } finally {
            // However the thread ends, no wake-up comes any more: mode() must not claim push, or the node would
            // read the log only at its long safety interval.
            mode = Mode.POLL;
            // A connection opened while close() waited in vain for this thread is closed here, not leaked.
            closeConnection();
        }
    }

    private void listenUntilClosed() {
        long pause = 50;
        long lastWarned = System.nanoTime();
        while (!closed) {
            try {
                if (listening == null) {
                    listening = listen();
                    if (closed) {
                        return;
                    }
                    if (!probed) {
                        if (!probe()) {
                            return;
                        }
                        probed = true;
                    }
                    heardNanos = System.nanoTime();
                    checkSentNanos = 0;
                    mode = Mode.PUSH;
                    pause = 50;
                    LOG.info("listening for revocations again; catching up from the log");
                    onRevocation.run();
                }
                waitForNotifications(listening);
            } catch (NotPostgres e) {
                LOG.warn(e.getMessage());
                return;
            } catch (SQLException | RuntimeException e) {
                // First, before anything is logged (a failed check stays under way until here, so mode() says poll).
                boolean wasPushing = mode == Mode.PUSH;
                mode = Mode.POLL;
                if (closed) {
                    return;
                }
                if (wasPushing) {
                    LOG.warn("lost the connection listening for revocations; polling the log until it is back: {}",
                            described(e));
                    lastWarned = System.nanoTime();
                } else if (System.nanoTime() - lastWarned > STILL_POLLING_WARN_NANOS) {
                    // A wrong password or host fails every attempt: say so now and then, not once for ever.
                    LOG.warn("still cannot listen for revocations; polling the revocation log: {}", described(e));
                    lastWarned = System.nanoTime();
                }
                closeConnection();
                if (!pause(pause)) {
                    return;
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** The failure's kind and SQLState, never its message, which may quote what the driver was given. */
    private static String described(Exception e) {
        if (e instanceof SQLException s) {
            return SqlFailures.redacted(s).getMessage() + " (SQLState " + s.getSQLState() + ")";
        }
        // A store exception's message is the store's own, with the SQLState and no bound value.
        return e instanceof StoreException ? e.getMessage() : e.getClass().getName();
    }

    /** Waits for notifications until the connection fails or the listener closes. */
    private void waitForNotifications(Connection jdbc) throws SQLException {
        PGConnection pg = jdbc.unwrap(PGConnection.class);
        while (!closed) {
            PGNotification[] arrived = pg.getNotifications(WAIT_MILLIS);
            if (arrived != null && arrived.length > 0) {
                heardNanos = System.nanoTime();
                onRevocation.run();
            } else if (System.nanoTime() - heardNanos > CHECK_AFTER_QUIET_NANOS) {
                long asked = System.nanoTime();
                checkSentNanos = asked;
                if (!jdbc.isValid(VALID_TIMEOUT_SECONDS)) {
                    // Left under way, so that mode() says poll until the failure below has set it so.
                    throw new SQLException("the listening connection stopped answering", "08006");
                }
                heardNanos = asked;
                checkSentNanos = 0;
            }
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeConnection() {
        Connection jdbc = listening;
        listening = null;
        if (jdbc != null) {
            try {
                jdbc.close();
            } catch (SQLException ignored) {
                // Already broken; nothing more to release.
            }
        }
    }

    /** The connection given for push leads to another database than PostgreSQL: nothing to listen on there. */
    private static final class NotPostgres extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotPostgres(String product) {
            super("the connection given for revocations is to " + product + ", not PostgreSQL; nodes poll the "
                    + "revocation log", null, false, false);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnection();
    }
}
