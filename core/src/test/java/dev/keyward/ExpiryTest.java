package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static dev.keyward.testing.Fixtures.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.SecretHasher;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Expiry of connection secrets")
class ExpiryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final RecordingAuditListener audit = new RecordingAuditListener();

    private Keyward keyward(long cacheSize) {
        return Fixtures.keyward(new InMemoryStore(), clock).auditListener(audit).cacheMaximumSize(cacheSize).build();
    }

    private IssuedCredentials key(Keyward keyward, Instant expiresAt) {
        return keyward.connections().create(ADMIN, ACME,
                NewConnection.builder("Key", AuthenticationType.ACCESS_KEY).expiresAt(expiresAt).build());
    }

    private static AuthenticationResult authenticate(Keyward keyward, String key) {
        return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST, "req-1");
    }

    @ParameterizedTest(name = "cache of {0}")
    @ValueSource(longs = {100, 0})
    @DisplayName("a key verifies 1 ms before its expiry and is denied at it, warm and cold, exactly like a wrong key")
    void keyExpiresToTheMillisecond(long cacheSize) {
        Keyward keyward = keyward(cacheSize);
        Instant expiresAt = clock.instant().plus(Duration.ofDays(30));
        String key = key(keyward, expiresAt).secret().reveal();
        assertThat(authenticate(keyward, key).granted()).isTrue();

        clock.advance(Duration.between(clock.instant(), expiresAt).minusMillis(1));
        assertThat(authenticate(keyward, key).granted()).as("at expiresAt - 1 ms").isTrue();
        clock.advance(Duration.ofMillis(1));
        AuthenticationResult expired = authenticate(keyward, key);

        String wrong = CredentialLayout.withAnotherSecret(CredentialKind.ACCESS_KEY, key);
        assertThat(expired).isEqualTo(authenticate(keyward, wrong)).isInstanceOf(Denied.class);
        assertThat(((Denied) expired).code()).isEqualTo(DenialCode.INVALID_CREDENTIALS);
        assertThat(audit.events(AuditAction.VERIFY_REQUEST)).extracting(e -> e.code())
                .containsExactly(AuditCode.EXPIRED, AuditCode.INVALID_CREDENTIALS);
    }

    @Test
    @DisplayName("the warm path judges expiry without reading the store")
    void warmPathReadsNothingToExpire() {
        dev.keyward.testing.CountingStore store = new dev.keyward.testing.CountingStore(new InMemoryStore());
        Keyward keyward = Fixtures.keyward(store, clock).build();
        Instant expiresAt = clock.instant().plusSeconds(10);
        String key = keyward.connections().create(ADMIN, ACME,
                NewConnection.builder("Key", AuthenticationType.ACCESS_KEY).expiresAt(expiresAt).build())
                .secret().reveal();
        assertThat(authenticate(keyward, key).granted()).isTrue();
        store.reset();

        clock.advance(Duration.ofMillis(999));
        assertThat(authenticate(keyward, key).granted()).isTrue();
        clock.advance(Duration.ofSeconds(9).plusMillis(1));
        assertThat(authenticate(keyward, key).granted()).isFalse();

        assertThat(store.reads()).isZero();
    }

    @Test
    @DisplayName("a key whose expiry passes while its re-read is under way is denied, not granted on the read's answer")
    void expiryPassedDuringARereadIsDenied() {
        AtomicBoolean slowReads = new AtomicBoolean();
        ForwardingStore slow = new ForwardingStore(new InMemoryStore()) {
            @Override
            public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
                Optional<StoredConnection> row = super.findConnectionByLookupId(lookupId);
                if (slowReads.get()) {
                    clock.advance(Duration.ofSeconds(1));
                }
                return row;
            }
        };
        try (Keyward keyward = Fixtures.keyward(slow, clock).build()) {
            Instant expiresAt = clock.instant().plus(Duration.ofMinutes(2));
            String key = key(keyward, expiresAt).secret().reveal();
            assertThat(authenticate(keyward, key).granted()).isTrue();
            clock.advance(Duration.ofMinutes(2).minusMillis(500));
            slowReads.set(true);

            assertThat(authenticate(keyward, key).granted()).as("re-read, answered after its expiry").isFalse();
        }
    }

    @Test
    @DisplayName("a token issued 10 s before its connection expires lives at most 10 s, then is denied")
    void tokenNeverOutlivesItsConnection() {
        Keyward keyward = keyward(100);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        IssuedCredentials client = keyward.connections().create(SUPER, ACME,
                NewConnection.builder("Client", AuthenticationType.OAUTH).expiresAt(expiresAt).build());
        clock.advance(Duration.ofMinutes(59).plusSeconds(50));

        TokenResponse response = keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                "grant_type=client_credentials");
        String token = Requests.accessTokenOf(response.body());

        assertThat(Requests.json(response.body()).get("expires_in").asLong()).isBetween(1L, 10L);
        assertThat(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted()).isFalse();
        assertThat(audit.last().code()).isEqualTo(AuditCode.EXPIRED);
    }

    @Test
    @DisplayName("a token stored to outlive its connection (as an earlier release could issue one in a grace period) stops at the connection's expiry, warm and cold")
    void aTokenStoredToOutliveItsConnectionStopsWithIt() {
        InMemoryStore store = new InMemoryStore();
        Keyward keyward = Fixtures.keyward(store, clock).build();
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(10));
        IssuedCredentials client = keyward.connections().create(SUPER, ACME,
                NewConnection.builder("Client", AuthenticationType.OAUTH).expiresAt(expiresAt).build());
        String token = Requests.accessTokenOf(keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                "grant_type=client_credentials").body());
        StoredToken issued = store.findToken(CredentialLayout.lookupIdOf(token)).orElseThrow();
        store.inOrganization(ACME, tx -> {
            tx.deleteToken(issued.lookupId());
            tx.insertToken(issued.toBuilder().expiresAt(expiresAt.plus(Duration.ofHours(1))).build());
            return null;
        });
        Keyward warm = Fixtures.keyward(store, clock).build();
        assertThat(warm.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted()).isTrue();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(Fixtures.keyward(store, clock).build().authenticator().authenticate(Requests.bearer(token),
                ApiFamily.REST).granted()).as("cold, a millisecond before").isTrue();

        clock.advance(Duration.ofMillis(1));

        assertThat(warm.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted()).as("warm")
                .isFalse();
        assertThat(Fixtures.keyward(store, clock).build().authenticator().authenticate(Requests.bearer(token),
                ApiFamily.REST).granted()).as("cold").isFalse();
    }

    @Test
    @DisplayName("a client whose secret has less than a second left gets invalid_client, never a token with expires_in 0")
    void clientWithLessThanASecondLeftGetsNoToken() {
        Keyward keyward = keyward(100);
        IssuedCredentials client = keyward.connections().create(SUPER, ACME, NewConnection
                .builder("Client", AuthenticationType.OAUTH).expiresAt(clock.instant().plusSeconds(60)).build());
        RequestHeaders request = Requests.basicForm(client.connection().clientId(), client.secret().reveal());
        clock.advance(Duration.ofSeconds(59));
        TokenResponse lastSecond = keyward.tokenEndpoint().handle("POST", request, "grant_type=client_credentials");
        assertThat(Requests.json(lastSecond.body()).get("expires_in").asLong()).isEqualTo(1);

        clock.advance(Duration.ofMillis(500));
        TokenResponse response = keyward.tokenEndpoint().handle("POST", request, "grant_type=client_credentials");

        assertThat(response.status()).isEqualTo(401);
        assertThat(Requests.json(response.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(audit.last().code()).isEqualTo(AuditCode.EXPIRED);
    }

    @Test
    @DisplayName("an expired client gets invalid_client, audited as expired")
    void expiredClientIsAnInvalidClient() {
        Keyward keyward = keyward(100);
        IssuedCredentials client = keyward.connections().create(SUPER, ACME, NewConnection
                .builder("Client", AuthenticationType.OAUTH).expiresAt(clock.instant().plusSeconds(60)).build());
        clock.advance(Duration.ofSeconds(60));

        TokenResponse response = keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                "grant_type=client_credentials");

        assertThat(response.status()).isEqualTo(401);
        assertThat(Requests.json(response.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(audit.last().action()).isEqualTo(AuditAction.ISSUE_TOKEN);
        assertThat(audit.last().code()).isEqualTo(AuditCode.EXPIRED);
    }

    @Test
    @DisplayName("an expiry less than a microsecond ahead, which would be kept at or before now, is refused")
    void expiryWithinAMicrosecondIsRefused() {
        MutableClock nanos = new MutableClock(Instant.parse("2026-06-01T10:00:00.000000100Z"));
        try (Keyward keyward = Fixtures.keyward(new InMemoryStore(), nanos).build()) {
            assertThatThrownBy(() -> key(keyward, Instant.parse("2026-06-01T10:00:00.000000900Z")))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThat(keyward.connections().list(ADMIN, ACME)).isEmpty();
        }
    }

    @Test
    @DisplayName("with no maximum set, an expiry up to 100 years away is kept and verifies; a later one is refused")
    void expiriesPastAHundredYearsAreRefused() {
        Keyward keyward = keyward(0);
        Instant hundredYears = clock.instant().plus(Duration.ofDays(36_525));
        IssuedCredentials longLived = key(keyward, hundredYears);
        assertThat(longLived.connection().expiresAt()).isEqualTo(hundredYears);
        assertThat(authenticate(keyward, longLived.secret().reveal())).isInstanceOf(AuthenticationResult.Granted.class);

        for (Instant bad : List.of(hundredYears.plusMillis(1), Instant.parse("+300000-01-01T00:00:00Z"),
                Instant.parse("+300000000-01-01T00:00:00Z"), Instant.MAX)) {
            assertThatThrownBy(() -> keyward.connections().create(SUPER, ACME,
                    NewConnection.builder("Client", AuthenticationType.OAUTH).expiresAt(bad).build()))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThatThrownBy(() -> keyward.connections().regenerate(ADMIN, ACME, longLived.connection().id(),
                    Regeneration.builder().expiresAt(bad).build())).isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
        assertThat(keyward.connections().list(ADMIN, ACME)).singleElement()
                .satisfies(c -> assertThat(c.expiresAt()).isEqualTo(hundredYears));
        assertThat(authenticate(keyward, longLived.secret().reveal())).isInstanceOf(AuthenticationResult.Granted.class);
    }

    @Nested
    @DisplayName("the host's maximum lifetime")
    class MaximumLifetime {

        private final Keyward capped = Fixtures.keyward(new InMemoryStore(), clock)
                .maxCredentialLifetime(Duration.ofDays(90)).build();

        @Test
        @DisplayName("a connection created without an expiry gets the maximum; one within it keeps its own")
        void missingExpiryGetsTheCap() {
            Connection defaulted = capped.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                    .connection();
            Instant within = clock.instant().plus(Duration.ofDays(90));
            Connection asked = capped.connections().create(SUPER, ACME,
                    NewConnection.builder("Client", AuthenticationType.OAUTH).expiresAt(within).build()).connection();

            assertThat(defaulted.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
            assertThat(asked.expiresAt()).isEqualTo(within);
        }

        @Test
        @DisplayName("an expiry past the maximum, now or in the past is refused, and nothing is created")
        void badExpiriesAreRefused() {
            for (Instant bad : List.of(clock.instant().plus(Duration.ofDays(90)).plusMillis(1), clock.instant(),
                    clock.instant().minusSeconds(1))) {
                assertThatThrownBy(() -> capped.connections().create(ADMIN, ACME,
                        NewConnection.builder("Key", AuthenticationType.ACCESS_KEY).expiresAt(bad).build()))
                        .isInstanceOfSatisfying(KeywardException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            }
            assertThat(capped.connections().list(ADMIN, ACME)).isEmpty();
        }

        @Test
        @DisplayName("a regeneration is held to the same maximum")
        void regenerationIsCapped() {
            Connection key = capped.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                    .connection();
            clock.advance(Duration.ofDays(10));

            assertThatThrownBy(() -> capped.connections().regenerate(ADMIN, ACME, key.id(), Regeneration.builder()
                    .expiresAt(clock.instant().plus(Duration.ofDays(91))).build()))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThat(capped.connections().regenerate(ADMIN, ACME, key.id()).connection().expiresAt())
                    .isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        }
    }

    @Nested
    @DisplayName("regeneration")
    class Regenerating {

        @Test
        @DisplayName("the new secret gets its own expiry; a grace period never outlasts the old secret's")
        void graceStopsAtTheOldExpiry() {
            Keyward keyward = keyward(100);
            Instant oldExpiry = clock.instant().plus(Duration.ofHours(1));
            IssuedCredentials old = key(keyward, oldExpiry);
            assertThat(authenticate(keyward, old.secret().reveal()).granted()).isTrue();
            Instant newExpiry = clock.instant().plus(Duration.ofDays(30));

            IssuedCredentials fresh = keyward.connections().regenerate(ADMIN, ACME, old.connection().id(),
                    Regeneration.builder().gracePeriod(Duration.ofDays(7)).expiresAt(newExpiry).build());

            assertThat(fresh.connection().expiresAt()).isEqualTo(newExpiry);
            clock.advance(Duration.ofMinutes(59));
            assertThat(authenticate(keyward, old.secret().reveal()).granted()).as("in grace").isTrue();
            clock.advance(Duration.ofMinutes(1));
            assertThat(authenticate(keyward, old.secret().reveal()).granted()).as("old secret expired").isFalse();
            assertThat(authenticate(keyward, fresh.secret().reveal()).granted()).isTrue();
        }

        @Test
        @DisplayName("a grace period never outlasts the connection's new expiry: the old key is denied at it, and a token the old secret obtains lives no longer")
        void graceStopsAtTheConnectionsNewExpiry() {
            Keyward keyward = keyward(100);
            IssuedCredentials oldKey = key(keyward, null);
            IssuedCredentials oldClient = keyward.connections().create(SUPER, ACME,
                    NewConnection.builder("Client", AuthenticationType.OAUTH).build());
            assertThat(authenticate(keyward, oldKey.secret().reveal()).granted()).isTrue();
            Instant newExpiry = clock.instant().plus(Duration.ofMinutes(10));
            Regeneration windDown = Regeneration.builder().gracePeriod(Duration.ofDays(1)).expiresAt(newExpiry).build();

            keyward.connections().regenerate(ADMIN, ACME, oldKey.connection().id(), windDown);
            keyward.connections().regenerate(SUPER, ACME, oldClient.connection().id(), windDown);

            TokenResponse response = keyward.tokenEndpoint().handle("POST",
                    Requests.basicForm(oldClient.connection().clientId(), oldClient.secret().reveal()),
                    "grant_type=client_credentials");
            assertThat(response.status()).isEqualTo(200);
            assertThat(Requests.json(response.body()).get("expires_in").asLong()).isBetween(599L, 600L);
            clock.advance(Duration.ofMinutes(10).minusMillis(1));
            assertThat(authenticate(keyward, oldKey.secret().reveal()).granted()).as("in grace").isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(authenticate(keyward, oldKey.secret().reveal()).granted()).as("the connection expired").isFalse();
            assertThat(keyward.tokenEndpoint().handle("POST",
                    Requests.basicForm(oldClient.connection().clientId(), oldClient.secret().reveal()),
                    "grant_type=client_credentials").status()).isEqualTo(401);
        }

        /** A node whose every hash takes five seconds of its clock, as a wait for an Argon2 turn may. */
        private Keyward slowHashing() {
            SecretHasher cheap = new Argon2idHasher(Fixtures.CHEAP_ARGON2);
            SecretHasher slow = new SecretHasher() {
                @Override
                public String hash(CharSequence secret) {
                    clock.advance(Duration.ofSeconds(5));
                    return cheap.hash(secret);
                }

                @Override
                public boolean verify(String encodedHash, CharSequence secret) {
                    return cheap.verify(encodedHash, secret);
                }

                @Override
                public boolean needsRehash(String encodedHash) {
                    return cheap.needsRehash(encodedHash);
                }
            };
            return TestHashers.withHasher(Fixtures.keyward(new InMemoryStore(), clock), slow).build();
        }

        @Test
        @DisplayName("a grace period counts from the change: time spent waiting for a hash takes nothing off it")
        void graceCountsFromTheChange() {
            try (Keyward keyward = slowHashing()) {
                IssuedCredentials old = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);

                keyward.connections().regenerate(ADMIN, ACME, old.connection().id(), Duration.ofSeconds(3));

                assertThat(authenticate(keyward, old.secret().reveal()).granted()).as("in its grace").isTrue();
                clock.advance(Duration.ofSeconds(3));
                assertThat(authenticate(keyward, old.secret().reveal()).granted()).as("grace over").isFalse();
            }
        }

        @Test
        @DisplayName("a create whose expiry passes while its secret is hashed is refused, and creates nothing")
        void expiryPassedWhileHashingAtCreateIsRefused() {
            try (Keyward keyward = slowHashing()) {
                Instant soon = clock.instant().plusSeconds(3);

                assertThatThrownBy(() -> key(keyward, soon)).isInstanceOfSatisfying(KeywardException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));

                assertThat(keyward.connections().list(ADMIN, ACME)).isEmpty();
            }
        }

        @Test
        @DisplayName("an expiry that passes while the new secret is hashed is refused, and the old secret stays")
        void expiryPassedWhileHashingIsRefused() {
            try (Keyward keyward = slowHashing()) {
                IssuedCredentials old = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
                Instant soon = clock.instant().plusSeconds(3);

                assertThatThrownBy(() -> keyward.connections().regenerate(ADMIN, ACME, old.connection().id(),
                        Regeneration.builder().expiresAt(soon).build())).isInstanceOfSatisfying(KeywardException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));

                assertThat(keyward.connections().get(ADMIN, ACME, old.connection().id())).isEqualTo(old.connection());
                assertThat(authenticate(keyward, old.secret().reveal()).granted()).isTrue();
            }
        }

        @Test
        @DisplayName("an expired connection regenerated gets a working secret and no grace for the expired one")
        void expiredConnectionCanBeRenewed() {
            Keyward keyward = keyward(100);
            IssuedCredentials old = key(keyward, clock.instant().plusSeconds(5));
            clock.advance(Duration.ofSeconds(5));

            IssuedCredentials fresh = keyward.connections().regenerate(ADMIN, ACME, old.connection().id(),
                    Regeneration.builder().gracePeriod(Duration.ofDays(1)).build());

            assertThat(fresh.connection().expiresAt()).isNull();
            assertThat(authenticate(keyward, fresh.secret().reveal()).granted()).isTrue();
            assertThat(authenticate(keyward, old.secret().reveal()).granted()).isFalse();
        }
    }

    @Nested
    @DisplayName("expiring soon")
    class ExpiringSoon {

        @Test
        @DisplayName("lists what expires within the duration, or has expired, soonest first; never-expiring ones not")
        void listsSoonestFirst() {
            Keyward keyward = keyward(100);
            ConnectionService connections = keyward.connections();
            Instant now = clock.instant();
            Connection late = connections.create(SUPER, ACME, NewConnection.builder("Late", AuthenticationType.OAUTH)
                    .expiresAt(now.plus(Duration.ofDays(6))).build()).connection();
            Connection soon = connections.create(SUPER, ACME, NewConnection.builder("Soon", AuthenticationType.OAUTH)
                    .expiresAt(now.plus(Duration.ofDays(1))).build()).connection();
            connections.create(SUPER, ACME, NewConnection.builder("Far", AuthenticationType.OAUTH)
                    .expiresAt(now.plus(Duration.ofDays(8))).build());
            connections.create(ADMIN, ACME, "Never", AuthenticationType.ACCESS_KEY);
            clock.advance(Duration.ofDays(2));

            assertThat(connections.expiringWithin(ADMIN, ACME, Duration.ofDays(5)))
                    .extracting(Connection::name).containsExactly("Soon", "Late");
            assertThat(connections.expiringWithin(ADMIN, ACME, Duration.ofDays(4)).get(1).expiresAt())
                    .isEqualTo(late.expiresAt().truncatedTo(ChronoUnit.MICROS));
            assertThat(soon.expiresAt()).isBefore(clock.instant());
        }

        @Test
        @DisplayName("needs the rights of listing, and a duration that is not negative")
        void rightsAndInput() {
            ConnectionService connections = keyward(100).connections();

            assertThatThrownBy(() -> connections.expiringWithin(VIEWER, ACME, Duration.ofDays(1)))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            for (Duration bad : List.of(Duration.ofSeconds(-1), Duration.ofDays(36_526), Duration.ofSeconds(Long.MAX_VALUE))) {
                assertThatThrownBy(() -> connections.expiringWithin(ADMIN, ACME, bad))
                        .isInstanceOfSatisfying(KeywardException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            }
        }
    }
}
