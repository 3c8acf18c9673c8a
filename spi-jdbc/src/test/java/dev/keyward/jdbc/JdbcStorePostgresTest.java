package dev.keyward.jdbc;

import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoreContract;

class JdbcStorePostgresTest extends StoreContract {

    private static final KeywardStore STORE = Databases.migrated(Databases.postgres("contract"));

    @Override
    protected KeywardStore store() {
        return STORE;
    }
}
