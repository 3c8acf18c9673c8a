package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.testing.StoredRows;
import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.StoredConnection;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InstantPrecisionTest {

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("instants round-trip to the microsecond, and finer ones are truncated alike on every database")
    void instantsKeepMicroseconds(Database database) {
        JdbcStore store = Databases.migrated(database.fresh("instants"));
        OrganizationId org = OrganizationId.of("acme");
        Instant micros = Instant.parse("2026-03-04T05:06:07.123456Z");
        Instant nanos = Instant.parse("2099-12-31T23:59:59.999999999Z");
        StoredConnection row = row(org, micros, nanos);

        store.inOrganization(org, tx -> {
            tx.insert(row);
            return null;
        });

        Connection read = store.findConnection(org, row.connection().id()).orElseThrow().connection();
        assertThat(read.createdAt()).isEqualTo(micros);
        assertThat(read.updatedAt()).isEqualTo(Instant.parse("2099-12-31T23:59:59.999999Z"));
    }

    private static StoredConnection row(OrganizationId org, Instant createdAt, Instant updatedAt) {
        return StoredRows.connection(org, "Timed", AuthenticationType.ACCESS_KEY, createdAt).updatedAt(updatedAt)
                .build();
    }
}
