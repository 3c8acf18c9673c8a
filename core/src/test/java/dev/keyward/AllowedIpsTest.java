package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static dev.keyward.testing.Fixtures.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.internal.CredentialKind;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.OlderStore;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Allowed IP ranges of a connection")
class AllowedIpsTest {

    private static final ClientAddress OFFICE = ClientAddress.parse("10.20.30.40");
    private static final ClientAddress OFFICE_V6 = ClientAddress.parse("2001:db8:1::7");
    private static final ClientAddress ELSEWHERE = ClientAddress.parse("198.51.100.9");
    private static final List<String> OFFICE_RANGES = List.of("10.0.0.0/8", "2001:db8:1::/48");

    private final MutableClock clock = MutableClock.startingNow();
    private final CountingStore store = new CountingStore(new InMemoryStore());
    private final CountingHasher hasher = new CountingHasher();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private final Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).auditListener(audit).build();

    @AfterEach
    void close() {
        keyward.close();
    }

    private IssuedCredentials create(String name, AuthenticationType type, List<String> ranges) {
        return keyward.connections().create(SUPER, ACME,
                NewConnection.builder(name, type).allowedIps(ranges).build());
    }

    private AuthenticationResult withKey(IssuedCredentials key, ClientAddress from) {
        return keyward.authenticator().authenticate(Requests.accessKey(key.secret().reveal()), ApiFamily.REST, null,
                from);
    }

    private AuthenticationResult withToken(String token, ClientAddress from) {
        return keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST, null, from);
    }

    private TokenResponse tokenRequest(IssuedCredentials client, ClientAddress from) {
        return keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                "grant_type=client_credentials", from);
    }

    private String token(IssuedCredentials client, ClientAddress from) {
        TokenResponse response = tokenRequest(client, from);
        assertThat(response.status()).isEqualTo(200);
        return Requests.accessTokenOf(response.body());
    }

    private static void assertNotAllowed(AuthenticationResult result) {
        assertThat(result).isInstanceOf(Denied.class);
        Denied denied = (Denied) result;
        assertThat(denied.code()).isEqualTo(DenialCode.IP_NOT_ALLOWED);
        assertThat(denied.httpStatus()).isEqualTo(403);
        assertThat(denied.body()).contains("\"errorCode\":\"IP_NOT_ALLOWED\"");
        assertThat(denied.challenge()).contains("Bearer realm=\"keyward\", error=\"insufficient_scope\", "
                + "error_description=\"requests from this address are not allowed for this credential\"");
    }

    @Nested
    @DisplayName("access keys")
    class AccessKeys {

        @Test
        @DisplayName("are granted from inside the ranges, IPv4, IPv6 and IPv4-mapped IPv6 alike")
        void insideThenGranted() {
            IssuedCredentials key = create("Key", AuthenticationType.ACCESS_KEY, OFFICE_RANGES);

            assertThat(withKey(key, OFFICE).granted()).isTrue();
            assertThat(withKey(key, OFFICE_V6).granted()).isTrue();
            assertThat(withKey(key, ClientAddress.parse("::ffff:10.1.1.1")).granted()).isTrue();
        }

        @Test
        @DisplayName("are denied 403 IP_NOT_ALLOWED from outside, audited with their connection, cached or not")
        void outsideThenDeniedAndAudited() {
            IssuedCredentials key = create("Key", AuthenticationType.ACCESS_KEY, OFFICE_RANGES);

            assertNotAllowed(withKey(key, ELSEWHERE));
            assertThat(withKey(key, OFFICE).granted()).isTrue();
            assertNotAllowed(withKey(key, ELSEWHERE));

            AuditEvent event = audit.last();
            assertThat(event.action()).isEqualTo(AuditAction.VERIFY_REQUEST);
            assertThat(event.outcome()).isEqualTo(AuditOutcome.REFUSED);
            assertThat(event.code()).isEqualTo(AuditCode.IP_NOT_ALLOWED);
            assertThat(event.connectionId()).isEqualTo(key.connection().id());
        }

        @Test
        @DisplayName("from an unknown address (no address given) are denied when the connection has ranges, granted when not")
        void unknownAddress() {
            IssuedCredentials restricted = create("Restricted", AuthenticationType.ACCESS_KEY, OFFICE_RANGES);
            IssuedCredentials open = keyward.connections().create(SUPER, GLOBEX, "Open",
                    AuthenticationType.ACCESS_KEY);

            assertNotAllowed(keyward.authenticator().authenticate(Requests.accessKey(restricted.secret().reveal()),
                    ApiFamily.REST));
            assertNotAllowed(withKey(restricted, null));
            assertThat(keyward.authenticator().authenticate(Requests.accessKey(open.secret().reveal()),
                    ApiFamily.REST).granted()).isTrue();
            assertThat(withKey(open, ELSEWHERE).granted()).isTrue();
        }

        @Test
        @DisplayName("a wrong secret from outside is still only INVALID_CREDENTIALS: the address is checked after verification")
        void wrongSecretIsNotAnAddressDenial() {
            IssuedCredentials key = create("Key", AuthenticationType.ACCESS_KEY, OFFICE_RANGES);
            // Well formed, with the key's lookup id: it reaches the store and Argon2, which refuses it.
            String wrong = CredentialLayout.withAnotherSecret(CredentialKind.ACCESS_KEY, key.secret().reveal());
            int verifiesBefore = hasher.verifies();

            AuthenticationResult result = keyward.authenticator().authenticate(Requests.accessKey(wrong),
                    ApiFamily.REST, null, ELSEWHERE);

            assertThat(result).isInstanceOfSatisfying(Denied.class,
                    denied -> assertThat(denied.code()).isEqualTo(DenialCode.INVALID_CREDENTIALS));
            assertThat(hasher.verifies() - verifiesBefore).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("bearer tokens")
    class BearerTokens {

        @Test
        @DisplayName("are checked against their connection's ranges")
        void tokensFollowTheirConnection() {
            IssuedCredentials client = create("Client", AuthenticationType.OAUTH, OFFICE_RANGES);
            String token = token(client, OFFICE);

            assertThat(withToken(token, OFFICE).granted()).isTrue();
            assertNotAllowed(withToken(token, ELSEWHERE));
            assertNotAllowed(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST));
        }

        @Test
        @DisplayName("are not issued to a client outside the ranges: 400 unauthorized_client, audited, nothing stored")
        void tokenEndpointRefusesOutside() {
            IssuedCredentials client = create("Client", AuthenticationType.OAUTH, OFFICE_RANGES);
            int unitsOfWork = store.unitsOfWork();

            TokenResponse refused = tokenRequest(client, ELSEWHERE);
            TokenResponse unknown = keyward.tokenEndpoint().handle("POST",
                    Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                    "grant_type=client_credentials");

            for (TokenResponse response : List.of(refused, unknown)) {
                assertThat(response.status()).isEqualTo(400);
                assertThat(Requests.json(response.body()).get("error").asText()).isEqualTo("unauthorized_client");
                assertThat(response.body()).doesNotContain("access_token");
            }
            assertThat(store.unitsOfWork()).isEqualTo(unitsOfWork);
            AuditEvent event = audit.last();
            assertThat(event.action()).isEqualTo(AuditAction.ISSUE_TOKEN);
            assertThat(event.code()).isEqualTo(AuditCode.IP_NOT_ALLOWED);
            assertThat(event.connectionId()).isEqualTo(client.connection().id());
        }
    }

    @Nested
    @DisplayName("changing the ranges")
    class Updates {

        @Test
        @DisplayName("applies on this node's warm path at once, to keys and tokens, without Argon2")
        void updateAppliesAtOnceOnTheWarmPath() {
            IssuedCredentials key = create("Key", AuthenticationType.ACCESS_KEY, List.of());
            IssuedCredentials client = create("Client", AuthenticationType.OAUTH, List.of());
            String token = token(client, ELSEWHERE);
            assertThat(withKey(key, ELSEWHERE).granted()).isTrue();
            assertThat(withToken(token, ELSEWHERE).granted()).isTrue();
            int verifies = hasher.verifies();

            Connection narrowed = keyward.connections().update(ADMIN, ACME, key.connection().id(),
                    ConnectionUpdate.builder().allowedIps(OFFICE_RANGES).build());
            keyward.connections().update(SUPER, ACME, client.connection().id(),
                    ConnectionUpdate.builder().allowedIps(List.of("10.20.30.40")).build());

            assertThat(narrowed.allowedIps().toStrings()).containsExactly("10.0.0.0/8", "2001:db8:1::/48");
            assertNotAllowed(withKey(key, ELSEWHERE));
            assertNotAllowed(withToken(token, ELSEWHERE));
            assertThat(withKey(key, OFFICE).granted()).isTrue();
            assertThat(withToken(token, OFFICE).granted()).isTrue();
            assertThat(hasher.verifies()).isEqualTo(verifies);

            keyward.connections().update(ADMIN, ACME, key.connection().id(),
                    ConnectionUpdate.builder().allowedIps(List.of()).build());
            assertThat(withKey(key, ELSEWHERE).granted()).isTrue();
        }

        @Test
        @DisplayName("a warm request from an allowed address reads nothing and hashes nothing")
        void warmPathStaysQuiet() {
            IssuedCredentials key = create("Key", AuthenticationType.ACCESS_KEY, OFFICE_RANGES);
            assertThat(withKey(key, OFFICE).granted()).isTrue();
            store.reset();
            int verifies = hasher.verifies();

            for (int i = 0; i < 1000; i++) {
                assertThat(withKey(key, OFFICE).granted()).isTrue();
                assertNotAllowed(withKey(key, ELSEWHERE));
            }

            assertThat(store.reads()).isZero();
            assertThat(hasher.verifies()).isEqualTo(verifies);
        }

        @Test
        @DisplayName("name and ranges change together or not at all; the update is audited")
        void updateIsAtomicAndAudited() {
            IssuedCredentials key = create("Key", AuthenticationType.ACCESS_KEY, OFFICE_RANGES);
            create("Taken", AuthenticationType.OAUTH, List.of());
            ConnectionId id = key.connection().id();

            assertThatThrownBy(() -> keyward.connections().update(ADMIN, ACME, id,
                    ConnectionUpdate.builder().name("Renamed").allowedIps(List.of("10.0.0.0/33")).build()))
                    .isInstanceOf(KeywardException.class).extracting(e -> ((KeywardException) e).code())
                    .isEqualTo(ErrorCode.INVALID_INPUT);
            assertThatThrownBy(() -> keyward.connections().update(ADMIN, ACME, id,
                    ConnectionUpdate.builder().name("taken").allowedIps(List.of()).build()))
                    .isInstanceOf(KeywardException.class).extracting(e -> ((KeywardException) e).code())
                    .isEqualTo(ErrorCode.NAME_TAKEN);
            assertThat(keyward.connections().get(ADMIN, ACME, id)).isEqualTo(key.connection());

            Connection both = keyward.connections().update(ADMIN, ACME, id,
                    ConnectionUpdate.builder().name("Renamed").allowedIps(List.of("192.0.2.0/24")).build());
            Connection nameOnly = keyward.connections().update(ADMIN, ACME, id,
                    ConnectionUpdate.builder().name("Again").build());

            assertThat(both.name()).isEqualTo("Renamed");
            assertThat(nameOnly.allowedIps().toStrings()).containsExactly("192.0.2.0/24");
            assertThat(audit.events(AuditAction.UPDATE_CONNECTION)).extracting(AuditEvent::outcome, AuditEvent::code)
                    .containsExactly(
                            tuple(AuditOutcome.REFUSED, AuditCode.INVALID_INPUT),
                            tuple(AuditOutcome.REFUSED, AuditCode.NAME_TAKEN),
                            tuple(AuditOutcome.SUCCESS, null),
                            tuple(AuditOutcome.SUCCESS, null));
        }

        @Test
        @DisplayName("follows the rights of renaming: admins change Access Key connections only, viewers nothing")
        void updateNeedsTheRightsOfRenaming() {
            IssuedCredentials client = create("Client", AuthenticationType.OAUTH, List.of());
            ConnectionUpdate update = ConnectionUpdate.builder().allowedIps(OFFICE_RANGES).build();

            assertThatThrownBy(() -> keyward.connections().update(ADMIN, ACME, client.connection().id(), update))
                    .extracting(e -> ((KeywardException) e).code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThatThrownBy(() -> keyward.connections().update(VIEWER, ACME, client.connection().id(), update))
                    .extracting(e -> ((KeywardException) e).code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(keyward.connections().get(SUPER, ACME, client.connection().id()).allowedIps().isAny()).isTrue();
        }

        @Test
        @DisplayName("a store that does not keep ranges fails the write, which leaves nothing behind, rather than admit any address")
        void storeThatDropsRangesFailsTheWrite() {
            Keyward old = Fixtures.keyward(OlderStore.droppingLaterFields(), clock).auditListener(audit).build();
            try {
                assertThatThrownBy(() -> old.connections().create(SUPER, ACME,
                        NewConnection.builder("Key", AuthenticationType.ACCESS_KEY).allowedIps(OFFICE_RANGES).build()))
                        .extracting(e -> ((KeywardException) e).code()).isEqualTo(ErrorCode.STORE_FAILURE);
                assertThat(old.connections().list(SUPER, ACME)).isEmpty();

                IssuedCredentials open = old.connections().create(SUPER, ACME, "Open", AuthenticationType.ACCESS_KEY);
                assertThatThrownBy(() -> old.connections().update(SUPER, ACME, open.connection().id(),
                        ConnectionUpdate.builder().name("Renamed").allowedIps(OFFICE_RANGES).build()))
                        .extracting(e -> ((KeywardException) e).code()).isEqualTo(ErrorCode.STORE_FAILURE);
                assertThat(old.connections().get(SUPER, ACME, open.connection().id())).isEqualTo(open.connection());
                assertThat(audit.events(AuditAction.UPDATE_CONNECTION)).extracting(AuditEvent::outcome, AuditEvent::code)
                        .containsExactly(tuple(AuditOutcome.FAILED, AuditCode.STORE_FAILURE));
            } finally {
                old.close();
            }
        }

        @Test
        @DisplayName("invalid ranges at create are refused and create nothing")
        void invalidRangesAtCreate() {
            for (List<String> bad : List.of(List.of("banana"), List.of("10.0.0.0/33"), List.of("10.0.0.1/24"))) {
                assertThatThrownBy(() -> create("Key", AuthenticationType.ACCESS_KEY, bad))
                        .extracting(e -> ((KeywardException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
            }
            assertThat(keyward.connections().list(ADMIN, ACME)).isEmpty();
        }
    }
}
