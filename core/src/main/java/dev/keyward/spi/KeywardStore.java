package dev.keyward.spi;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where Keyward keeps connections and tokens. A store stores and loads; it decides
 * nothing — every rule lives in core, which counts, checks names and writes inside
 * {@link #inOrganization}. Implementations must be thread-safe and must pass the store
 * contract kit ({@code StoreContract} in the {@code tests} jar of keyward-core).
 *
 * <p>Failures are reported as {@link StoreException}, never as a checked or a raw
 * runtime exception of the underlying technology. A write that would take a unique key the
 * store keeps (a name key within an organization, a lookup id) fails with a
 * {@link StoreConflictException}: core, not the store, decides what refusal that is.
 */
public interface KeywardStore {

    /** The connection with this id in this organization, if any. */
    Optional<StoredConnection> findConnection(OrganizationId organizationId, ConnectionId id);

    /** Every connection of the organization, oldest first (then by id). */
    List<StoredConnection> listConnections(OrganizationId organizationId);

    /** The connection whose secrets embed this lookup id, if any; one read by unique key. */
    Optional<StoredConnection> findConnectionByLookupId(String lookupId);

    /** The token with this lookup id, if any; one read by unique key. Expired tokens may be returned. */
    Optional<StoredToken> findToken(String lookupId);

    /**
     * The token with this lookup id together with the connection it was issued to, if both exist;
     * expired tokens may be returned. This is a bearer token's cold path, so stores should answer
     * it with one read (the JDBC store joins the two rows); the default makes two.
     */
    default Optional<OwnedToken> findOwnedToken(String lookupId) {
        return findToken(lookupId).flatMap(token -> findConnection(token.organizationId(), token.connectionId())
                .map(owner -> OwnedToken.of(token, owner)));
    }

    /**
     * Runs {@code work} as one atomic unit of work, serialized per organization across every
     * process sharing the store. When {@code work} throws, nothing it wrote is kept and the
     * exception propagates unchanged.
     */
    <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work);

    /**
     * Deletes at most {@code limit} tokens that expired at or before {@code now}, so that each
     * call does bounded work. Returns how many were deleted; call again while it returns {@code limit}.
     */
    int purgeExpiredTokens(Instant now, int limit);

    /**
     * Records when connections were last used: for each, sets {@code lastUsedAt} to {@code usedAt}
     * unless it already holds a later time; a connection deleted meanwhile is skipped. Called off
     * the request path, in batches, by one background task per Keyward instance; the uses of one
     * call may span organizations.
     *
     * <p>The default runs one unit of work per organization. A store may write the batch in one
     * statement without the organization lock instead, provided no unit of work can then overwrite
     * a recorded time with an older one it read before (the JDBC store never writes
     * {@code last_used_at} but here).
     */
    default void recordLastUsed(Collection<LastUse> uses) {
        Map<OrganizationId, List<LastUse>> byOrganization = uses.stream()
                .collect(Collectors.groupingBy(LastUse::organizationId));
        byOrganization.forEach((organizationId, ofOrganization) -> inOrganization(organizationId, tx -> {
            for (LastUse use : ofOrganization) {
                tx.find(use.connectionId())
                        .filter(c -> c.connection().lastUsedAt() == null
                                || c.connection().lastUsedAt().isBefore(use.usedAt()))
                        .ifPresent(c -> tx.update(c.toBuilder().lastUsedAt(use.usedAt()).build()));
            }
            return null;
        }));
    }

    /**
     * The sequence number of the newest record of the revocation log, 0 when there is none: the last
     * committed, never one whose unit of work is still open, and never lowered by a purge (see
     * {@link OrganizationTransaction#recordRevocation}). A node reads it once at start: what was revoked
     * before, it has not remembered.
     */
    default long latestRevocation() {
        return 0;
    }

    /**
     * The records of the revocation log with a sequence number above {@code sequence}, in order: exactly
     * {@code limit} of them when at least that many follow, else every one that follows (none at the end).
     * Never fewer: a node reads the log in pages of its own size and takes a shorter page for the log's end,
     * reading no further until it is woken again, so a store that capped pages at a size of its own would
     * leave the records past the cap unread until then. Committed records only, as
     * {@link OrganizationTransaction#recordRevocation} says. A store that keeps no log returns none (and
     * says so through {@link #watchRevocations}).
     */
    default List<Revocation> revocationsAfter(long sequence, int limit) {
        return List.of();
    }

    /**
     * Deletes at most {@code limit} records from the start of the revocation log, in sequence order, up to
     * the first record made at or after {@code before}, and never the latest record; returns how many. Only
     * the start: each record carries the clock of the node that revoked, so a record numbered later may be
     * stamped earlier than one before it, and nodes may not have read it yet. Never the latest: a node that
     * could not read the log for longer than records are kept then still finds a record after its position,
     * numbered past the next, and so learns that records it never read were purged; it then re-reads every
     * credential it remembers before trusting it again. Core calls it once records can no longer matter. A
     * node whose clock runs ahead holds the purge until its records are old enough by the purging node's
     * clock.
     */
    default int purgeRevocations(Instant before, int limit) {
        return 0;
    }

    /**
     * Starts telling this node of revocations committed by any node: the store calls
     * {@code onRevocation} (quickly; from a thread of its own or the committing one) after a revocation
     * commits, and after it reconnects, so the node catches up from the log. The default keeps no
     * log ({@link RevocationWatch#NO_LOG}); a store with a log but no push returns
     * {@link RevocationWatch#POLL}. Called once per Keyward instance, which closes the watch when it closes.
     */
    default RevocationWatch watchRevocations(Runnable onRevocation) {
        return RevocationWatch.NO_LOG;
    }
}
