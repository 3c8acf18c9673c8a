package dev.keyward.memory;

import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoreContract;

class InMemoryStoreTest extends StoreContract {

    private static final KeywardStore STORE = new InMemoryStore();

    @Override
    protected KeywardStore store() {
        return STORE;
    }
}
