package dev.keyward.jdbc;

import javax.sql.DataSource;

/** {@link PushRevocationContract} with node B in the test's JVM, beside node A. */
class PushRevocationTest extends PushRevocationContract {

    @Override
    OtherNode startNodeB(DataSource database) {
        return new ListeningNode(EmbeddedPostgresServer.anotherDataSource(database),
                EmbeddedPostgresServer.anotherDataSource(database));
    }

    @Override
    String whereBRuns() {
        return "B in the same JVM";
    }
}
