package dev.keyward.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyward.IpAllowlist;
import dev.keyward.Principal;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.LastUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps when connections were last used, off the request path. A request only notes the use in
 * memory ({@link CachedConnection#note}); a background task writes what was noted, in one batch per
 * flush, once per resolution. A connection is written at most once per resolution by this node,
 * with the time of the first use noted in that resolution, so the stored time is behind the last
 * use by less than the resolution. A failed write is logged and retried at the next flush; no
 * request ever waits for or learns of it, nor of an executor that refuses to run the writes.
 *
 * <p>Uses are queued only while something will write them: not after {@link #close()}, and not after
 * the executor refused the schedule or stopped running it (a host's executor shut down); then a use
 * is dropped, so memory never grows with uses that nothing writes. Thread-safe.
 */
public final class LastUseRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LastUseRecorder.class);
    /**
     * How long {@link #close()} waits for the last write: a store that does not answer (a database socket
     * that went silent, a pool waiting for a free connection) must not hold up the host's shutdown as long.
     * Following the revocation log waits as long for its thread on close.
     */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final KeywardStore store;
    private final long resolutionMillis;
    /**
     * The shared part of each connection by lookup id, held weakly: kept exactly as long as a remembered
     * credential (or a use waiting to be written) holds it, so memory follows the verification cache's
     * bound, and a connection is never held twice — not even across a regeneration, after which its stale
     * entries are confirmed onto the same part, where a later token revocation's note finds them.
     */
    private final Cache<String, CachedConnection> connections = Caffeine.newBuilder().weakValues()
            .executor(Runnable::run).build(); // cleaned by its callers, as the verification cache is
    private final Queue<CachedConnection> queued = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService hostExecutor;
    private final Object flushing = new Object();
    private final Object scheduling = new Object();
    /** Uses taken from the queue by the write under way, which puts them back if it fails; 0 between writes. */
    private volatile int writing;
    /** The executor, the schedule and the two reasons to stop queueing, all guarded by {@link #scheduling}. */
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> schedule;
    private boolean closed;
    private boolean executorStopped;

    /**
     * A recorder flushing every {@code resolution} on {@code executor}, or on a daemon thread of its
     * own when null. The schedule starts with the first use noted, so an instance that verifies
     * nothing holds no thread.
     */
    public LastUseRecorder(KeywardStore store, Duration resolution, ScheduledExecutorService executor) {
        this.store = store;
        this.resolutionMillis = resolution.toMillis();
        this.hostExecutor = executor;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * The part shared by every remembered credential of the connection with this lookup id, holding
     * this principal (the one just read from the store).
     */
    CachedConnection connectionFor(String connectionLookupId, Principal principal, IpAllowlist allowedIps,
            long readNanos) {
        CachedConnection connection = connections.get(connectionLookupId, id -> new CachedConnection(id, principal));
        connection.update(principal, allowedIps, readNanos);
        return connection;
    }

    /** Notes a successful verification of this credential at {@code nowMillis}; never blocks, never writes. */
    public void noteUse(VerifiedCredential credential, long nowMillis) {
        CachedConnection connection = credential.connection();
        if (connection.note(nowMillis, resolutionMillis)) {
            queue(connection);
        }
    }

    /**
     * Queues the connection for the next write, starting the schedule with the first; drops it once nothing
     * will write it. Under the lock that close takes, so a use is either queued before close (and written
     * by it) or not queued at all.
     */
    private void queue(CachedConnection connection) {
        synchronized (scheduling) {
            if (closed || executorStopped) {
                return;
            }
            // Done once a shut-down executor cancelled it; shutdownNow() drops it without cancelling it.
            if (schedule != null && (schedule.isDone() || executor.isShutdown())) {
                stopQueueing("stopped running them");
                return;
            }
            queued.add(connection);
            if (schedule == null) {
                start();
            }
        }
    }

    private void start() {
        executor = hostExecutor != null ? hostExecutor
                : Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "keyward-last-use"));
        try {
            schedule = executor.scheduleWithFixedDelay(this::flushQuietly, resolutionMillis, resolutionMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopQueueing("refused them");
        }
    }

    /** Stops queueing uses, once the executor will not run the writes; what is queued is written on close. */
    private void stopQueueing(String what) {
        executorStopped = true;
        LOG.warn("the executor for writing when connections were last used {}; this instance records no later "
                + "use, and writes the {} use(s) queued before on close", what, queued.size());
    }

    /** The shared part of the connection with this lookup id, if a credential of it is remembered here. */
    CachedConnection existing(String connectionLookupId) {
        return connections.getIfPresent(connectionLookupId);
    }

    /** Stops trusting every credential remembered here, connection by connection ({@link CachedConnection#distrust()}). */
    void distrustEveryConnection() {
        connections.asMap().values().forEach(CachedConnection::distrust);
    }


    /**
     * Writes every use noted so far in one batch; on failure they stay queued for the next flush.
     * Called by the schedule, and once more on close.
     */
    public void flush() {
        synchronized (flushing) {
            Map<CachedConnection, LastUse> batch = new LinkedHashMap<>();
            for (CachedConnection used = queued.poll(); used != null; used = queued.poll()) {
                Principal principal = used.principal();
                batch.put(used, new LastUse(principal.organizationId(), principal.connectionId(),
                        Instant.ofEpochMilli(used.notedMillis())));
            }
            if (batch.isEmpty()) {
                return;
            }
            writing = batch.size();
            try {
                store.recordLastUsed(new ArrayList<>(batch.values()));
            } catch (RuntimeException e) {
                queued.addAll(batch.keySet());
                throw e;
            } finally {
                writing = 0;
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record when connections were last used; retrying in {} ms: {}", resolutionMillis,
                    e.toString());
        }
    }

    /**
     * Stops the schedule and queueing, then writes what is left on a daemon thread of its own, waiting
     * for it at most {@link #CLOSE_WAIT}; idempotent. A failure is logged, and the uses stay for
     * {@link #flush()}. When the wait ends first, the count of uses not yet written is logged and the
     * write goes on in the background: its thread, and the schedule's own thread if that was writing,
     * end when the store answers. Uses noted after close are not queued.
     */
    @Override
    public void close() {
        boolean anyQueued;
        synchronized (scheduling) {
            if (closed) {
                return;
            }
            closed = true;
            anyQueued = schedule != null || executorStopped;
            if (schedule != null) {
                schedule.cancel(false);
                if (executor != hostExecutor) {
                    executor.shutdown();
                }
            }
        }
        if (anyQueued) {
            writeRemaining();
        }
    }

    private void writeRemaining() {
        Thread writer = daemon(this::flushOnClose, "keyward-last-use-close");
        writer.start();
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("closed after waiting {} s for the store: {} noted use(s) of connections are not written yet, "
                    + "and are written in the background if the store answers", CLOSE_WAIT.toSeconds(),
                    writing + queued.size());
        }
    }

    private void flushOnClose() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record when connections were last used, on close; {} use(s) not written: {}",
                    queued.size(), e.toString());
        }
    }

    /** Uses noted but not yet written, for tests and diagnostics. */
    int pending() {
        return queued.size();
    }

}
