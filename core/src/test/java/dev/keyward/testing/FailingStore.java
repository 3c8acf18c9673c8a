package dev.keyward.testing;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.util.Optional;

/**
 * A store whose reads by lookup id fail once {@link #failing} is set, as a lost database would;
 * everything else reaches the store it wraps.
 */
public final class FailingStore extends ForwardingStore {

    /** Set to make every read by lookup id throw a {@link StoreException}. */
    public volatile boolean failing;

    /** Over a fresh in-memory store. */
    public FailingStore() {
        this(new InMemoryStore());
    }

    public FailingStore(KeywardStore delegate) {
        super(delegate);
    }

    @Override
    public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
        failIfAsked();
        return super.findConnectionByLookupId(lookupId);
    }

    @Override
    public Optional<StoredToken> findToken(String lookupId) {
        failIfAsked();
        return super.findToken(lookupId);
    }

    @Override
    public Optional<OwnedToken> findOwnedToken(String lookupId) {
        failIfAsked();
        return super.findOwnedToken(lookupId);
    }

    private void failIfAsked() {
        if (failing) {
            throw new StoreException("the database is down (test)", null);
        }
    }
}
