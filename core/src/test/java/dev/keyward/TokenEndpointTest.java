package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static dev.keyward.testing.Requests.FORM;
import static dev.keyward.testing.Requests.basic;
import static dev.keyward.testing.Requests.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardStore;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import dev.keyward.testing.Verification;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenEndpointTest {

    private static final String GRANT = "grant_type=client_credentials";

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private Keyward keyward;
    private IssuedCredentials client;
    private String id;
    private String secret;

    @BeforeEach
    void setUp() {
        keyward = Fixtures.keyward(new InMemoryStore(), clock).auditListener(audit).build();
        client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        id = client.connection().clientId();
        secret = client.secret().reveal();
    }

    /** One request of the table: method, headers and body, made from the client's id and secret. */
    record Request(String method, RequestHeaders headers, String body) {
    }

    record Case(String name, BiFunction<String, String, Request> request, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Request post(String body, String... headers) {
        return new Request("POST", RequestHeaders.of(headers), body);
    }

    static Stream<Case> errors() {
        return Stream.of(
                new Case("GET", (i, s) -> new Request("GET", RequestHeaders.of("Authorization", basic(i, s)), null),
                        405, "invalid_request"),
                new Case("lower-case post", (i, s) -> new Request("post", RequestHeaders.empty(), GRANT),
                        405, "invalid_request"),
                new Case("body without content type", (i, s) -> post(GRANT, "Authorization", basic(i, s)),
                        400, "invalid_request"),
                new Case("JSON content type", (i, s) -> post(GRANT, "Authorization", basic(i, s),
                        "Content-Type", "application/json"), 400, "invalid_request"),
                new Case("repeated content type", (i, s) -> post(GRANT, "Authorization", basic(i, s),
                        "Content-Type", FORM, "Content-Type", FORM), 400, "invalid_request"),
                new Case("repeated parameter", (i, s) -> post(GRANT + "&" + GRANT, "Authorization", basic(i, s),
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("bad percent encoding", (i, s) -> post(GRANT + "&x=%zz", "Authorization", basic(i, s),
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("oversized body", (i, s) -> post(GRANT + "&x=" + "a".repeat(9000),
                        "Authorization", basic(i, s), "Content-Type", FORM), 400, "invalid_request"),
                new Case("repeated Authorization", (i, s) -> post(GRANT, "Authorization", basic(i, s),
                        "Authorization", basic(i, s), "Content-Type", FORM), 400, "invalid_request"),
                // RFC 6749 §5.2: a client that tried the Authorization header and failed is answered 401.
                new Case("Basic not base64", (i, s) -> post(GRANT, "Authorization", "Basic %%%",
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("Basic without colon", (i, s) -> post(GRANT, "Authorization", "Basic Zm9v",
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("Basic with a bad escape", (i, s) -> post(GRANT, "Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((i + ":%zz").getBytes(StandardCharsets.US_ASCII)),
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("Basic without credentials", (i, s) -> post(GRANT, "Authorization", "Basic",
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("Basic and client_secret", (i, s) -> post(GRANT + "&client_secret=" + encode(s),
                        "Authorization", basic(i, s), "Content-Type", FORM), 400, "invalid_request"),
                new Case("client_secret without client_id", (i, s) -> post(GRANT + "&client_secret=" + encode(s),
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("missing grant_type", (i, s) -> post("", "Authorization", basic(i, s)),
                        400, "invalid_request"),
                new Case("empty grant_type", (i, s) -> post("grant_type=", "Authorization", basic(i, s),
                        "Content-Type", FORM), 400, "invalid_request"),
                new Case("password grant", (i, s) -> post("grant_type=password&username=a&password=b",
                        "Authorization", basic(i, s), "Content-Type", FORM), 400, "unsupported_grant_type"),
                new Case("refresh grant", (i, s) -> post("grant_type=refresh_token&refresh_token=x",
                        "Authorization", basic(i, s), "Content-Type", FORM), 400, "unsupported_grant_type"),
                new Case("scope", (i, s) -> post(GRANT + "&scope=read", "Authorization", basic(i, s),
                        "Content-Type", FORM), 400, "invalid_scope"),
                new Case("no client authentication", (i, s) -> post(GRANT, "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("client_id only", (i, s) -> post(GRANT + "&client_id=" + i, "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("Bearer scheme", (i, s) -> post(GRANT, "Authorization", "Bearer abc", "Content-Type", FORM),
                        401, "invalid_client"),
                new Case("wrong secret", (i, s) -> post(GRANT, "Authorization",
                        basic(i, s.substring(0, s.length() - 2) + "xx"), "Content-Type", FORM), 401, "invalid_client"),
                new Case("wrong secret, well formed", (i, s) -> post(GRANT, "Authorization",
                        basic(i, CredentialLayout.withAnotherSecret(CredentialKind.CLIENT_SECRET, s)),
                        "Content-Type", FORM), 401, "invalid_client"),
                new Case("unknown client id", (i, s) -> post(GRANT, "Authorization",
                        basic("kwci_AAAAAAAAAAAA", s), "Content-Type", FORM), 401, "invalid_client"),
                new Case("secret of another id", (i, s) -> post(GRANT, "Authorization",
                        basic(i.substring(0, i.length() - 1) + (i.endsWith("Z") ? "Y" : "Z"), s), "Content-Type", FORM), 401, "invalid_client"),
                new Case("empty secret", (i, s) -> post(GRANT, "Authorization", basic(i, ""), "Content-Type", FORM),
                        401, "invalid_client"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void everyRfc6749ErrorCase(Case c) {
        Request request = c.request().apply(id, secret);

        TokenResponse response = keyward.tokenEndpoint().handle(request.method(), request.headers(), request.body());

        assertThat(response.status()).isEqualTo(c.status());
        JsonNode body = Requests.json(response.body());
        assertThat(body.get("error").asText()).isEqualTo(c.error());
        assertThat(body.has("access_token")).isFalse();
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store").containsEntry("Pragma", "no-cache")
                .containsEntry("Content-Type", "application/json;charset=UTF-8");
        if (c.status() == 401) {
            assertThat(response.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"keyward\", charset=\"UTF-8\"");
        }
        if (c.status() == 405) {
            assertThat(response.headers()).containsEntry("Allow", "POST");
        }
        assertThat(response.toString()).doesNotContain(secret);
        assertThat(audit.last().action()).isEqualTo(AuditAction.ISSUE_TOKEN);
        assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(audit.last().code()).isEqualTo(auditCodeOf(c));
    }

    /** One vocabulary for every audit: a client that offered no usable credential is missing one. */
    private static AuditCode auditCodeOf(Case c) {
        return switch (c.error()) {
            case "invalid_request" -> AuditCode.INVALID_REQUEST;
            case "unsupported_grant_type" -> AuditCode.UNSUPPORTED_GRANT_TYPE;
            case "invalid_scope" -> AuditCode.INVALID_SCOPE;
            case "invalid_client" -> Set.of("no client authentication", "client_id only", "Bearer scheme",
                    "empty secret").contains(c.name()) ? AuditCode.MISSING_CREDENTIALS : AuditCode.INVALID_CREDENTIALS;
            default -> throw new IllegalArgumentException("no audit code expected for " + c.error());
        };
    }

    @Test
    void bodyAsBytesThenAsciiFormAcceptedAndAnyOtherByteRefused() {
        byte[] form = GRANT.getBytes(StandardCharsets.US_ASCII);
        byte[] latin = (GRANT + "&x=caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = (GRANT + "&x=caf\u00e9").getBytes(StandardCharsets.UTF_8);

        TokenResponse granted = keyward.tokenEndpoint().handle("POST", Requests.basicForm(id, secret), form);

        assertThat(granted.status()).isEqualTo(200);
        for (byte[] body : List.of(latin, utf8)) {
            TokenResponse refused = keyward.tokenEndpoint().handle("POST", Requests.basicForm(id, secret), body);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(Requests.json(refused.body()).get("error").asText()).isEqualTo("invalid_request");
        }
        assertThat(keyward.tokenEndpoint().handle("GET", Requests.basicForm(id, secret), utf8).status())
                .as("the method is judged first").isEqualTo(405);
    }

    @Test
    void unknownClientAndWrongSecretThenSameAnswer() {
        CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
        String unknownLookupId = codec.newLookupId();
        TokenResponse unknown = keyward.tokenEndpoint().handle("POST", Requests.basicForm("kwci_" + unknownLookupId,
                codec.issue(CredentialKind.CLIENT_SECRET, unknownLookupId)), GRANT);
        TokenResponse wrong = keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(id, codec.issue(CredentialKind.CLIENT_SECRET, id.substring(CredentialPrefixes.DEFAULTS.clientId().length()))), GRANT);

        assertThat(unknown).isEqualTo(wrong);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(Requests.json(wrong.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(wrong.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"keyward\", charset=\"UTF-8\"");
    }

    @Test
    void basicClientCredentialsThenBearerTokenThatWorksOnRestOnly() {
        TokenResponse response = keyward.tokenEndpoint().handle("POST", Requests.basicForm(id, secret), GRANT);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = Requests.json(response.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(86_400);
        assertThat(body.has("refresh_token")).isFalse();
        String token = body.get("access_token").asText();
        assertThat(token).startsWith("kwat_").hasSizeLessThanOrEqualTo(64);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store").containsEntry("Pragma", "no-cache");
        assertThat(response.toString()).doesNotContain(token);
        assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(audit.last().connectionId()).isEqualTo(client.connection().id());

        AuthenticationResult rest = keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST);
        assertThat(rest).isEqualTo(new AuthenticationResult.Granted(
                new Principal(ACME, client.connection().id(), "Client", AuthenticationType.OAUTH)));
        Denied event = (Denied) keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.EVENT);
        assertThat(event.code()).isEqualTo(DenialCode.API_FAMILY_FORBIDDEN);
        assertThat(event.httpStatus()).isEqualTo(403);
        assertThat(event.wwwAuthenticate()).contains("error=\"insufficient_scope\"");
    }

    @Test
    void postClientCredentialsWithContentTypeParametersThenToken() {
        TokenResponse response = keyward.tokenEndpoint().handle("POST",
                RequestHeaders.of("content-type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
                "client_id=" + encode(id) + "&client_secret=" + encode(secret) + "&" + GRANT + "&unknown=ignored");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void formMediaTypeThenMatchedIgnoringCaseAndSpacesAndLookAlikesRefused() {
        String body = "client_id=" + encode(id) + "&client_secret=" + encode(secret) + "&" + GRANT;
        for (String accepted : new String[] {" application/x-www-form-urlencoded ", "APPLICATION/X-WWW-FORM-URLENCODED;",
                "application/x-www-form-urlencoded\t; charset=utf-8"}) {
            assertThat(keyward.tokenEndpoint().handle("POST", RequestHeaders.of("Content-Type", accepted), body).status())
                    .as(accepted).isEqualTo(200);
        }
        for (String refused : new String[] {"application/x-www-form-urlencodedx", "application/x-www-form-urlencode",
                "application/x-www-form-urlencoded-x", "appl\u0131cation/x-www-form-urlencoded",
                "application/x-www-form-url\u212Aencoded", "", ";application/x-www-form-urlencoded"}) {
            TokenResponse response = keyward.tokenEndpoint().handle("POST", RequestHeaders.of("Content-Type", refused),
                    body);
            assertThat(response.status()).as(refused).isEqualTo(400);
            assertThat(response.body()).as(refused).contains("invalid_request");
        }
    }

    @Test
    void tokenWhenExpiredThenDeniedAndPurged() {
        String token = new Verification(keyward).token(id, secret);
        assertThat(new Verification(keyward).bearerVerifies(token, ApiFamily.REST)).isTrue();

        clock.advance(Duration.ofSeconds(86_399));
        assertThat(new Verification(keyward).bearerVerifies(token, ApiFamily.REST)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(new Verification(keyward).bearerVerifies(token, ApiFamily.REST)).isFalse();
        assertThat(keyward.purgeExpiredTokens(100)).isEqualTo(1);
        assertThat(keyward.purgeExpiredTokens(100)).isZero();
    }

    @Test
    void tokenWhenConnectionRegeneratedOrDeletedThenDenied() {
        Verification verification = new Verification(keyward);
        String first = verification.token(id, secret);
        IssuedCredentials next = keyward.connections().regenerate(SUPER, ACME, client.connection().id());
        assertThat(verification.bearerVerifies(first, ApiFamily.REST)).isFalse();
        assertThat(verification.token(id, secret)).isNull();

        String second = verification.token(id, next.secret().reveal());
        assertThat(verification.bearerVerifies(second, ApiFamily.REST)).isTrue();
        keyward.connections().delete(SUPER, ACME, client.connection().id());
        assertThat(verification.bearerVerifies(second, ApiFamily.REST)).isFalse();
        assertThat(verification.token(id, next.secret().reveal())).isNull();
    }

    @Test
    void tokenFromPreviousSecretInGraceThenLivesOnlyUntilGraceEnds() {
        keyward.connections().regenerate(SUPER, ACME, client.connection().id(), Duration.ofMinutes(10));

        TokenResponse response = keyward.tokenEndpoint().handle("POST", Requests.basicForm(id, secret), GRANT);

        assertThat(Requests.json(response.body()).get("expires_in").asLong()).isEqualTo(600);
    }

    @Test
    void configuredLifetimeThenExpiresIn() {
        Keyward shortLived = Fixtures.keyward(keyward.config().store(), clock).tokenTimeToLive(Duration.ofHours(1))
                .build();

        TokenResponse response = shortLived.tokenEndpoint().handle("POST", Requests.basicForm(id, secret), GRANT);

        assertThat(Requests.json(response.body()).get("expires_in").asLong()).isEqualTo(3600);
    }

    @Test
    void accessKeyAsClientSecretThenInvalidClient() {
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        String keyValue = key.secret().reveal();

        TokenResponse response = keyward.tokenEndpoint().handle("POST",
                Requests.basicForm("kwci_" + CredentialLayout.lookupIdOf(keyValue), keyValue), GRANT);

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    @DisplayName("issuing purges expired tokens along, two per issuance, every fourth issuance")
    void issuingManyTokensThenExpiredOnesArePurgedAlong() {
        Verification verification = new Verification(keyward);
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            old.add(verification.token(id, secret));
        }
        clock.advance(Duration.ofDays(2));
        KeywardStore store = keyward.config().store();

        for (int i = 0; i < 3; i++) {
            verification.token(id, secret);
        }
        assertThat(old).allSatisfy(token -> assertThat(store.findToken(CredentialLayout.lookupIdOf(token))).isPresent());
        verification.token(id, secret);

        assertThat(old).allSatisfy(token -> assertThat(store.findToken(CredentialLayout.lookupIdOf(token))).isEmpty());
    }
}
