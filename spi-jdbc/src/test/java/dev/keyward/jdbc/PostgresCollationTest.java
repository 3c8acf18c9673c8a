package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.OrganizationId;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.StoredRows;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresCollationTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("in a PostgreSQL database whose collation sorts 'a' before 'B', live tokens issued at one instant"
            + " are still in the SPI's order, 'B…' first")
    void liveTokensAreInTheSpiOrderWhateverTheCollation() throws Exception {
        DataSource database = Database.POSTGRESQL.fresh("collation");
        JdbcStore store = Databases.migrated(database);
        try (Connection jdbc = database.getConnection(); Statement statement = jdbc.createStatement()) {
            // The collation a database created with LC_COLLATE 'en_US.UTF-8' gives every text column.
            statement.execute("ALTER TABLE keyward_token ALTER COLUMN lookup_id TYPE VARCHAR(64) COLLATE \"en-x-icu\"");
        }
        OrganizationId org = OrganizationId.of("acme");
        StoredConnection owner = StoredRows.oauth(org, "Client", NOW);
        String suffix = StoredRows.newLookupId().substring(1);
        StoredToken lower = StoredRows.token(owner, NOW, Duration.ofDays(1)).toBuilder().lookupId("a" + suffix).build();
        StoredToken upper = StoredRows.token(owner, NOW, Duration.ofDays(1)).toBuilder().lookupId("B" + suffix).build();
        store.inOrganization(org, tx -> {
            tx.insert(owner);
            tx.insertToken(lower);
            tx.insertToken(upper);
            return null;
        });

        List<StoredToken> live = store.inOrganization(org, tx -> tx.liveTokens(owner.connection().id(), NOW));

        assertThat(live).containsExactly(upper, lower).isSortedAccordingTo(OrganizationTransaction.OLDEST_TOKEN_FIRST);
    }
}
