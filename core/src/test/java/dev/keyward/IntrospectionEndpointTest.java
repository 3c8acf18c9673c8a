package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static dev.keyward.testing.Requests.FORM;
import static dev.keyward.testing.Requests.basic;
import static dev.keyward.testing.Requests.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IntrospectionEndpointTest {

    static final String GATEWAY_ID = "api-gateway";
    static final String GATEWAY_SECRET = "gateway-secret-0123456789";
    private static final String INACTIVE = "{\"active\":false}";

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private final InMemoryStore memory = new InMemoryStore();
    private final CountingStore store = new CountingStore(memory);
    private final CountingHasher hasher = new CountingHasher();
    private Keyward keyward;
    private IssuedCredentials client;
    private IssuedCredentials key;
    private String token;

    @BeforeEach
    void setUp() {
        keyward = Fixtures.keyward(store, clock).hasher(hasher).auditListener(audit)
                .introspectionClient(GATEWAY_ID, GATEWAY_SECRET).build();
        client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        token = issueToken(keyward, client);
    }

    static String issueToken(Keyward node, IssuedCredentials client) {
        TokenResponse issued = node.tokenEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));
        assertThat(issued.status()).isEqualTo(200);
        return Requests.accessTokenOf(issued.body());
    }

    private TokenResponse introspect(String form) {
        return introspect(keyward, form);
    }

    static TokenResponse introspect(Keyward node, String form) {
        return node.introspectionEndpoint().handle("POST",
                RequestHeaders.of("Authorization", basic(GATEWAY_ID, GATEWAY_SECRET), "Content-Type", FORM),
                form.getBytes(StandardCharsets.US_ASCII));
    }

    private static TokenResponse post(Keyward node, String body, String... headers) {
        return node.introspectionEndpoint().handle("POST", RequestHeaders.of(headers),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    record Case(String name, Function<IntrospectionEndpointTest, TokenResponse> request, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> errors() {
        String gateway = basic(GATEWAY_ID, GATEWAY_SECRET);
        return Stream.of(
                new Case("GET", t -> t.keyward.introspectionEndpoint().handle("GET",
                        RequestHeaders.of("Authorization", gateway), null), 405, "invalid_request"),
                new Case("no content type", t -> post(t.keyward, "token=" + t.token, "Authorization", gateway),
                        400, "invalid_request"),
                new Case("JSON content type", t -> post(t.keyward, "token=" + t.token, "Authorization", gateway,
                        "Content-Type", "application/json"), 400, "invalid_request"),
                new Case("non-ASCII body", t -> post(t.keyward, "token=é", "Authorization", gateway,
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("repeated token", t -> post(t.keyward, "token=a&token=b", "Authorization", gateway,
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("bad percent encoding", t -> post(t.keyward, "token=%zz", "Authorization", gateway,
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("oversized body", t -> post(t.keyward, "token=" + "a".repeat(9000), "Authorization", gateway,
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("repeated Authorization", t -> post(t.keyward, "token=x", "Authorization", gateway,
                        "Authorization", gateway, "Content-Type", FORM), 400, "invalid_request"),
                new Case("malformed Basic", t -> post(t.keyward, "token=x", "Authorization", "Basic %%%",
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("no token", t -> post(t.keyward, "token_type_hint=access_token", "Authorization", gateway,
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("empty token", t -> post(t.keyward, "token=", "Authorization", gateway,
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("no caller authentication", t -> post(t.keyward, "token=" + t.token, "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("wrong gateway secret", t -> post(t.keyward, "token=" + t.token,
                        "Authorization", basic(GATEWAY_ID, GATEWAY_SECRET + "x"), "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("wrong gateway id", t -> post(t.keyward, "token=" + t.token,
                        "Authorization", basic("other", GATEWAY_SECRET), "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("gateway credentials in the form", t -> post(t.keyward, "token=" + t.token
                        + "&client_id=" + GATEWAY_ID + "&client_secret=" + GATEWAY_SECRET, "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("a tenant's OAuth client", t -> post(t.keyward, "token=" + t.token,
                        "Authorization", basic(t.client.connection().clientId(), t.client.secret().reveal()),
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("a bearer token as caller", t -> post(t.keyward, "token=" + t.token,
                        "Authorization", "Bearer " + t.token, "Content-Type", FORM), 401, "invalid_client"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    @DisplayName("every error of the introspection endpoint has its status, code and headers")
    void everyErrorCase(Case c) {
        TokenResponse response = c.request().apply(this);

        assertThat(response.status()).isEqualTo(c.status());
        JsonNode body = Requests.json(response.body());
        assertThat(body.get("error").asText()).isEqualTo(c.error());
        assertThat(body.has("active")).isFalse();
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        if (c.status() == 401) {
            assertThat(response.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"keyward\", charset=\"UTF-8\"");
        }
        if (c.status() == 405) {
            assertThat(response.headers()).containsEntry("Allow", "POST");
        }
        assertThat(audit.events(AuditAction.INTROSPECT_TOKEN)).isNotEmpty();
    }

    @Test
    @DisplayName("the gateway's pair sent both in Basic and in the form, as lua-resty-openidc (APISIX, kong-oidc) sends it, is one authentication; a different pair in the form is not")
    void gatewaysPairRepeatedInTheForm() {
        String gateway = basic(GATEWAY_ID, GATEWAY_SECRET);

        TokenResponse repeated = post(keyward, "token=" + token + "&client_id=" + GATEWAY_ID + "&client_secret="
                + GATEWAY_SECRET + "&token_type_hint=access_token", "Authorization", gateway, "Content-Type", FORM);
        TokenResponse differing = post(keyward, "token=" + token + "&client_id=" + GATEWAY_ID + "&client_secret="
                + GATEWAY_SECRET + "x", "Authorization", gateway, "Content-Type", FORM);

        assertThat(Requests.json(repeated.body()).get("active").asBoolean()).isTrue();
        assertThat(differing.status()).isEqualTo(400);
        assertThat(Requests.json(differing.body()).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    @DisplayName("the gateway's credentials in another valid spelling are accepted after parsing")
    void gatewayInAnotherSpelling() {
        String lowerCaseScheme = "basic " + basic(GATEWAY_ID, GATEWAY_SECRET).substring("Basic ".length());

        TokenResponse response = post(keyward, "token=" + token, "Authorization", lowerCaseScheme,
                "Content-Type", FORM);

        assertThat(Requests.json(response.body()).get("active").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a header that differs from the gateway's only beyond ASCII is not the gateway's")
    void aWideCharacterIsNotTheGatewaysByte() {
        String header = basic(GATEWAY_ID, GATEWAY_SECRET);
        int last = header.length() - 1;
        // Each differs from the gateway's header in one character whose low byte is the original's.
        String wideScheme = (char) (header.charAt(0) + 0x100) + header.substring(1);
        String wideCredentials = header.substring(0, last) + (char) (header.charAt(last) + 0x100);

        assertThat(post(keyward, "token=" + token, "Authorization", wideScheme, "Content-Type", FORM).status())
                .isEqualTo(401);
        // Not Base64: Basic credentials that cannot be read, a failed authentication (RFC 6749 §5.2).
        assertThat(post(keyward, "token=" + token, "Authorization", wideCredentials, "Content-Type", FORM).status())
                .isEqualTo(401);
    }

    @Test
    @DisplayName("without a configured gateway, even the right-looking caller is refused")
    void noGatewayConfiguredRefusesEveryone() {
        Keyward closed = Fixtures.keyward(memory, clock).build();

        TokenResponse response = introspect(closed, "token=" + token);

        assertThat(response.status()).isEqualTo(401);
        assertThat(closed.config().introspectionClientId()).isEmpty();
    }

    @Test
    @DisplayName("an active bearer token: Bearer, client id, connection, organization, times and REST only")
    void activeBearerToken() {
        TokenResponse response = introspect("token=" + encode(token));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        JsonNode body = Requests.json(response.body());
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("client_id").asText()).isEqualTo(client.connection().clientId());
        assertThat(body.get("sub").asText()).isEqualTo(client.connection().id().value());
        assertThat(body.get("org").asText()).isEqualTo("acme");
        long now = clock.instant().getEpochSecond();
        assertThat(body.get("iat").asLong()).isBetween(now - 1, now);
        assertThat(body.get("exp").asLong()).isEqualTo(body.get("iat").asLong() + 86_400);
        assertThat(body.get("api_families").toString()).isEqualTo("[\"REST\"]");
        assertThat(body.has("allowed_ips")).as("a connection without ranges").isFalse();
    }

    @Test
    @DisplayName("an active answer is exactly its members in their order, for a bearer token and an access key")
    void activeAnswersExactly() {
        String bearer = introspect("token=" + token).body();
        JsonNode times = Requests.json(bearer);
        String keyAnswer = introspect("token=" + key.secret().reveal() + "&token_type_hint=access_key").body();

        assertThat(bearer).isEqualTo("{\"active\":true,\"token_type\":\"Bearer\",\"client_id\":\""
                + client.connection().clientId() + "\",\"sub\":\"" + client.connection().id().value()
                + "\",\"org\":\"acme\",\"exp\":" + times.get("exp").asLong() + ",\"iat\":" + times.get("iat").asLong()
                + ",\"api_families\":[\"REST\"]}");
        assertThat(keyAnswer).isEqualTo("{\"active\":true,\"token_type\":\"access_key\",\"sub\":\""
                + key.connection().id().value() + "\",\"org\":\"acme\",\"api_families\":[\"REST\",\"EVENT\"]}");
    }

    @Test
    @DisplayName("the answers for one token follow its connection's allowed ranges as they are set, changed and removed")
    void answersFollowTheConnectionsRanges() {
        assertThat(Requests.json(introspect("token=" + token).body()).has("allowed_ips")).isFalse();

        for (List<String> ranges : List.of(List.of("203.0.113.0/24"), List.of("198.51.100.7/32", "2001:db8::/32"))) {
            keyward.connections().update(SUPER, ACME, client.connection().id(),
                    ConnectionUpdate.builder().allowedIps(ranges).build());

            JsonNode body = Requests.json(introspect("token=" + token).body());

            assertThat(body.get("allowed_ips")).as("after %s", ranges).hasSize(ranges.size());
            assertThat(body.get("allowed_ips").get(ranges.size() - 1).asText()).isEqualTo(ranges.get(ranges.size() - 1));
        }
        keyward.connections().update(SUPER, ACME, client.connection().id(),
                ConnectionUpdate.builder().allowedIps(List.of()).build());

        assertThat(Requests.json(introspect("token=" + token).body()).has("allowed_ips")).isFalse();
    }

    @Test
    @DisplayName("tokens of one connection introspected in turn are each answered with their own times")
    void tokensOfOneConnectionEachWithTheirOwnTimes() {
        clock.advance(Duration.ofSeconds(10));
        String later = issueToken(keyward, client);

        for (int i = 0; i < 3; i++) {
            JsonNode first = Requests.json(introspect("token=" + token).body());
            JsonNode second = Requests.json(introspect("token=" + later).body());

            assertThat(second.get("iat").asLong()).isEqualTo(first.get("iat").asLong() + 10);
            assertThat(second.get("exp").asLong()).isEqualTo(first.get("exp").asLong() + 10);
        }
    }

    @Test
    @DisplayName("an access key answered without expiry is answered with the end of its grace period once replaced")
    void anAccessKeysAnswerTakesTheEndOfItsGracePeriod() {
        String form = "token=" + key.secret().reveal() + "&token_type_hint=access_key";
        assertThat(Requests.json(introspect(form).body()).has("exp")).isFalse();

        keyward.connections().regenerate(ADMIN, ACME, key.connection().id(), Duration.ofSeconds(60));

        JsonNode body = Requests.json(introspect(form).body());
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("exp").asLong()).isEqualTo(clock.instant().getEpochSecond() + 60);
    }

    @Test
    @DisplayName("a credential whose connection has allowed IP ranges: the ranges, for the gateway to enforce")
    void activeAnswersCarryTheConnectionsAllowedRanges() {
        keyward.connections().update(SUPER, ACME, client.connection().id(),
                ConnectionUpdate.builder().allowedIps(List.of("203.0.113.0/24", "2001:db8::/32")).build());
        String fresh = issueTokenFrom("203.0.113.9");

        JsonNode body = Requests.json(introspect("token=" + encode(fresh)).body());

        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("allowed_ips").toString()).isEqualTo("[\"203.0.113.0/24\",\"2001:db8::/32\"]");
        JsonNode old = Requests.json(introspect("token=" + encode(token)).body());
        assertThat(old.get("allowed_ips").toString()).as("a token issued before the change, re-read")
                .isEqualTo("[\"203.0.113.0/24\",\"2001:db8::/32\"]");
    }

    private String issueTokenFrom(String address) {
        TokenResponse issued = keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII), ClientAddress.parse(address));
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        return Requests.accessTokenOf(issued.body());
    }

    @Test
    @DisplayName("an access key with token_type_hint=access_key: active, REST and EVENT, no client id")
    void activeAccessKeyWithHint() {
        TokenResponse response = introspect("token=" + key.secret().reveal() + "&token_type_hint=access_key");

        JsonNode body = Requests.json(response.body());
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("token_type").asText()).isEqualTo("access_key");
        assertThat(body.has("client_id")).isFalse();
        assertThat(body.has("exp")).as("an access key without expiry").isFalse();
        assertThat(body.get("sub").asText()).isEqualTo(key.connection().id().value());
        assertThat(body.get("api_families").toString()).isEqualTo("[\"REST\",\"EVENT\"]");
    }

    @Test
    @DisplayName("a bearer token is active whatever hint the gateway sends")
    void bearerTokenWithAnyHint() {
        for (String hint : new String[] {"access_token", "refresh_token", "access_key", "made_up"}) {
            JsonNode body = Requests.json(introspect("token=" + token + "&token_type_hint=" + hint).body());
            assertThat(body.get("active").asBoolean()).as(hint).isTrue();
        }
    }

    static Stream<Arguments> inactive() {
        return Stream.of(
                new Arguments("an unknown well-formed token", t -> "token=" + t.unknownToken()),
                new Arguments("a malformed value", t -> "token=not-a-credential"),
                new Arguments("a token with a broken checksum", t -> "token=" + flipLast(t.token)),
                new Arguments("an access key without the hint", t -> "token=" + t.key.secret().reveal()),
                new Arguments("an access key with hint access_token",
                        t -> "token=" + t.key.secret().reveal() + "&token_type_hint=access_token"),
                new Arguments("a client secret", t -> "token=" + t.client.secret().reveal()),
                new Arguments("a client secret with hint access_key",
                        t -> "token=" + t.client.secret().reveal() + "&token_type_hint=access_key"),
                new Arguments("a client id", t -> "token=" + t.client.connection().clientId()),
                new Arguments("an expired token", t -> {
                    t.clock.advance(Duration.ofDays(1));
                    return "token=" + t.token;
                }),
                new Arguments("a token revoked by regeneration", t -> {
                    t.keyward.connections().regenerate(SUPER, ACME, t.client.connection().id());
                    return "token=" + t.token;
                }),
                new Arguments("a regenerated access key", t -> {
                    t.keyward.connections().regenerate(ADMIN, ACME, t.key.connection().id());
                    return "token=" + t.key.secret().reveal() + "&token_type_hint=access_key";
                }),
                new Arguments("a deleted connection's token", t -> {
                    t.keyward.connections().delete(SUPER, ACME, t.client.connection().id());
                    return "token=" + t.token;
                }));
    }

    record Arguments(String name, Function<IntrospectionEndpointTest, String> form) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inactive")
    @DisplayName("everything that is not an active credential is exactly {\"active\":false}")
    void everyInactiveAnswerIsTheSame(Arguments c) {
        // Warm first, the token and the access key, so a revocation must reach the remembered verification too.
        assertThat(Requests.json(introspect("token=" + token).body()).get("active").asBoolean()).isTrue();
        assertThat(Requests.json(introspect("token=" + key.secret().reveal() + "&token_type_hint=access_key").body())
                .get("active").asBoolean()).isTrue();
        String form = c.form().apply(this);

        TokenResponse response = introspect(form);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(INACTIVE);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
    }

    @Test
    @DisplayName("a warm token is introspected with no store read and no hash")
    void warmTokenCostsNoStoreReadAndNoHash() {
        introspect("token=" + token);
        introspect("token=" + key.secret().reveal() + "&token_type_hint=access_key");
        store.reset();
        int verifies = hasher.verifies();

        for (int i = 0; i < 20; i++) {
            assertThat(Requests.json(introspect("token=" + token).body()).get("active").asBoolean()).isTrue();
            assertThat(Requests.json(introspect("token=" + key.secret().reveal() + "&token_type_hint=access_key")
                    .body()).get("active").asBoolean()).isTrue();
        }

        assertThat(store.reads()).isZero();
        assertThat(hasher.verifies()).isEqualTo(verifies);
    }

    /**
     * Gateways write Basic credentials either as RFC 6749 §2.3.1 says (form-encoded, as OAuth client libraries do)
     * or as RFC 7617 does (as they are: {@code curl -u}, a header set by hand); a secret made by base64 holds
     * {@code +}, {@code /} and {@code =}, and a {@code +} read as a form would be a space. Both spellings are the
     * caller; a header carrying another secret is not.
     */
    @Test
    @DisplayName("the gateway may send its credentials form-encoded or as they are, whatever characters they hold")
    void gatewayCredentialsAreTheCallerEncodedOrAsTheyAre() {
        String id = "gw/edge=1+2";
        String secret = "q+Z/9%41=abcdef+ghij/k==";
        Keyward gateway = Fixtures.keyward(memory, clock).introspectionClient(id, secret).build();
        String form = "token=" + token;
        for (String pair : List.of(id + ":" + secret, Requests.encode(id) + ":" + Requests.encode(secret))) {
            String credentials = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.US_ASCII));
            // Laid out as gateways write it, and as they may: the scheme in any case, more spaces, no padding.
            for (String header : List.of("Basic " + credentials, "basic " + credentials, "BASIC   " + credentials + " ",
                    "Basic " + credentials.replace("=", ""))) {
                TokenResponse answer = post(gateway, form, "Authorization", header, "Content-Type", FORM);
                assertThat(answer.status()).as(header).isEqualTo(200);
                assertThat(answer.body()).as(header).contains("\"active\":true");
            }
        }
        for (String pair : List.of(id + ":" + secret.replace('+', ' '), id + ":" + secret.replace("%41", "A"))) {
            String header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.US_ASCII));
            assertThat(post(gateway, form, "Authorization", header, "Content-Type", FORM).status()).as(pair)
                    .isEqualTo(401);
        }
    }

    @Test
    @DisplayName("the gateway's secret is validated and never shown")
    void gatewaySecretIsValidatedAndHidden() {
        assertThatThrownBy(() -> Keyward.builder().introspectionClient("id:colon", GATEWAY_SECRET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keyward.builder().introspectionClient("id", "short"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keyward.config().introspectionClientId()).contains(GATEWAY_ID);
        assertThat(keyward.config().toString()).contains(GATEWAY_ID).doesNotContain(GATEWAY_SECRET);
        assertThat(keyward.introspectionEndpoint().toString()).doesNotContain(GATEWAY_SECRET);
    }

    @Test
    @DisplayName("the host's headers that throw are a bad request, never an exception")
    void throwingHeadersAreABadRequest() {
        RequestHeaders broken = name -> {
            throw new IllegalStateException("boom");
        };
        TokenResponse response = keyward.introspectionEndpoint().handle("POST", broken, "token=x".getBytes(StandardCharsets.US_ASCII));
        assertThat(response.status()).isEqualTo(400);
        assertThat(keyward.introspectionEndpoint().handle("POST", null, null).status()).isEqualTo(400);
    }

    private String unknownToken() {
        Keyward other = Fixtures.keyward(new InMemoryStore(), clock).build();
        IssuedCredentials elsewhere = other.connections().create(SUPER, ACME, "Elsewhere", AuthenticationType.OAUTH);
        return issueToken(other, elsewhere);
    }

    private static String flipLast(String value) {
        char last = value.charAt(value.length() - 1);
        return value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

}
