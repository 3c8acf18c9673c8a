package dev.keyward.spi;

import dev.keyward.ConnectionId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The view of one organization inside {@link KeywardStore#inOrganization}: no other unit
 * of work on the same organization runs until this one ends, in this process or any other
 * sharing the store. Writes become visible together when the unit of work returns, and
 * not at all when it throws. Valid only inside the unit of work; not thread-safe.
 *
 * <p>This interface grows by default methods, so a store written against an earlier release
 * keeps compiling; a store may override them with something cheaper.
 */
public interface OrganizationTransaction {

    /** The order of {@link #liveTokens}: oldest first, by issue time, then by lookup id. */
    Comparator<StoredToken> OLDEST_TOKEN_FIRST = (first, second) -> {
        int byIssue = first.issuedAt().compareTo(second.issuedAt());
        return byIssue != 0 ? byIssue : first.lookupId().compareTo(second.lookupId());
    };

    /** Every connection of the organization, as of now inside this unit of work, oldest first. */
    List<StoredConnection> connections();

    /**
     * The connection with this id in this organization, as of now inside this unit of work.
     * By default it searches {@link #connections()}; stores override it with one read by key.
     */
    default Optional<StoredConnection> find(ConnectionId id) {
        return connections().stream().filter(c -> c.connection().id().equals(id)).findFirst();
    }

    /** Adds a connection of this organization; its id and lookup id are new. */
    void insert(StoredConnection connection);

    /**
     * Replaces the connection with the same id; it exists in this organization. The time of last use
     * is never moved back: a store keeps the later of the stored and the given one, or ignores the
     * given one when its {@link KeywardStore#recordLastUsed} writes it by other means.
     */
    void update(StoredConnection connection);

    /** Removes the connection with this id and every token issued to it. */
    void delete(ConnectionId id);

    /** Adds a token issued to a connection of this organization. */
    void insertToken(StoredToken token);

    /** Removes every token issued to this connection. */
    void deleteTokens(ConnectionId id);

    /**
     * Removes the token with this lookup id if it was issued to a connection of this organization, and
     * says whether it did. Stores written before this method existed cannot revoke single tokens.
     *
     * @throws UnsupportedOperationException by default
     */
    default boolean deleteToken(String lookupId) {
        throw new UnsupportedOperationException("this store cannot delete a single token");
    }

    /**
     * The tokens issued to this connection that expire after {@code now}, as of now inside this unit of
     * work (tokens inserted or deleted in it included or left out), oldest first: by issue time, then by
     * lookup id. Core caps the live tokens of a connection with it. By default none, so a store written
     * before this method existed issues tokens as before, without the cap.
     */
    default List<StoredToken> liveTokens(ConnectionId id, Instant now) {
        return List.of();
    }

    /**
     * Appends a record to the revocation log, to commit with this unit of work: the store numbers it
     * ({@link Revocation#sequence()}) and, where it can push, wakes every node once it commits.
     *
     * <p>The record is visible only at commit: no reader sees it, through
     * {@link KeywardStore#latestRevocation} or {@link KeywardStore#revocationsAfter}, while this unit of
     * work is open, nor ever if it throws; and reading the log never waits for an open unit of work.
     * Records are numbered in the order their units of work commit, without gaps: those of one unit of
     * work take, in the order recorded, the numbers following that of the last record committed before
     * them. So at any moment the log holds exactly the records committed so far, numbered from 1 to
     * {@link KeywardStore#latestRevocation}, less those purged from its start, and a reader that has seen
     * number n has seen every record numbered below n that was not purged. Nodes rely on it: a node skips
     * every record numbered at or below the last one it applied, so a record that showed after a
     * higher-numbered one would never be applied. Numbering at commit keeps this order, and so does
     * numbering under a lock that the next unit of work recording a revocation waits for until this one
     * ends (the JDBC store's way); a number drawn when the record is appended, such as from a database
     * sequence, does not.
     *
     * <p>By default nothing is recorded: the store keeps no log (see {@link KeywardStore#watchRevocations}).
     */
    default void recordRevocation(Revocation revocation) {
    }
}
