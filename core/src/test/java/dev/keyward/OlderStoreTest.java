package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.OlderStore;
import dev.keyward.testing.Requests;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A store written against an earlier release of the SPI still compiles and serves, but what it cannot keep
 * never fails open: a write that needs a field it drops fails, leaving nothing changed, and a revocation it
 * cannot make is a store failure that says so, which keeps no other revocation of a leak report from being
 * made. (Allowed IP ranges on such a store: {@link AllowedIpsTest}.)
 */
class OlderStoreTest {

    private static final KeyPair GITHUB = GitHubSecretScanningTest.keyPair("secp256r1");

    private final MutableClock clock = MutableClock.startingNow();
    private Keyward keyward;

    @AfterEach
    void tearDown() {
        keyward.close();
    }

    private Keyward keyward(OlderStore store, Duration maxLifetime) {
        Keyward.Builder builder = Fixtures.keyward(store, clock)
                .githubSecretScanningKey(GitHubSecretScanningTest.KEY_ID, GITHUB.getPublic());
        keyward = (maxLifetime == null ? builder : builder.maxCredentialLifetime(maxLifetime)).build();
        return keyward;
    }

    private static void assertStoreFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KeywardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
            assertThat(e.getMessage()).contains("must be upgraded");
        });
    }

    private TokenResponse report(String... credentials) {
        byte[] body = GitHubSecretScanningTest.alert(credentials).getBytes(StandardCharsets.UTF_8);
        return keyward.githubSecretScanning().handle("POST", RequestHeaders.of(
                GitHubSecretScanning.KEY_IDENTIFIER_HEADER, GitHubSecretScanningTest.KEY_ID,
                GitHubSecretScanning.SIGNATURE_HEADER, GitHubSecretScanningTest.sign(GITHUB.getPrivate(), body)), body);
    }

    private boolean verifies(String key) {
        return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }

    @Nested
    @DisplayName("a store that drops the connection fields added since its release")
    class DroppingLaterFields {

        @Test
        @DisplayName("a connection created with an expiry fails, and nothing is created that would never expire")
        void expiryAtCreate() {
            Keyward node = keyward(OlderStore.droppingLaterFields(), null);
            Instant tomorrow = clock.instant().plus(Duration.ofDays(1));

            assertStoreFailure(() -> node.connections().create(SUPER, ACME,
                    NewConnection.builder("Key", AuthenticationType.ACCESS_KEY).expiresAt(tomorrow).build()));

            assertThat(node.connections().list(SUPER, ACME)).isEmpty();
        }

        @Test
        @DisplayName("with a maximum lifetime configured, every create fails: none may live for ever")
        void lifetimeCapAtCreate() {
            Keyward node = keyward(OlderStore.droppingLaterFields(), Duration.ofDays(30));

            assertStoreFailure(() -> node.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY));

            assertThat(node.connections().list(SUPER, ACME)).isEmpty();
        }

        @Test
        @DisplayName("a regeneration with an expiry fails, and the old secret stays as it was")
        void expiryAtRegeneration() {
            Keyward node = keyward(OlderStore.droppingLaterFields(), null);
            IssuedCredentials key = node.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);
            Instant tomorrow = clock.instant().plus(Duration.ofDays(1));

            assertStoreFailure(() -> node.connections().regenerate(ADMIN, ACME, key.connection().id(),
                    Regeneration.builder().expiresAt(tomorrow).build()));

            assertThat(node.connections().get(ADMIN, ACME, key.connection().id())).isEqualTo(key.connection());
            assertThat(verifies(key.secret().reveal())).isTrue();
        }

        @Test
        @DisplayName("a leak report of a live key is answered 500, never true_positive while the key goes on verifying")
        void leakMark() {
            Keyward node = keyward(OlderStore.droppingLaterFields(), null);
            IssuedCredentials key = node.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);

            TokenResponse answer = report(key.secret().reveal());

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.body()).doesNotContain("true_positive");
        }
    }

    @Nested
    @DisplayName("a store whose units of work cannot delete a single token")
    class WithoutSingleTokenDeletes {

        @Test
        @DisplayName("revoking a token is a store failure that says the store must be upgraded")
        void revokeToken() {
            Keyward node = keyward(OlderStore.keepingEveryField(), null);
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            String token = IntrospectionEndpointTest.issueToken(node, client);

            assertStoreFailure(() -> node.revokeToken(token));

            assertThat(node.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted())
                    .as("nothing revoked").isTrue();
        }

        @Test
        @DisplayName("a leak report of a token and a key: the key is revoked at once, the report answered 500 to be sent again")
        void leakReportRevokesWhatItCan() {
            Keyward node = keyward(OlderStore.keepingEveryField(), null);
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            IssuedCredentials key = node.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);
            String token = IntrospectionEndpointTest.issueToken(node, client);

            TokenResponse answer = report(token, key.secret().reveal());

            assertThat(answer.status()).isEqualTo(500);
            assertThat(verifies(key.secret().reveal())).isFalse();
            assertThat(node.connections().get(ADMIN, ACME, key.connection().id()).leakedAt()).isNotNull();
        }
    }
}
