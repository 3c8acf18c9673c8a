package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A secret pasted where an id belongs is refused, and the refusal never repeats it. */
@DisplayName("Secrets pasted as ids, and ids that could forge an audit line")
class PastedCredentialTest {

    private static final Keyward KEYWARD = Fixtures.keyward(new InMemoryStore(), MutableClock.startingNow()).build();
    private static final Keyward OTHER_PREFIXES = Fixtures.keyward(new InMemoryStore(), MutableClock.startingNow())
            .prefixes(new CredentialPrefixes("acmek_", "acmei_", "acmes_", "acmet_")).build();

    static Stream<Arguments> pastes() {
        IssuedCredentials key = KEYWARD.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials client = KEYWARD.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        IssuedCredentials foreign = OTHER_PREFIXES.connections().create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);
        List<String> secrets = List.of(key.secret().reveal(), client.secret().reveal(), foreign.secret().reveal());
        List<Function<String, Object>> ids = List.of(ConnectionId::of, OrganizationId::of, Actor::admin);
        return secrets.stream().flatMap(secret -> ids.stream().map(id -> Arguments.of(secret, id)));
    }

    @ParameterizedTest
    @MethodSource("pastes")
    @DisplayName("access keys and client secrets, of any prefix, are refused as connection, organization and actor ids")
    void credentialAsIdIsRefusedUnechoed(String secret, Function<String, Object> asId) {
        assertThatThrownBy(() -> asId.apply(secret)).isInstanceOfSatisfying(KeywardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("shape of a credential").doesNotContain(secret)
                    .doesNotContain(secret.substring(secret.indexOf('_') + 1, secret.indexOf('_') + 13));
            assertThat(e.toString()).doesNotContain(secret);
        });
    }

    /** A key a character off: its checksum restores it in a few thousand tries, so it is as secret as the key. */
    static List<String> nearMissesOf(String key) {
        int body = key.indexOf('_') + 1;
        int middle = body + 20;
        char changedTo = key.charAt(middle) == 'A' ? 'B' : 'A';
        return List.of(key + "x", "x" + key, key.substring(0, key.length() - 1), key.substring(0, 8) + key.substring(9),
                key.substring(0, body) + key.substring(body + 1),
                key.substring(0, middle) + changedTo + key.substring(middle + 1),
                key.substring(0, middle) + "q" + key.substring(middle),
                key.substring(0, middle) + "-" + key.substring(middle),
                key.substring(0, middle) + "-" + key.substring(middle + 1),
                key.substring(0, body - 1) + "-" + key.substring(body), key.substring(0, body - 1) + key.substring(body));
    }

    static Stream<Arguments> nearMisses() {
        String key = KEYWARD.connections().create(SUPER, OrganizationId.of("cyberdyne"), "Key",
                AuthenticationType.ACCESS_KEY).secret().reveal();
        return nearMissesOf(key).stream().map(miss -> Arguments.of(miss, key.substring(key.indexOf('_') + 1)));
    }

    /**
     * The ids' own checks refuse a credential exactly, and let such near misses through (a stored id is checked
     * each time it is read, which must never fail for an id accepted earlier); every management call refuses
     * them before it records or repeats anything, and audits the refusal without the ids.
     */
    @ParameterizedTest
    @MethodSource("nearMisses")
    @DisplayName("a key a character off is refused as the actor, organization or connection id of a management call,"
            + " recorded and repeated nowhere")
    void nearMissAsIdIsRefusedUnechoedAndUnrecorded(String miss, String body) {
        RecordingAuditListener audit = new RecordingAuditListener();
        Keyward keyward = Fixtures.keyward(new InMemoryStore(), MutableClock.startingNow()).auditListener(audit).build();
        List<Runnable> calls = List.of(
                () -> keyward.connections().create(Actor.admin(miss), ACME, "Key", AuthenticationType.ACCESS_KEY),
                () -> keyward.connections().list(SUPER, OrganizationId.of(miss)),
                () -> keyward.connections().delete(SUPER, ACME, ConnectionId.of(miss)));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(KeywardException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.getMessage()).contains("shape of a credential").doesNotContain(body.substring(3, 30));
            });
        }
        assertThat(audit.events()).hasSize(calls.size()).allSatisfy(event -> {
            assertThat(event.outcome()).isEqualTo(AuditOutcome.REFUSED);
            assertThat(event.code()).isEqualTo(AuditCode.INVALID_INPUT);
            assertThat(event.toString()).doesNotContain(body.substring(3, 30));
        });
        keyward.close();
    }

    @Test
    @DisplayName("ids that merely resemble a credential are kept: client ids, UUIDs, hashes and identity providers' ids")
    void lookAlikesThatAreNotCredentialsAreAccepted() {
        String clientId = KEYWARD.connections().create(SUPER, ACME, "Other client", AuthenticationType.OAUTH)
                .connection().clientId();
        String sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        // An Entra ID subject: 43 base64url characters, here all letters and digits.
        String entraSubject = "bPnSL00SVbZoFB97zHSwi9ksiT4bAzGxL2LKk2oaJcM";

        assertThat(ConnectionId.of(clientId).value()).isEqualTo(clientId);
        assertThat(ConnectionId.of("0b6f4b5e-8c1a-4f7e-9d2a-3c5b7e9f1a2d").value()).hasSize(36);
        for (String id : List.of(sha256, "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "org_29w9UfgmQAOhJr4NvjURCzY6kQu",
                "org_" + entraSubject, "acct_1032D82eZvKYlo2C", "01ARZ3NDEKTSV4RRFFQ69G5FAV")) {
            OrganizationId organization = OrganizationId.of(id);
            assertThat(KEYWARD.connections().create(Actor.admin(entraSubject), organization, "Key",
                    AuthenticationType.ACCESS_KEY).connection().organizationId()).isEqualTo(organization);
            assertThat(ConnectionId.of(id).value()).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice\nINFO action=DELETE_CONNECTION outcome=SUCCESS", "alice\r", "bob\u0000",
        "eve\u001b[31m", "mallory\u202etxt.exe", "trent\u2028", "zero\u200bwidth", "half\ud800"})
    @DisplayName("an actor id that could forge or disguise an audit line is refused")
    void unsafeActorIdIsRefused(String id) {
        assertThatThrownBy(() -> Actor.admin(id)).isInstanceOfSatisfying(KeywardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).doesNotContain(id);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "José Müller", "用户-42", "ops@example.com", "😀 emoji"})
    @DisplayName("ordinary actor ids in any script are accepted")
    void ordinaryActorIdsAreAccepted(String id) {
        assertThat(Actor.admin(id).id()).isEqualTo(id);
    }

    static Stream<Arguments> namesHoldingSecrets() {
        OrganizationId umbrella = OrganizationId.of("umbrella");
        IssuedCredentials key = KEYWARD.connections().create(SUPER, umbrella, "Named key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials client = KEYWARD.connections().create(SUPER, umbrella, "Named client", AuthenticationType.OAUTH);
        String token = IntrospectionEndpointTest.issueToken(KEYWARD, client);
        String foreign = OTHER_PREFIXES.connections().create(SUPER, umbrella, "Foreign", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        String secret = key.secret().reveal();
        String clientSecret = client.secret().reveal();
        Stream<Arguments> misses = nearMissesOf(secret).stream().map(miss -> Arguments.of("prod " + miss,
                secret.substring(0, 30)));
        return Stream.concat(misses, Stream.of(Arguments.of(secret, secret), Arguments.of("prod " + secret, secret),
                Arguments.of("prod " + secret.substring(0, 25) + "\t" + secret.substring(25), secret.substring(0, 25)),
                Arguments.of("Bearer " + token, token), Arguments.of("ci:" + clientSecret + " (old)", clientSecret),
                Arguments.of("x" + foreign + "y", foreign), Arguments.of("key_" + secret, secret),
                Arguments.of("  " + secret + "\t", secret)));
    }

    @ParameterizedTest
    @MethodSource("namesHoldingSecrets")
    @DisplayName("a name holding a credential, alone or among other words, is refused on create and rename, unechoed")
    void nameHoldingACredentialIsRefusedUnechoed(String name, String secret) {
        IssuedCredentials kept = KEYWARD.connections().create(SUPER, OrganizationId.of("initech"), "Kept",
                AuthenticationType.ACCESS_KEY);
        List<Connection> before = KEYWARD.connections().list(SUPER, OrganizationId.of("initech"));

        assertThatThrownBy(() -> KEYWARD.connections().create(SUPER, OrganizationId.of("initech"), name,
                AuthenticationType.OAUTH)).isInstanceOfSatisfying(KeywardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("shape of a credential").doesNotContain(secret);
                });
        assertThatThrownBy(() -> KEYWARD.connections().rename(SUPER, OrganizationId.of("initech"),
                kept.connection().id(), name)).isInstanceOfSatisfying(KeywardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).doesNotContain(secret);
                });
        assertThat(KEYWARD.connections().list(SUPER, OrganizationId.of("initech"))).isEqualTo(before);
        KEYWARD.connections().delete(SUPER, OrganizationId.of("initech"), kept.connection().id());
    }

    @Test
    @DisplayName("names that merely resemble a credential are kept: its hint, a client id, a hash, a long word")
    void namesResemblingACredentialAreAccepted() {
        IssuedCredentials client = KEYWARD.connections().create(SUPER, OrganizationId.of("hooli"), "Client",
                AuthenticationType.OAUTH);

        for (String name : List.of(client.connection().hint(), client.connection().clientId(),
                "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "ProductionReportingServiceEuropeWestBackup", "x".repeat(100),
                "billing_service_v2", "kwak_ for the reporting job", "kwak_bPnSL00SVbZoFB97zHSwi9ksiT4bAzGxL2LKk2oaJcM")) {
            assertThat(ConnectionNames.normalize(name)).isEqualTo(name);
        }
    }

    @Test
    @DisplayName("the settings a name is handed in with never print a secret pasted into it, nor one a character off")
    void settingsHoldingAPastedNameDoNotPrintIt() {
        String secret = KEYWARD.connections().create(SUPER, OrganizationId.of("soylent"), "Key",
                AuthenticationType.ACCESS_KEY).secret().reveal();
        String body = secret.substring(secret.indexOf('_') + 1);

        for (String name : List.of("prod " + secret, "prod " + secret.substring(0, secret.length() - 1))) {
            assertThat(NewConnection.of(name, AuthenticationType.ACCESS_KEY).toString()).contains("prod kwak_[redacted]")
                    .doesNotContain(body.substring(0, 20));
            assertThat(ConnectionUpdate.builder().name(name).build().toString()).contains("prod kwak_[redacted]")
                    .doesNotContain(body.substring(0, 20));
        }
        assertThat(ConnectionUpdate.builder().name("Reporting").build()).hasToString(
                "ConnectionUpdate[name=Reporting, allowedIps=unchanged]");
    }
}
