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
 * request ever waits for or learns of it. Thread-safe.
 */
public final class LastUseRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LastUseRecorder.class);

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
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> schedule;
    private boolean closed;

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

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "keyward-last-use");
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
            queued.add(connection);
            scheduleOnce();
        }
    }

    private void scheduleOnce() {
        synchronized (scheduling) {
            if (schedule != null || closed) {
                return;
            }
            executor = hostExecutor != null ? hostExecutor
                    : Executors.newSingleThreadScheduledExecutor(LastUseRecorder::daemon);
            schedule = executor.scheduleWithFixedDelay(this::flushQuietly, resolutionMillis, resolutionMillis,
                    TimeUnit.MILLISECONDS);
        }
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
            try {
                store.recordLastUsed(new ArrayList<>(batch.values()));
            } catch (RuntimeException e) {
                queued.addAll(batch.keySet());
                throw e;
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

    /** Stops the schedule, then writes what is left; a failure then is logged, as on the schedule. */
    @Override
    public void close() {
        synchronized (scheduling) {
            closed = true;
            if (schedule != null) {
                schedule.cancel(false);
                if (executor != hostExecutor) {
                    executor.shutdown();
                }
            }
        }
        flushQuietly();
    }

    /** Uses noted but not yet written, for tests and diagnostics. */
    int pending() {
        return queued.size();
    }

}
