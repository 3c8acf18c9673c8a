package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ApiFamily;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.CredentialPrefixes;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import dev.keyward.testing.Verification;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Upgrading a database that version 1 of the store created and filled, while version 1 nodes still run. */
class UpgradeTest {

    /** What a version 1 node reads: its own columns, by lookup id. */
    private static final String VERSION_ONE_SELECT = "SELECT connection_id, organization_id, name, authentication_type,"
            + " created_by, created_at, updated_at, hint, client_id, lookup_id, secret_hash, secret_version,"
            + " previous_secret_hash, previous_secret_expires_at FROM keyward_connection WHERE lookup_id = ?";
    /** What a version 1 node writes when it renames or regenerates: every one of its columns. */
    private static final String VERSION_ONE_UPDATE = "UPDATE keyward_connection SET name = ?, authentication_type = ?,"
            + " created_by = ?, created_at = ?, updated_at = ?, hint = ?, client_id = ?, lookup_id = ?,"
            + " secret_hash = ?, secret_version = ?, previous_secret_hash = ?, previous_secret_expires_at = ?,"
            + " name_key = ?, access_key_organization_id = ? WHERE connection_id = ? AND organization_id = ?";

    private static final OrganizationId ACME = OrganizationId.of("acme");

    private final MutableClock clock = MutableClock.startingNow();
    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
    private final Argon2idHasher hasher = new Argon2idHasher(Fixtures.CHEAP_ARGON2);

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("access keys and client secrets made under version 1 verify after migrating to the latest version")
    void credentialsMadeUnderVersionOneStillVerify(Database database) {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "upgrade");
        String key = versionOneCredential(legacy, "Key", CredentialKind.ACCESS_KEY);
        String secret = versionOneCredential(legacy, "Client", CredentialKind.CLIENT_SECRET);
        JdbcStore store = JdbcStore.create(legacy.dataSource());

        assertThat(store.migrate()).isEqualTo(Migration.ALL.get(Migration.ALL.size() - 1).version());
        Keyward keyward = Fixtures.keyward(store, clock).build();
        Verification verification = new Verification(keyward);

        assertThat(verification.verifies(key)).isTrue();
        String token = verification.token(Requests.clientIdOf(secret, CredentialPrefixes.DEFAULTS), secret);
        assertThat(verification.bearerVerifies(token, ApiFamily.REST)).isTrue();
        keyward.flushLastUse();
        assertThat(keyward.connections().list(SUPER, ACME)).hasSize(2).allSatisfy(c -> {
            assertThat(c.expiresAt()).as("no expiry until someone sets one").isNull();
            assertThat(c.lastUsedAt()).isNotNull().isBeforeOrEqualTo(clock.instant());
        });
        keyward.close();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("a node still on version 1 keeps reading, inserting and updating after the migration")
    void versionOneNodeKeepsWorkingDuringARollingUpgrade(Database database) throws SQLException {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "rolling");
        String key = versionOneCredential(legacy, "Key", CredentialKind.ACCESS_KEY);
        JdbcStore store = JdbcStore.create(legacy.dataSource());
        store.migrate();

        String insertedLater = legacy.insert(ACME.value(), "Inserted by version 1", false);
        Map<String, String> read = versionOneRead(legacy, CredentialLayout.lookupIdOf(key));
        versionOneRename(legacy, read, "Renamed by version 1");

        Connection renamed = store.findConnection(ACME, ConnectionId.of(read.get("connection_id")))
                .orElseThrow().connection();
        assertThat(renamed.name()).isEqualTo("Renamed by version 1");
        assertThat(renamed.expiresAt()).isNull();
        assertThat(store.findConnection(ACME, ConnectionId.of(insertedLater))).isPresent();
        assertThat(new Verification(Fixtures.keyward(store, clock).build()).verifies(key)).isTrue();
    }

    private String versionOneCredential(LegacyDatabase legacy, String name, CredentialKind kind) {
        String lookupId = codec.newLookupId();
        String secret = codec.issue(kind, lookupId);
        legacy.insert(ACME.value(), name, kind == CredentialKind.ACCESS_KEY, lookupId, hasher.hash(secret),
                CredentialCodec.hint(secret));
        return secret;
    }

    private static Map<String, String> versionOneRead(LegacyDatabase legacy, String lookupId) throws SQLException {
        try (java.sql.Connection jdbc = legacy.dataSource().getConnection();
                PreparedStatement select = jdbc.prepareStatement(VERSION_ONE_SELECT)) {
            select.setString(1, lookupId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("version 1 finds its row").isTrue();
                return Map.of("connection_id", row.getString(1), "name", row.getString(3),
                        "authentication_type", row.getString(4), "hint", row.getString(8),
                        "lookup_id", row.getString(10), "secret_hash", row.getString(11));
            }
        }
    }

    private static void versionOneRename(LegacyDatabase legacy, Map<String, String> row, String name)
            throws SQLException {
        try (java.sql.Connection jdbc = legacy.dataSource().getConnection();
                PreparedStatement update = jdbc.prepareStatement(VERSION_ONE_UPDATE)) {
            OffsetDateTime at = OffsetDateTime.parse("2025-07-01T00:00:00Z");
            update.setString(1, name);
            update.setString(2, row.get("authentication_type"));
            update.setString(3, "tester");
            update.setObject(4, at);
            update.setObject(5, at);
            update.setString(6, row.get("hint"));
            update.setString(7, null);
            update.setString(8, row.get("lookup_id"));
            update.setString(9, row.get("secret_hash"));
            update.setLong(10, 1);
            update.setString(11, null);
            update.setObject(12, null);
            update.setString(13, name.toLowerCase(Locale.ROOT));
            update.setString(14, ACME.value());
            update.setString(15, row.get("connection_id"));
            update.setString(16, ACME.value());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
