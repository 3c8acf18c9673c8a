package dev.keyward.benchmarks;

import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.RevocationWatch;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** A store that counts reads by lookup id, to prove a benchmark measures what it claims. */
final class CountingStore implements KeywardStore {

    /** The length of the default credential prefixes ({@code kwak_}, {@code kwcs_}). */
    private static final int PREFIX_LENGTH = 5;
    private static final int LOOKUP_ID_LENGTH = 12;

    final AtomicLong reads = new AtomicLong();
    private final KeywardStore delegate;

    CountingStore(KeywardStore delegate) {
        this.delegate = delegate;
    }

    /** The lookup id a credential with a default prefix embeds. */
    static String lookupId(String credential) {
        return credential.substring(PREFIX_LENGTH, PREFIX_LENGTH + LOOKUP_ID_LENGTH);
    }

    /** The stored hash of an access key or client secret. */
    String hashOf(String credential) {
        return delegate.findConnectionByLookupId(lookupId(credential)).orElseThrow().secretHash();
    }

    @Override
    public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
        reads.incrementAndGet();
        return delegate.findConnectionByLookupId(lookupId);
    }

    @Override
    public Optional<StoredConnection> findConnection(OrganizationId organizationId, ConnectionId id) {
        return delegate.findConnection(organizationId, id);
    }

    @Override
    public List<StoredConnection> listConnections(OrganizationId organizationId) {
        return delegate.listConnections(organizationId);
    }

    @Override
    public Optional<StoredToken> findToken(String lookupId) {
        return delegate.findToken(lookupId);
    }

    @Override
    public Optional<OwnedToken> findOwnedToken(String lookupId) {
        return delegate.findOwnedToken(lookupId);
    }

    @Override
    public long latestRevocation() {
        return delegate.latestRevocation();
    }

    @Override
    public List<Revocation> revocationsAfter(long sequence, int limit) {
        return delegate.revocationsAfter(sequence, limit);
    }

    @Override
    public int purgeRevocations(Instant before, int limit) {
        return delegate.purgeRevocations(before, limit);
    }

    @Override
    public RevocationWatch watchRevocations(Runnable onRevocation) {
        return delegate.watchRevocations(onRevocation);
    }

    @Override
    public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
        return delegate.inOrganization(organizationId, work);
    }

    @Override
    public int purgeExpiredTokens(Instant now, int limit) {
        return delegate.purgeExpiredTokens(now, limit);
    }
}
