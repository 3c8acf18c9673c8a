package dev.keyward.internal;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When a connection was last noted as used on this node, shared by every remembered credential of
 * that connection. Noting a use costs one volatile read unless a resolution has passed since the
 * last note; then one compare-and-set decides which request queues the connection for writing, so
 * a connection is queued at most once per resolution. Thread-safe.
 */
public final class UsageMark {

    private static final VarHandle NOTED;

    static {
        try {
            NOTED = MethodHandles.lookup().findVarHandle(UsageMark.class, "notedMillis", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final OrganizationId organizationId;
    final ConnectionId connectionId;
    /** When a use was last queued for writing; far in the past until then. */
    private volatile long notedMillis = Long.MIN_VALUE / 2;

    /** A mark for this connection, never noted yet. */
    public UsageMark(OrganizationId organizationId, ConnectionId connectionId) {
        this.organizationId = organizationId;
        this.connectionId = connectionId;
    }

    /** Notes a use at {@code nowMillis}; true for the one caller per resolution that must queue the mark. */
    boolean note(long nowMillis, long resolutionMillis) {
        long noted = notedMillis;
        return nowMillis - noted >= resolutionMillis && NOTED.compareAndSet(this, noted, nowMillis);
    }

    /** When the use to write happened. */
    long notedMillis() {
        return notedMillis;
    }
}
