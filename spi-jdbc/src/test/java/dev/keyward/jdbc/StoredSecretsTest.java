package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.CredentialPrefixes;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoredSecretsTest {

    private static final Pattern HASH_COLUMN = Pattern.compile("(secret_hash|previous_secret_hash|token_hash)=(\\S+)");

    private final MutableClock clock = MutableClock.startingNow();
    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
    private final Argon2idHasher hasher = new Argon2idHasher(Fixtures.CHEAP_ARGON2);

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("after a full lifecycle no table holds a secret or a token, only Argon2id hashes and hints")
    void noTableHoldsASecretAfterAFullLifecycle(Database database) {
        DataSource dataSource = database.fresh("secrets");
        JdbcStore store = JdbcStore.create(dataSource);
        store.migrate();
        Keyward keyward = Fixtures.keyward(store, clock).build();
        OrganizationId org = OrganizationId.of("acme");
        List<String> secrets = new ArrayList<>();

        IssuedCredentials key = keyward.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials client = keyward.connections().create(SUPER, org, "Client", AuthenticationType.OAUTH);
        IssuedCredentials doomed = keyward.connections().create(SUPER, org, "Doomed", AuthenticationType.OAUTH);
        secrets.add(key.secret().reveal());
        secrets.add(client.secret().reveal());
        secrets.add(doomed.secret().reveal());
        secrets.add(issueToken(store, org, client));
        clock.advance(Duration.ofMinutes(1));
        secrets.add(keyward.connections().regenerate(ADMIN, org, key.connection().id(), Duration.ofHours(1))
                .secret().reveal());
        secrets.add(keyward.connections().regenerate(SUPER, org, client.connection().id(), Duration.ofHours(1))
                .secret().reveal());
        secrets.add(issueToken(store, org, client));
        keyward.connections().rename(SUPER, org, client.connection().id(), "Renamed client");
        secrets.add(issueToken(store, org, doomed));
        keyward.connections().delete(SUPER, org, doomed.connection().id());

        List<String> dump = Databases.dump(dataSource);

        assertThat(dump).anyMatch(line -> line.contains("previous_secret_hash=$argon2id$"))
                .anyMatch(line -> line.startsWith("keyward_token:"));
        for (String secret : secrets) {
            String randomPart = secret.substring(secret.indexOf('_') + 1 + CredentialCodec.LOOKUP_ID_LENGTH,
                    secret.length() - 4);
            assertThat(dump).noneMatch(line -> line.contains(secret)).noneMatch(line -> line.contains(randomPart));
        }
        for (String line : dump) {
            Matcher hash = HASH_COLUMN.matcher(line);
            while (hash.find()) {
                assertThat(hash.group(2)).matches("null|\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=\\d+\\$\\S+");
            }
        }
    }

    /** Issues a bearer token the way the token endpoint would, storing its hash; returns the token. */
    private String issueToken(JdbcStore store, OrganizationId org, IssuedCredentials client) {
        String lookupId = codec.newLookupId();
        String token = codec.issue(CredentialKind.BEARER_TOKEN, lookupId);
        StoredToken stored = StoredToken.builder().lookupId(lookupId).organizationId(org)
                .connectionId(client.connection().id()).tokenHash(hasher.hash(token)).issuedAt(clock.instant())
                .expiresAt(clock.instant().plus(Duration.ofDays(1))).build();
        store.inOrganization(org, tx -> {
            tx.insertToken(stored);
            return null;
        });
        return token;
    }
}
