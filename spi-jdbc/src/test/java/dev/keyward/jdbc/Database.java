package dev.keyward.jdbc;

import javax.sql.DataSource;

/** The kinds of database the store runs on, for tests parameterized over them. */
enum Database {
    H2_MEMORY, H2_FILE, POSTGRESQL;

    /** A fresh, empty database of this kind. */
    DataSource fresh(String name) {
        return switch (this) {
            case H2_MEMORY -> Databases.h2Memory(name);
            case H2_FILE -> Databases.h2File(name);
            case POSTGRESQL -> Databases.postgres(name);
        };
    }

    /** A second, independent data source on the database of {@code first}, as another process would have. */
    DataSource another(DataSource first) {
        return this == POSTGRESQL ? EmbeddedPostgresServer.anotherDataSource(first) : Databases.anotherH2(first);
    }
}
