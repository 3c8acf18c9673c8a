package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.testing.FailingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A store that fails: introspection, revocation and leak reports answer 500 and change nothing. */
class InteropStoreFailureTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final FailingStore store = new FailingStore(new InMemoryStore());
    private final KeyPair github = GitHubSecretScanningTest.keyPair("secp256r1");
    private Keyward keyward;
    private IssuedCredentials client;
    private IssuedCredentials key;
    private String token;

    /** Fails every read by lookup id once told to. */
    @BeforeEach
    void setUp() {
        keyward = Fixtures.keyward(store, clock).introspectionClient(IntrospectionEndpointTest.GATEWAY_ID,
                IntrospectionEndpointTest.GATEWAY_SECRET)
                .githubSecretScanningKey(GitHubSecretScanningTest.KEY_ID, github.getPublic()).build();
        client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        token = IntrospectionEndpointTest.issueToken(keyward, client);
    }

    @Test
    @DisplayName("introspection of a credential not yet verified here: 500 server_error, never active:false")
    void introspectionAnswers500() {
        store.failing = true;

        TokenResponse response = IntrospectionEndpointTest.introspect(keyward,
                "token=" + key.secret().reveal() + "&token_type_hint=access_key");

        assertThat(response.status()).isEqualTo(500);
        assertThat(Requests.json(response.body()).get("error").asText()).isEqualTo("server_error");
    }

    @Test
    @DisplayName("revocation: 500 server_error, and the token still works once the store is back")
    void revocationAnswers500AndRevokesNothing() {
        store.failing = true;

        TokenResponse response = keyward.revocationEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                ("token=" + token).getBytes(StandardCharsets.US_ASCII));

        assertThat(response.status()).isEqualTo(500);
        store.failing = false;
        assertThat(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted()).isTrue();
    }

    @Test
    @DisplayName("a leak report: 500, and the key still works once the store is back")
    void leakReportAnswers500() {
        byte[] body = GitHubSecretScanningTest.alert(key.secret().reveal()).getBytes(StandardCharsets.UTF_8);
        store.failing = true;

        TokenResponse response = keyward.githubSecretScanning().handle("POST", RequestHeaders.of(
                GitHubSecretScanning.KEY_IDENTIFIER_HEADER, GitHubSecretScanningTest.KEY_ID,
                GitHubSecretScanning.SIGNATURE_HEADER, GitHubSecretScanningTest.sign(github.getPrivate(), body)), body);

        assertThat(response.status()).isEqualTo(500);
        store.failing = false;
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key.secret().reveal()), ApiFamily.REST)
                .granted()).isTrue();
        assertThat(keyward.connections().get(ADMIN, ACME, key.connection().id()).leakedAt()).isNull();
    }
}
