package dev.keyward.jdbc;

/** The PostgreSQL notification channel on which a committed revocation wakes every node. */
final class RevocationChannel {

    /** The channel; the payload is the record's sequence number, which nodes need not trust: they read the log. */
    static final String NAME = "keyward_revocation";

    /** Queued in the unit of work, delivered by the database at commit, dropped at rollback. */
    static final String NOTIFY = "SELECT pg_notify(?, ?)";

    static final String LISTEN = "LISTEN " + NAME;

    private RevocationChannel() {
    }
}
