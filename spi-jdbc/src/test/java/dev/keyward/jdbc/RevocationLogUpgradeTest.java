package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoredConnection;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Verification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema version 4 adds the revocation log beside the tables of version 3 and changes none of them. */
class RevocationLogUpgradeTest {

    private final MutableClock clock = MutableClock.startingNow();

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("a version 3 database with connections migrates to 4 and later with an empty log, and revocations are logged")
    void versionThreeDatabaseGainsAnEmptyLog(Database database) {
        DataSource dataSource = database.fresh("upgrade_v4");
        Dialect dialect = database == Database.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.H2;
        assertThat(Migrations.migrate(dataSource, dialect, 3)).isEqualTo(3);
        JdbcStore store = JdbcStore.create(dataSource);
        IssuedCredentials key = createAsVersionThree(dataSource, dialect);

        assertThat(store.migrate()).isEqualTo(Migration.latest());
        assertThat(store.migrate()).isEqualTo(Migration.latest());

        assertThat(store.latestRevocation()).isZero();
        try (Keyward keyward = Fixtures.keyward(store, clock).build()) {
            Verification verification = new Verification(keyward);
            assertThat(verification.verifies(key.secret().reveal())).isTrue();
            keyward.connections().regenerate(SUPER, ACME, key.connection().id());
            assertThat(verification.verifies(key.secret().reveal())).isFalse();
        }
        assertThat(store.revocationsAfter(0, 10)).extracting(Revocation::sequence, Revocation::connectionId)
                .containsExactly(tuple(1L, key.connection().id()));
    }

    /**
     * Creates an Access Key connection and writes its row with exactly the columns of version 3, as a
     * node of version 3 does: this version's store reads columns a version 3 schema lacks.
     */
    private IssuedCredentials createAsVersionThree(DataSource dataSource, Dialect dialect) {
        InMemoryStore memory = new InMemoryStore();
        IssuedCredentials key;
        try (Keyward versionThree = Fixtures.keyward(memory, clock).build()) {
            key = versionThree.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);
        }
        StoredConnection row = memory.findConnection(ACME, key.connection().id()).orElseThrow();
        try (Connection jdbc = dataSource.getConnection();
             PreparedStatement organization = jdbc.prepareStatement(dialect.insertOrganizationIfAbsent());
             PreparedStatement insert = jdbc.prepareStatement("INSERT INTO keyward_connection ("
                     + Sql.CONNECTION_COLUMNS + ", name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            organization.setString(1, ACME.value());
            organization.executeUpdate();
            Rows.bindConnection(insert, row);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return key;
    }
}
