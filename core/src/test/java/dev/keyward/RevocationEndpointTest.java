package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static dev.keyward.testing.Requests.FORM;
import static dev.keyward.testing.Requests.basic;
import static dev.keyward.testing.Requests.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RevocationEndpointTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private final InMemoryStore shared = new InMemoryStore();
    private Keyward keyward;
    private Keyward otherNode;
    private IssuedCredentials client;
    private IssuedCredentials otherClient;
    private IssuedCredentials key;
    private String token;
    private String otherToken;

    @BeforeEach
    void setUp() {
        keyward = Fixtures.keyward(shared, clock).auditListener(audit).build();
        otherNode = Fixtures.keyward(shared, clock).build();
        client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        otherClient = keyward.connections().create(SUPER, GLOBEX, "Other", AuthenticationType.OAUTH);
        key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        token = IntrospectionEndpointTest.issueToken(keyward, client);
        otherToken = IntrospectionEndpointTest.issueToken(keyward, otherClient);
    }

    @AfterEach
    void tearDown() {
        keyward.close();
        otherNode.close();
    }

    private TokenResponse revoke(String form) {
        return keyward.revocationEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                form.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean granted(Keyward node, String bearer) {
        return node.authenticator().authenticate(Requests.bearer(bearer), ApiFamily.REST).granted();
    }

    private TokenResponse post(String body, String... headers) {
        return keyward.revocationEndpoint().handle("POST", RequestHeaders.of(headers),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    record Case(String name, Function<RevocationEndpointTest, TokenResponse> request, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private String own() {
        return basic(client.connection().clientId(), client.secret().reveal());
    }

    static Stream<Case> errors() {
        return Stream.of(
                new Case("GET", t -> t.keyward.revocationEndpoint().handle("GET", RequestHeaders.of("Authorization",
                        t.own()), null), 405, "invalid_request"),
                new Case("no content type", t -> t.post("token=" + t.token, "Authorization", t.own()),
                        400, "invalid_request"),
                new Case("non-ASCII body", t -> t.post("token=ü", "Authorization", t.own(), "Content-Type", FORM),
                        400, "invalid_request"),
                new Case("repeated token", t -> t.post("token=a&token=b", "Authorization", t.own(),
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("oversized body", t -> t.post("token=" + "a".repeat(9000), "Authorization", t.own(),
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("no token", t -> t.post("token_type_hint=access_token", "Authorization", t.own(),
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("Basic and client_secret", t -> t.post("token=" + t.token + "&client_secret="
                        + encode(t.client.secret().reveal()), "Authorization", t.own(), "Content-Type", FORM),
                        400, "invalid_request"),
                new Case("malformed Basic", t -> t.post("token=" + t.token, "Authorization", "Basic Zm9v",
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("no client authentication", t -> t.post("token=" + t.token, "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("wrong client secret", t -> t.post("token=" + t.token, "Authorization",
                        basic(t.client.connection().clientId(), t.otherClient.secret().reveal()),
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("the token as Bearer", t -> t.post("token=" + t.token, "Authorization", "Bearer " + t.token,
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("an access key as client", t -> t.post("token=" + t.token, "Authorization",
                        basic("kwci_x", t.key.secret().reveal()), "Content-Type", FORM), 401, "invalid_client"),
                new Case("an access key to revoke", t -> t.revoke("token=" + t.key.secret().reveal()),
                        400, "unsupported_token_type"),
                new Case("a client secret to revoke", t -> t.revoke("token=" + t.client.secret().reveal()
                        + "&token_type_hint=refresh_token"), 400, "unsupported_token_type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    @DisplayName("every error of the revocation endpoint has its status, code and headers, and revokes nothing")
    void everyErrorCase(Case c) {
        TokenResponse response = c.request().apply(this);

        assertThat(response.status()).isEqualTo(c.status());
        JsonNode body = Requests.json(response.body());
        assertThat(body.get("error").asText()).isEqualTo(c.error());
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        if (c.status() == 401) {
            assertThat(response.headers()).containsKey("WWW-Authenticate");
        }
        assertThat(granted(keyward, token)).isTrue();
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key.secret().reveal()), ApiFamily.REST)
                .granted()).isTrue();
        assertThat(audit.events(AuditAction.REVOKE_TOKEN)).extracting(e -> e.outcome())
                .containsOnly(AuditOutcome.REFUSED);
    }

    @Test
    @DisplayName("a client revokes its own token: 200 with no body, denied here at once and on another node")
    void ownTokenIsRevokedEverywhere() {
        assertThat(granted(otherNode, token)).isTrue();

        TokenResponse response = revoke("token=" + token + "&token_type_hint=access_token");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(granted(keyward, token)).isFalse();
        assertThat(granted(otherNode, token)).as("the in-memory store pushes the revocation").isFalse();
        assertThat(audit.events(AuditAction.REVOKE_TOKEN)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS))
                .satisfies(e -> assertThat(e.connectionId()).isEqualTo(client.connection().id()));
    }

    @Test
    @DisplayName("a client with allowed ranges revokes from inside them only; from outside, or from an unknown address, 400 unauthorized_client and nothing revoked")
    void allowedRangesApplyToRevocation() {
        keyward.connections().update(SUPER, ACME, client.connection().id(),
                ConnectionUpdate.builder().allowedIps(List.of("10.0.0.0/8")).build());
        byte[] form = ("token=" + token).getBytes(StandardCharsets.US_ASCII);
        RequestHeaders basic = Requests.basicForm(client.connection().clientId(), client.secret().reveal());
        ClientAddress office = ClientAddress.parse("10.1.2.3");

        for (ClientAddress from : new ClientAddress[] {ClientAddress.parse("203.0.113.5"), null}) {
            TokenResponse refused = keyward.revocationEndpoint().handle("POST", basic, form, from);
            assertThat(refused.status()).as("from %s", from).isEqualTo(400);
            assertThat(Requests.json(refused.body()).get("error").asText()).isEqualTo("unauthorized_client");
        }
        assertThat(keyward.revocationEndpoint().handle("POST", basic, form).status())
                .as("without an address: unknown").isEqualTo(400);
        assertThat(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST, null, office)
                .granted()).as("not revoked").isTrue();

        assertThat(keyward.revocationEndpoint().handle("POST", basic, form, office).status()).isEqualTo(200);
        assertThat(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST, null, office)
                .granted()).as("revoked").isFalse();
    }

    @Test
    @DisplayName("revoking twice, an unknown token or a malformed one: 200 every time")
    void unknownAndRepeatedTokensAre200() {
        assertThat(revoke("token=" + token).status()).isEqualTo(200);
        assertThat(revoke("token=" + token).status()).isEqualTo(200);
        assertThat(revoke("token=kwat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(200);
        assertThat(revoke("token=whatever").status()).isEqualTo(200);
        assertThat(revoke("token=" + token + "&token_type_hint=made_up").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("another client's token is left alone, though the answer is the same 200")
    void anotherClientsTokenIsLeftAlone() {
        TokenResponse response = revoke("token=" + otherToken);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(granted(keyward, otherToken)).isTrue();
        assertThat(granted(otherNode, otherToken)).isTrue();
        assertThat(audit.events(AuditAction.REVOKE_TOKEN)).isEmpty();
    }

    @Test
    @DisplayName("a second token of the same client is left alone when one is revoked")
    void onlyTheNamedTokenIsRevoked() {
        String second = IntrospectionEndpointTest.issueToken(keyward, client);

        revoke("token=" + token);

        assertThat(granted(keyward, token)).isFalse();
        assertThat(granted(keyward, second)).isTrue();
    }

    @Test
    @DisplayName("client_secret_post authenticates as at the token endpoint")
    void clientSecretPostWorks() {
        TokenResponse response = post("token=" + token + "&client_id=" + client.connection().clientId()
                + "&client_secret=" + encode(client.secret().reveal()), "Content-Type", FORM);

        assertThat(response.status()).isEqualTo(200);
        assertThat(granted(keyward, token)).isFalse();
    }
}
