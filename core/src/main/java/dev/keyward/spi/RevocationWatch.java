package dev.keyward.spi;

/**
 * How a node learns of revocations made elsewhere, as {@link KeywardStore#watchRevocations} set it
 * up: by push (the store wakes the node when a revocation commits), by reading the log at an
 * interval, or not at all for a store that keeps no log. Closing it stops the store's listener,
 * its thread and its connection. Implementations are thread-safe.
 *
 * <p>{@link #mode()} must answer {@link Mode#PUSH} only while a wake-up at each commit is certain: from
 * the moment the store's listener may miss one (its connection lost, its thread stopped, a wake-up
 * dropped), it must answer {@link Mode#POLL} until the listener is back and has caught up. While it
 * answers {@code PUSH} a node reads the log only at a long safety interval, so a watch that claims push it
 * has lost lets a revoked credential verify on that node for up to that interval.
 */
public interface RevocationWatch extends AutoCloseable {

    /** How revocations reach this node now. */
    enum Mode {
        /** The store wakes the node at each commit of a revocation. */
        PUSH,
        /** The node reads the log at its poll interval. */
        POLL,
        /** The store keeps no log: only re-reading each remembered credential reveals a revocation. */
        NO_LOG
    }

    /** For a store that keeps a log but cannot push. */
    RevocationWatch POLL = () -> Mode.POLL;

    /** For a store that keeps no log. */
    RevocationWatch NO_LOG = () -> Mode.NO_LOG;

    /** How revocations reach this node at this moment; {@code PUSH} only while no wake-up can be missed. */
    Mode mode();

    /** Stops listening; idempotent. The default has nothing to stop. */
    @Override
    default void close() {
    }
}
