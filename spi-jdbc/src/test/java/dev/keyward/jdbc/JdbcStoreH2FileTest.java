package dev.keyward.jdbc;

import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoreContract;

class JdbcStoreH2FileTest extends StoreContract {

    private static final KeywardStore STORE = Databases.migrated(Databases.h2File("contract"));

    @Override
    protected KeywardStore store() {
        return STORE;
    }
}
