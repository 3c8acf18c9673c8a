package dev.keyward.jdbc;

import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoreContract;
import java.util.Optional;
import javax.sql.DataSource;

class JdbcStoreH2MemoryTest extends StoreContract {

    private static final DataSource DATABASE = Databases.h2Memory("contract");
    private static final KeywardStore STORE = Databases.migrated(DATABASE);

    @Override
    protected KeywardStore store() {
        return STORE;
    }

    /** A store over a data source of its own on the same database, as another process would have. */
    @Override
    protected Optional<KeywardStore> secondInstance() {
        return Optional.of(JdbcStore.create(Database.H2_MEMORY.another(DATABASE)));
    }
}
