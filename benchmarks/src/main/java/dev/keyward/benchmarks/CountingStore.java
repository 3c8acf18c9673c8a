package dev.keyward.benchmarks;

import dev.keyward.CredentialPrefixes;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoredConnection;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts reads by lookup id, to prove a benchmark measures what it claims. */
final class CountingStore extends ForwardingStore {

    final AtomicLong reads = new AtomicLong();

    CountingStore(KeywardStore delegate) {
        super(delegate);
    }

    /** The lookup id a credential embeds, read by the codec from its own layout. */
    static String lookupId(String credential) {
        return CODEC.parse(credential).lookupId();
    }

    private static final CredentialCodec CODEC = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

    /** The stored hash of an access key or client secret. */
    String hashOf(String credential) {
        return delegate().findConnectionByLookupId(lookupId(credential)).orElseThrow().secretHash();
    }

    @Override
    public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
        reads.incrementAndGet();
        return delegate().findConnectionByLookupId(lookupId);
    }
}
