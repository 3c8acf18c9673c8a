package dev.keyward.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;

class DemoServerPostgresTest extends DemoServerContract {

    private EmbeddedPostgres postgres;

    @Override
    DemoOptions options() {
        try {
            postgres = EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DemoOptions("127.0.0.1", 0, postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, null);
    }

    @AfterAll
    void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
