package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Verification;
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

    private static final Pattern SECRET_HASH_COLUMN = Pattern.compile("(secret_hash|previous_secret_hash)=(\\S+)");
    private static final Pattern TOKEN_HASH_COLUMN = Pattern.compile("token_hash=(\\S+)");
    private static final String ARGON2ID_HASH = "\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=\\d+\\$\\S+";
    /** A SHA-256 digest of a token, unpadded Base64 of its 32 bytes. */
    private static final String TOKEN_DIGEST = "\\$sha256\\$[A-Za-z0-9+/]{43}";

    private final MutableClock clock = MutableClock.startingNow();

    @ParameterizedTest
    @EnumSource(Database.class)
    @DisplayName("after a full lifecycle no table holds a secret or an issued token, only Argon2id hashes, token digests and hints")
    void noTableHoldsASecretAfterAFullLifecycle(Database database) {
        DataSource dataSource = database.fresh("secrets");
        JdbcStore store = JdbcStore.create(dataSource);
        store.migrate();
        Keyward keyward = Fixtures.keyward(store, clock).build();
        Verification verification = new Verification(keyward);
        OrganizationId org = OrganizationId.of("acme");
        List<String> secrets = new ArrayList<>();

        IssuedCredentials key = keyward.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials client = keyward.connections().create(SUPER, org, "Client", AuthenticationType.OAUTH);
        IssuedCredentials doomed = keyward.connections().create(SUPER, org, "Doomed", AuthenticationType.OAUTH);
        secrets.add(key.secret().reveal());
        secrets.add(client.secret().reveal());
        secrets.add(doomed.secret().reveal());
        String clientId = client.connection().clientId();
        // Regenerating the client deletes this token's row; deleting the connection deletes the doomed one's.
        secrets.add(issueToken(verification, clientId, client.secret().reveal()));
        clock.advance(Duration.ofMinutes(1));
        secrets.add(keyward.connections().regenerate(ADMIN, org, key.connection().id(), Duration.ofHours(1))
                .secret().reveal());
        String regenerated = keyward.connections()
                .regenerate(SUPER, org, client.connection().id(), Duration.ofHours(1)).secret().reveal();
        secrets.add(regenerated);
        List<String> kept = List.of(issueToken(verification, clientId, regenerated),
                issueToken(verification, clientId, client.secret().reveal()));
        secrets.addAll(kept);
        keyward.connections().rename(SUPER, org, client.connection().id(), "Renamed client");
        secrets.add(issueToken(verification, doomed.connection().clientId(), doomed.secret().reveal()));
        keyward.connections().delete(SUPER, org, doomed.connection().id());

        List<String> dump = Databases.dump(dataSource);

        assertThat(dump).anyMatch(line -> line.contains("previous_secret_hash=$argon2id$"));
        for (String token : kept) {
            String lookupId = CredentialLayout.lookupIdOf(token);
            assertThat(dump).as("the row of token %s", lookupId)
                    .anyMatch(line -> line.startsWith("keyward_token:") && line.contains("lookup_id=" + lookupId));
        }
        for (String secret : secrets) {
            String randomPart = secret.substring(CredentialLayout.bodyStart(secret) + CredentialCodec.LOOKUP_ID_LENGTH,
                    CredentialLayout.checksumStart(secret));
            assertThat(dump).noneMatch(line -> line.contains(secret)).noneMatch(line -> line.contains(randomPart));
        }
        for (String line : dump) {
            Matcher secretHash = SECRET_HASH_COLUMN.matcher(line);
            while (secretHash.find()) {
                assertThat(secretHash.group(2)).as(line).matches("null|" + ARGON2ID_HASH);
            }
            Matcher tokenHash = TOKEN_HASH_COLUMN.matcher(line);
            while (tokenHash.find()) {
                assertThat(tokenHash.group(1)).as(line).matches(TOKEN_DIGEST);
            }
        }
    }

    /** A bearer token from the token endpoint for the client, by client credentials sent with Basic. */
    private static String issueToken(Verification verification, String clientId, String clientSecret) {
        String token = verification.token(clientId, clientSecret);
        assertThat(token).as("a token for %s", clientId).isNotNull();
        return token;
    }
}
