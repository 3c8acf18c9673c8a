package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyward.ConnectionId;
import dev.keyward.CredentialPrefixes;
import dev.keyward.Keyward;
import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.spi.Revocation;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Verification;
import java.security.SecureRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema version 4 adds the revocation log beside the tables of version 3 and changes none of them. */
class RevocationLogUpgradeTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("a version 3 database with connections migrates to 4 with an empty log, and revocations are logged")
    void versionThreeDatabaseGainsAnEmptyLog(Database database) {
        DataSource dataSource = database.fresh("upgrade_v4");
        Dialect dialect = database == Database.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.H2;
        assertThat(Migrations.migrate(dataSource, dialect, 3)).isEqualTo(3);
        // A row with columns every version has, as a node of version 3 wrote it, holding a real secret.
        String lookupId = codec.newLookupId();
        String secret = codec.issue(CredentialKind.ACCESS_KEY, lookupId);
        ConnectionId id = ConnectionId.of(LegacyDatabase.existing(dataSource).insert(ACME.value(), "Key", true,
                lookupId, new Argon2idHasher(Fixtures.CHEAP_ARGON2).hash(secret), CredentialCodec.hint(secret)));
        JdbcStore store = JdbcStore.create(dataSource);

        assertThat(Migrations.migrate(dataSource, dialect, 4)).isEqualTo(4);
        assertThat(Migrations.migrate(dataSource, dialect, 4)).isEqualTo(4);
        assertThat(store.migrate()).isEqualTo(Migration.latest());

        assertThat(store.latestRevocation()).isZero();
        try (Keyward keyward = Fixtures.keyward(store, clock).build()) {
            Verification verification = new Verification(keyward);
            assertThat(verification.verifies(secret)).isTrue();
            keyward.connections().regenerate(SUPER, ACME, id);
            assertThat(verification.verifies(secret)).isFalse();
        }
        assertThat(store.revocationsAfter(0, 10)).extracting(Revocation::sequence, Revocation::connectionId)
                .containsExactly(tuple(1L, id));
    }
}
