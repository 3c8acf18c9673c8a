package dev.keyward.servlet;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.util.Optional;

/** An in-memory store whose reads by lookup id fail once {@link #failing} is set, as a lost database would. */
final class FailingStore extends ForwardingStore {

    volatile boolean failing;

    FailingStore() {
        super(new InMemoryStore());
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
            throw new StoreException("the database is down", null);
        }
    }
}
