package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.internal.IdChecks;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
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

    static Stream<Arguments> nearMisses() {
        String key = KEYWARD.connections().create(SUPER, OrganizationId.of("cyberdyne"), "Key",
                AuthenticationType.ACCESS_KEY).secret().reveal();
        String body = key.substring(key.indexOf('_') + 1);
        String changed = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        List<String> misses = List.of(key + "x", "x" + key, key.substring(0, key.length() - 1), changed, body,
                body.substring(0, body.length() - 3), "prod-" + body.substring(2));
        List<Function<String, Object>> ids = List.of(ConnectionId::of, OrganizationId::of, Actor::admin);
        return misses.stream().flatMap(miss -> ids.stream().map(id -> Arguments.of(miss, body, id)));
    }

    @ParameterizedTest
    @MethodSource("nearMisses")
    @DisplayName("a key a few characters off, or without its prefix, is refused as an id too: its checksum restores it")
    void nearMissAsIdIsRefusedUnechoed(String miss, String body, Function<String, Object> asId) {
        assertThatThrownBy(() -> asId.apply(miss)).isInstanceOfSatisfying(KeywardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("shape of a credential").doesNotContain(body.substring(3, 30));
        });
    }

    @Test
    @DisplayName("ids that merely resemble a credential are kept: client ids, UUIDs, hashes and provider ids")
    void lookAlikesThatAreNotCredentialsAreAccepted() {
        String clientId = KEYWARD.connections().create(SUPER, ACME, "Other client", AuthenticationType.OAUTH)
                .connection().clientId();

        assertThat(ConnectionId.of(clientId).value()).isEqualTo(clientId);
        assertThat(ConnectionId.of("0b6f4b5e-8c1a-4f7e-9d2a-3c5b7e9f1a2d").value()).hasSize(36);
        for (String id : List.of("0b6f4b5e8c1a4f7e9d2a3c5b7e9f1a2d", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
                "org_29w9UfgmQAOhJr4NvjURCzY6kQu", "acct_1032D82eZvKYlo2C", "01ARZ3NDEKTSV4RRFFQ69G5FAV")) {
            assertThat(OrganizationId.of(id).value()).isEqualTo(id);
            assertThat(ConnectionId.of(id).value()).isEqualTo(id);
        }
        String longestKept = "a".repeat(IdChecks.CREDENTIAL_RUN - 1);
        assertThat(OrganizationId.of(longestKept + "-" + longestKept.substring(20)).value()).startsWith(longestKept);
        assertThatThrownBy(() -> OrganizationId.of(longestKept + "b")).isInstanceOf(KeywardException.class);
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
        return Stream.of(Arguments.of(secret, secret), Arguments.of("prod " + secret, secret),
                Arguments.of("prod " + secret.substring(0, secret.length() - 1), secret.substring(0, 30)),
                Arguments.of("prod " + secret + "x", secret.substring(0, 30)),
                Arguments.of("Bearer " + token, token), Arguments.of("ci:" + clientSecret + " (old)", clientSecret),
                Arguments.of("x" + foreign + "y", foreign), Arguments.of("key_" + secret, secret),
                Arguments.of("  " + secret + "\t", secret));
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
                "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "Donaudampfschifffahrtsgesellschaftskapitän",
                "billing_service_v2", "kwak_ for the reporting job")) {
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
