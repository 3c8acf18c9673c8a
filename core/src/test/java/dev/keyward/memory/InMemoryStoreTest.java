package dev.keyward.memory;

import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoreContract;
import java.util.Optional;

class InMemoryStoreTest extends StoreContract {

    private static final KeywardStore STORE = new InMemoryStore();

    @Override
    protected KeywardStore store() {
        return STORE;
    }

    /** None: the store is single-process, its data, locks and log live in this process alone. */
    @Override
    protected Optional<KeywardStore> secondInstance() {
        return Optional.empty();
    }
}
