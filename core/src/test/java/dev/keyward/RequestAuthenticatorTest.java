package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditActorKind;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestAuthenticatorTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private Keyward keyward;
    private RequestAuthenticator authenticator;
    private IssuedCredentials key;

    @BeforeEach
    void setUp() {
        keyward = Fixtures.keyward(new InMemoryStore(), clock).auditListener(audit).build();
        authenticator = keyward.authenticator();
        key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
    }

    private AuthenticationResult withKey(String value, ApiFamily family) {
        return authenticator.authenticate(Requests.accessKey(value), family, "req-1");
    }

    private static String lastCharacterChanged(String value) {
        char last = value.charAt(value.length() - 1);
        return value.substring(0, value.length() - 1) + (last == 'x' ? 'y' : 'x');
    }

    private static Denied denied(AuthenticationResult result) {
        assertThat(result).isInstanceOf(Denied.class);
        return (Denied) result;
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void accessKeyOnEitherFamilyThenGrantedWithPrincipal(ApiFamily family) {
        AuthenticationResult result = withKey(key.secret().reveal(), family);

        assertThat(result).isEqualTo(new Granted(new Principal(ACME, key.connection().id(), "Key",
                AuthenticationType.ACCESS_KEY)));
        assertThat(audit.events(AuditAction.VERIFY_REQUEST)).isEmpty();
    }

    @Test
    void regenerateWhenOldKeyPresentedThenDeniedAtOnceAndNewGranted() {
        assertThat(withKey(key.secret().reveal(), ApiFamily.REST).granted()).isTrue();

        IssuedCredentials next = keyward.connections().regenerate(ADMIN, ACME, key.connection().id());

        assertThat(denied(withKey(key.secret().reveal(), ApiFamily.REST)).code())
                .isEqualTo(DenialCode.INVALID_CREDENTIALS);
        assertThat(withKey(next.secret().reveal(), ApiFamily.EVENT).granted()).isTrue();
    }

    @Test
    void deleteWhenKeyPresentedThenDenied() {
        assertThat(withKey(key.secret().reveal(), ApiFamily.REST).granted()).isTrue();

        keyward.connections().delete(ADMIN, ACME, key.connection().id());

        assertThat(denied(withKey(key.secret().reveal(), ApiFamily.REST)).code())
                .isEqualTo(DenialCode.INVALID_CREDENTIALS);
    }

    @Test
    void gracePeriodWhenOldKeyCachedThenGrantedUntilItEndsToTheSecond() {
        assertThat(withKey(key.secret().reveal(), ApiFamily.REST).granted()).isTrue();
        keyward.connections().regenerate(ADMIN, ACME, key.connection().id(), Duration.ofSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        assertThat(withKey(key.secret().reveal(), ApiFamily.REST).granted()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(withKey(key.secret().reveal(), ApiFamily.REST).granted()).isFalse();
    }

    @Test
    void unknownKeyWrongSecretRevokedAndWrongKindThenIndistinguishable() {
        String valid = key.secret().reveal();
        IssuedCredentials client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        IssuedCredentials other = keyward.connections().create(ADMIN, Fixtures.GLOBEX, "K", AuthenticationType.ACCESS_KEY);
        keyward.connections().delete(ADMIN, Fixtures.GLOBEX, other.connection().id());
        String wrongSecret = codec().issue(dev.keyward.internal.CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(valid));
        String unknown = codec().issue(dev.keyward.internal.CredentialKind.ACCESS_KEY, codec().newLookupId());

        List<Denied> denials = List.of(denied(withKey(unknown, ApiFamily.REST)),
                denied(withKey(wrongSecret, ApiFamily.REST)), denied(withKey(other.secret().reveal(), ApiFamily.REST)),
                denied(withKey(client.secret().reveal(), ApiFamily.REST)),
                denied(withKey(lastCharacterChanged(valid), ApiFamily.REST)));

        assertThat(denials).allSatisfy(d -> assertThat(d).isEqualTo(denials.get(0)));
        assertThat(denials.get(0).httpStatus()).isEqualTo(401);
        assertThat(denials.get(0).wwwAuthenticate()).isEqualTo("Bearer realm=\"keyward\", error=\"invalid_token\"");
        assertThat(Requests.json(denials.get(0).body()).toString()).isEqualTo(
                "{\"result\":false,\"errorCode\":\"INVALID_CREDENTIALS\",\"errorDesc\":\"Unauthorized\","
                        + "\"requestId\":\"req-1\"}");
    }

    @Test
    void wrongSecretOfKnownConnectionThenAuditNamesConnectionButNoSecret() {
        String valid = key.secret().reveal();
        String wrong = codec().issue(dev.keyward.internal.CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(valid));

        withKey(wrong, ApiFamily.REST);

        AuditEvent event = audit.last();
        assertThat(event.action()).isEqualTo(AuditAction.VERIFY_REQUEST);
        assertThat(event.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(event.code()).isEqualTo(AuditCode.INVALID_CREDENTIALS);
        assertThat(event.organizationId()).isEqualTo(ACME);
        assertThat(event.connectionId()).isEqualTo(key.connection().id());
        assertThat(event.actorId()).isEqualTo(key.connection().id().value());
        assertThat(event.actorKind()).as("a connection's id, not a user's").isEqualTo(AuditActorKind.CONNECTION);
        assertThat(event.toString()).doesNotContain(wrong).doesNotContain(valid);
    }

    @Test
    void noCredentialsThenChallengeWithoutErrorCode() {
        Denied denied = denied(authenticator.authenticate(RequestHeaders.empty(), ApiFamily.REST));

        assertThat(denied.code()).isEqualTo(DenialCode.MISSING_CREDENTIALS);
        assertThat(denied.httpStatus()).isEqualTo(401);
        assertThat(denied.wwwAuthenticate()).isEqualTo("Bearer realm=\"keyward\"");
        assertThat(denied.requestId()).hasSize(32);
        assertThat(denied.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"keyward\"")
                .containsEntry("Cache-Control", "no-store");
        assertThat(audit.last().code()).isEqualTo(AuditCode.MISSING_CREDENTIALS);
    }

    @Test
    void otherAuthorizationSchemeThenTreatedAsNoCredentials() {
        Denied denied = denied(authenticator.authenticate(
                RequestHeaders.of("Authorization", "Basic dXNlcjpwYXNz"), ApiFamily.REST));

        assertThat(denied.code()).isEqualTo(DenialCode.MISSING_CREDENTIALS);
    }

    @Test
    void malformedHeadersThenInvalidRequest400() {
        String k = key.secret().reveal();
        List<RequestHeaders> malformed = List.of(
                RequestHeaders.of("Accesskey", k, "Authorization", "Bearer " + k),
                RequestHeaders.of("Accesskey", k, "accesskey", k),
                RequestHeaders.of("Authorization", "Bearer a", "Authorization", "Bearer b"),
                RequestHeaders.of("Accesskey", ""),
                RequestHeaders.of("Accesskey", "   "),
                RequestHeaders.of("Accesskey", k + " extra"),
                RequestHeaders.of("Authorization", ""),
                RequestHeaders.of("Authorization", "Bearer"),
                RequestHeaders.of("Authorization", "Bearer   "),
                RequestHeaders.of("Authorization", "Bearer a b"),
                RequestHeaders.of("Authorization", "Bearer =abc"),
                RequestHeaders.of("Authorization", "Bearer ab=c"),
                RequestHeaders.of("Accesskey", "k\u00e9y"),
                RequestHeaders.of("Accesskey", "x".repeat(100_000)),
                RequestHeaders.of(Map.of("Accesskey", java.util.Arrays.asList((String) null))),
                name -> {
                    throw new IllegalStateException("broken host");
                });

        assertThat(malformed).allSatisfy(headers -> {
            Denied denied = denied(authenticator.authenticate(headers, ApiFamily.REST));
            assertThat(denied.code()).isEqualTo(DenialCode.INVALID_REQUEST);
            assertThat(denied.httpStatus()).isEqualTo(400);
            assertThat(denied.wwwAuthenticate()).startsWith("Bearer realm=\"keyward\", error=\"invalid_request\"");
            assertThat(denied.toString()).doesNotContain(k);
        });
    }

    @Test
    void headerNamesAndBearerSchemeIgnoreCaseAndSurroundingSpace() {
        assertThat(authenticator.authenticate(RequestHeaders.of("ACCESSKEY", " " + key.secret().reveal() + "\t"),
                ApiFamily.REST).granted()).isTrue();
    }

    @Test
    void accessKeySentAsBearerThenInvalidCredentials() {
        Denied denied = denied(authenticator.authenticate(
                RequestHeaders.of("authorization", "bEaReR  " + key.secret().reveal()), ApiFamily.REST));

        assertThat(denied.code()).isEqualTo(DenialCode.INVALID_CREDENTIALS);
    }

    @Test
    void configuredHeaderAndBodyWriterThenUsed() {
        Keyward custom = Fixtures.keyward(keyward.config().store(), clock).accessKeyHeader("X-Api-Key")
                .realm("acme api").denialBody((code, requestId) -> "{\"code\":\"" + code + "\"}").build();

        assertThat(custom.authenticator().authenticate(RequestHeaders.of("x-api-key", key.secret().reveal()),
                ApiFamily.REST).granted()).isTrue();
        Denied denied = denied(custom.authenticator().authenticate(Requests.accessKey(key.secret().reveal()),
                ApiFamily.REST));
        assertThat(denied.body()).isEqualTo("{\"code\":\"MISSING_CREDENTIALS\"}");
        assertThat(denied.wwwAuthenticate()).isEqualTo("Bearer realm=\"acme api\"");
    }

    @Test
    void bodyWriterThatThrowsThenStandardBody() {
        Keyward custom = Fixtures.keyward(keyward.config().store(), clock).denialBody((code, id) -> {
            throw new IllegalStateException("host bug");
        }).build();

        Denied denied = denied(custom.authenticator().authenticate(RequestHeaders.empty(), ApiFamily.REST, "r"));

        assertThat(denied.body()).contains("\"errorCode\":\"MISSING_CREDENTIALS\"", "\"requestId\":\"r\"");
    }

    @Test
    void requestIdWithQuotesThenEscapedInBody() {
        Denied denied = denied(authenticator.authenticate(RequestHeaders.empty(), ApiFamily.REST, "a\"b\\c"));

        assertThat(Requests.json(denied.body()).get("requestId").asText()).isEqualTo("a\"b\\c");
    }

    private static dev.keyward.internal.CredentialCodec codec() {
        return new dev.keyward.internal.CredentialCodec(CredentialPrefixes.DEFAULTS, new java.security.SecureRandom());
    }

    @Nested
    @DisplayName("the family denial of a request already granted, as the host hands it on to another API")
    class FamilyDenial {

        /** A bearer token's principal for a connection that was never created. */
        private final Principal bearer = new Principal(ACME, ConnectionId.of("c-1"), "Client", AuthenticationType.OAUTH);

        @Test
        @DisplayName("an access key may call either family, a bearer token the REST APIs: no denial, and no audit event")
        void admittedFamiliesThenNoDenial() {
            Principal accessKey = new Principal(ACME, key.connection().id(), "Key", AuthenticationType.ACCESS_KEY);

            assertThat(authenticator.familyDenial(accessKey, ApiFamily.EVENT, "req-1")).isEmpty();
            assertThat(authenticator.familyDenial(accessKey, ApiFamily.REST, "req-1")).isEmpty();
            assertThat(authenticator.familyDenial(bearer, ApiFamily.REST, "req-1")).isEmpty();
            assertThat(audit.events(AuditAction.VERIFY_REQUEST)).isEmpty();
        }

        @Test
        @DisplayName("a principal of a connection that was never created gets no grant: only authenticate can grant")
        void nothingButAuthenticateCanGrant() {
            assertThat(authenticator.familyDenial(bearer, ApiFamily.REST, "req-1")).as("no denial, and no grant")
                    .isEqualTo(Optional.empty());
            List<String> granting = Arrays.stream(RequestAuthenticator.class.getMethods())
                    .filter(method -> method.getReturnType().isAssignableFrom(Granted.class))
                    .map(Method::getName).distinct().toList();
            assertThat(granting).as("the public methods that could return a grant").containsExactly("authenticate");
        }

        @Test
        @DisplayName("a bearer token on an Event API is denied as on a first check, and audited once")
        void bearerTokenOnEventApiThenForbiddenAndAudited() {
            Denied denied = authenticator.familyDenial(bearer, ApiFamily.EVENT, "req-1").orElseThrow();

            assertThat(denied.code()).isEqualTo(DenialCode.API_FAMILY_FORBIDDEN);
            assertThat(denied.httpStatus()).isEqualTo(403);
            assertThat(denied.requestId()).isEqualTo("req-1");
            assertThat(audit.events(AuditAction.VERIFY_REQUEST)).singleElement().satisfies(event -> {
                assertThat(event.outcome()).isEqualTo(AuditOutcome.REFUSED);
                assertThat(event.connectionId()).isEqualTo(bearer.connectionId());
            });
        }

        @Test
        @DisplayName("nothing is counted against the organization's traffic limits a second time")
        void judgedThenNotCountedAgain() {
            try (Keyward limited = Fixtures.keyward(new InMemoryStore(), clock).rateLimit(1).build()) {
                String value = limited.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret()
                        .reveal();
                Granted first = (Granted) limited.authenticator().authenticate(Requests.accessKey(value), ApiFamily.REST,
                        "req-1");

                assertThat(limited.authenticator().familyDenial(first.principal(), ApiFamily.EVENT, "req-1")).isEmpty();
                assertThat(denied(limited.authenticator().authenticate(Requests.accessKey(value), ApiFamily.REST, "req-2"))
                        .code()).as("the one request a minute was the first").isEqualTo(DenialCode.RATE_LIMITED);
            }
        }
    }
}
