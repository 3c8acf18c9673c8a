package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.ClientAddress;
import dev.keyward.ConnectionUpdate;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema version 5 adds the allowed IP ranges; connections of version 4 admit any address, and a rename by an older node keeps the ranges. */
class AllowedIpsUpgradeTest {

    private final MutableClock clock = MutableClock.startingNow();

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("a version 4 database migrates to 5 and later with every connection admitting any address, and ranges survive an older node's rename")
    void versionFourConnectionsAdmitAnyAddress(Database database) throws SQLException {
        DataSource dataSource = database.fresh("upgrade_v5");
        Dialect dialect = database == Database.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.H2;
        assertThat(Migrations.migrate(dataSource, dialect, 4)).isEqualTo(4);
        try (Connection jdbc = dataSource.getConnection();
             PreparedStatement organization = jdbc.prepareStatement(dialect.insertOrganizationIfAbsent())) {
            organization.setString(1, ACME.value());
            organization.executeUpdate();
        }
        JdbcStore store = JdbcStore.create(dataSource);

        assertThat(Migrations.migrate(dataSource, dialect, 5)).isEqualTo(5);
        assertThat(Migrations.migrate(dataSource, dialect, 5)).isEqualTo(5);
        assertThat(store.migrate()).isEqualTo(Migration.latest());

        try (Keyward keyward = Fixtures.keyward(store, clock).build()) {
            IssuedCredentials key = keyward.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);
            assertThat(key.connection().allowedIps().isAny()).isTrue();
            keyward.connections().update(SUPER, ACME, key.connection().id(),
                    ConnectionUpdate.builder().allowedIps(List.of("10.0.0.0/8", "2001:db8::/32")).build());
            // An older node renames with the update statement of its version, which names no allowed_ips.
            try (Connection jdbc = dataSource.getConnection();
                 PreparedStatement rename = jdbc.prepareStatement(
                         "UPDATE keyward_connection SET name = ?, name_key = ? WHERE connection_id = ?")) {
                rename.setString(1, "Renamed");
                rename.setString(2, "renamed");
                rename.setString(3, key.connection().id().value());
                rename.executeUpdate();
            }
            try (Connection jdbc = dataSource.getConnection();
                 PreparedStatement read = jdbc.prepareStatement(
                         "SELECT allowed_ips FROM keyward_connection WHERE connection_id = ?")) {
                read.setString(1, key.connection().id().value());
                try (ResultSet row = read.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).isEqualTo("10.0.0.0/8,2001:db8::/32");
                }
            }
            try (Keyward fresh = Fixtures.keyward(store, clock).build()) {
                RequestHeaders headers = RequestHeaders.of("Accesskey", key.secret().reveal());
                assertThat(fresh.authenticator().authenticate(headers, ApiFamily.REST, null,
                        ClientAddress.parse("10.0.0.1")).granted()).isTrue();
                assertThat(fresh.authenticator().authenticate(headers, ApiFamily.REST, null,
                        ClientAddress.parse("192.0.2.1")).granted()).isFalse();
            }
        }
    }
}
