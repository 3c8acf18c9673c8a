package dev.keyward;

/**
 * How revocations made on other nodes reach this node, for health checks and metrics
 * ({@link Keyward#revocationStatus()}). Immutable.
 *
 * @param delivery the way they arrive now
 * @param position the sequence number of the last record of the revocation log applied here; -1 while the
 *                 log could not be read yet, 0 before any record
 * @param applied  how many records this node has applied since it started
 */
public record RevocationStatus(Delivery delivery, long position, long applied) {

    /** The way revocations made elsewhere arrive. */
    public enum Delivery {
        /** The store wakes this node when a revocation commits (PostgreSQL LISTEN/NOTIFY): milliseconds. */
        PUSH,
        /** This node reads the revocation log at the poll interval. */
        POLL,
        /**
         * Nothing follows the revocation log now — the store keeps none, the last read of it failed (until one
         * succeeds), the thread following it ended, or the node is closed: each remembered credential is re-read
         * once the poll interval has passed since its last check.
         */
        RE_READ
    }
}
