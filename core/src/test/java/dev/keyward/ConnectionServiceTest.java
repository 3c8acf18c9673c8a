package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.FORMER;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static dev.keyward.testing.Fixtures.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditActorKind;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.Requests;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.HidingStore;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The management service's own rules: who may act (R4), shown once (R5), audit (R10), bad input (R11). */
class ConnectionServiceTest {

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private ConnectionService connections;

    @BeforeEach
    void setUp() {
        connections = Fixtures.keyward(store, clock).auditListener(audit).build().connections();
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KeywardException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(code.httpStatus());
        });
    }

    @Nested
    @DisplayName("R4: who may act")
    class WhoMayAct {

        @Test
        @DisplayName("an admin may manage Access Key connections from create to delete")
        void adminManagesAccessKeys() {
            IssuedCredentials key = connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            ConnectionId id = key.connection().id();

            assertThat(connections.rename(ADMIN, ACME, id, "Renamed").name()).isEqualTo("Renamed");
            assertThat(connections.regenerate(ADMIN, ACME, id).secret()).isNotEqualTo(key.secret());
            connections.delete(ADMIN, ACME, id);
            assertThat(connections.list(ADMIN, ACME)).isEmpty();
        }

        @Test
        @DisplayName("an admin cannot create, rename, regenerate or delete M2M OAuth connections")
        void adminCannotManageOauth() {
            assertRefused(() -> connections.create(ADMIN, ACME, "Client", AuthenticationType.OAUTH),
                    ErrorCode.FORBIDDEN);
            ConnectionId id = connections.create(SUPER, ACME, "Client", AuthenticationType.OAUTH).connection().id();

            assertRefused(() -> connections.rename(ADMIN, ACME, id, "Mine"), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.regenerate(ADMIN, ACME, id), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.delete(ADMIN, ACME, id), ErrorCode.FORBIDDEN);
            assertThat(connections.list(ADMIN, ACME)).extracting(Connection::name).containsExactly("Client");
        }

        @Test
        @DisplayName("an inactive super admin can do nothing, not even list")
        void inactiveSuperAdminCanDoNothing() {
            ConnectionId id = connections.create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY).connection().id();

            assertRefused(() -> connections.create(FORMER, ACME, "Client", AuthenticationType.OAUTH),
                    ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.create(FORMER, GLOBEX, "Key", AuthenticationType.ACCESS_KEY),
                    ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.list(FORMER, ACME), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.get(FORMER, ACME, id), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.rename(FORMER, ACME, id, "x"), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.regenerate(FORMER, ACME, id), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.delete(FORMER, ACME, id), ErrorCode.FORBIDDEN);
            assertThat(store.listConnections(ACME)).hasSize(1);
            assertThat(store.listConnections(GLOBEX)).isEmpty();
        }

        @Test
        @DisplayName("a user without an admin role can do nothing and learns nothing of what exists")
        void nonAdminCanDoNothing() {
            ConnectionId id = connections.create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY).connection().id();

            assertRefused(() -> connections.create(VIEWER, ACME, "Mine", AuthenticationType.ACCESS_KEY),
                    ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.list(VIEWER, ACME), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.delete(VIEWER, ACME, id), ErrorCode.FORBIDDEN);
            assertRefused(() -> connections.delete(VIEWER, ACME, ConnectionId.of("unknown")), ErrorCode.FORBIDDEN);
        }

        @Test
        @DisplayName("an inactive admin may not manage Access Keys")
        void inactiveAdminCannotManageAccessKeys() {
            Actor inactiveAdmin = new Actor("gone", Role.ADMIN, false);
            assertRefused(() -> connections.create(inactiveAdmin, ACME, "Key", AuthenticationType.ACCESS_KEY),
                    ErrorCode.FORBIDDEN);
        }

        @Test
        @DisplayName("a super admin manages both kinds")
        void superAdminManagesBoth() {
            connections.create(SUPER, ACME, "Key", AuthenticationType.ACCESS_KEY);
            connections.create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            assertThat(connections.list(SUPER, ACME)).hasSize(2);
        }
    }

    @Test
    @DisplayName("a name stored before a rule refused it is kept when sent back unchanged beside another change,"
            + " and refused as a new name")
    void nameStoredBeforeItsRuleIsKeptWhenSentBackUnchanged() {
        String older = "Caf\u00e9\u0301"; // U+0301 twice on the e, refused since
        StoredConnection stored = dev.keyward.testing.StoredRows.connection(ACME, older,
                AuthenticationType.ACCESS_KEY, clock.instant()).build();
        store.inOrganization(ACME, tx -> {
            tx.insert(stored);
            return null;
        });
        ConnectionId id = stored.connection().id();

        Connection narrowed = connections.update(ADMIN, ACME, id, ConnectionUpdate.builder().name(older)
                .allowedIps(List.of("10.0.0.0/8")).build());

        assertThat(narrowed.name()).isEqualTo(older);
        assertThat(narrowed.allowedIps().ranges()).hasSize(1);
        assertRefused(() -> connections.update(ADMIN, ACME, id, ConnectionUpdate.builder().name(older + "x").build()),
                ErrorCode.INVALID_INPUT);
        assertRefused(() -> connections.update(ADMIN, ACME, id, ConnectionUpdate.builder()
                .name("Caf\u00e9\u0301\u0301").build()), ErrorCode.INVALID_INPUT);
        assertRefused(() -> connections.create(ADMIN, GLOBEX, older, AuthenticationType.ACCESS_KEY),
                ErrorCode.INVALID_INPUT);
        assertThat(connections.rename(ADMIN, ACME, id, older).name()).as("renamed to the name it has").isEqualTo(older);
        // Whoever may change nothing is refused the name, as for any connection: nothing read tells them it exists.
        for (Actor mayNot : List.of(VIEWER, FORMER)) {
            assertRefused(() -> connections.update(mayNot, ACME, id, ConnectionUpdate.builder().name(older).build()),
                    ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.rename(mayNot, ACME, id, older), ErrorCode.INVALID_INPUT);
        }
        assertRefused(() -> connections.update(ADMIN, ACME, null, ConnectionUpdate.builder().name(older).build()),
                ErrorCode.INVALID_INPUT);
    }

    @Nested
    @DisplayName("R1/R2: configured limits")
    class ConfiguredLimits {

        @Test
        @DisplayName("an OAuth limit of 3: the fourth M2M OAuth connection is refused, and the Access Key slot stays")
        void oauthLimitOfThreeThenTheFourthIsRefused() {
            ConnectionService limited = Fixtures.keyward(store, clock).oauthLimit(3).build().connections();
            for (int i = 1; i <= 3; i++) {
                limited.create(SUPER, ACME, "client " + i, AuthenticationType.OAUTH);
            }

            assertRefused(() -> limited.create(SUPER, ACME, "client 4", AuthenticationType.OAUTH),
                    ErrorCode.OAUTH_LIMIT_REACHED);
            assertThat(store.listConnections(ACME)).hasSize(3);
            assertThat(limited.create(SUPER, GLOBEX, "client 1", AuthenticationType.OAUTH).connection().name())
                    .as("the limit counts per organization").isEqualTo("client 1");
            assertThat(limited.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).connection().name())
                    .isEqualTo("Key");
        }

        @Test
        @DisplayName("an Access Key limit of 2: the third Access Key connection is refused")
        void accessKeyLimitOfTwoThenTheThirdIsRefused() {
            ConnectionService limited = Fixtures.keyward(store, clock).accessKeyLimit(2).build().connections();
            limited.create(ADMIN, ACME, "Key 1", AuthenticationType.ACCESS_KEY);
            limited.create(ADMIN, ACME, "Key 2", AuthenticationType.ACCESS_KEY);

            assertRefused(() -> limited.create(ADMIN, ACME, "Key 3", AuthenticationType.ACCESS_KEY),
                    ErrorCode.ACCESS_KEY_EXISTS);
            assertThat(store.listConnections(ACME)).hasSize(2);
        }
    }

    @Nested
    @DisplayName("R5: shown once, stored hashed")
    class ShownOnce {

        @Test
        @DisplayName("the store keeps an Argon2id hash and a hint, never the secret")
        void storeKeepsHashAndHintOnly() {
            IssuedCredentials issued = connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            String secret = issued.secret().reveal();
            StoredConnection stored = store.findConnection(ACME, issued.connection().id()).orElseThrow();

            assertThat(stored.secretHash()).startsWith("$argon2id$v=19$").doesNotContain(secret);
            assertThat(stored.toString()).doesNotContain(secret).doesNotContain(stored.secretHash());
            assertThat(stored.connection().hint())
                    .isEqualTo("kwak_…" + secret.substring(secret.length() - 4))
                    .isEqualTo(issued.secret().hint());
        }

        @Test
        @DisplayName("OAuth creation yields a client id and a client secret of distinct prefixes")
        void oauthYieldsClientIdAndSecret() {
            IssuedCredentials issued = connections.create(SUPER, ACME, "Client", AuthenticationType.OAUTH);

            assertThat(issued.connection().clientId()).startsWith("kwci_");
            assertThat(issued.secret().reveal()).startsWith("kwcs_");
            assertThat(issued.connection().oauthClientId()).contains(issued.connection().clientId());
        }

        @Test
        @DisplayName("listing and getting show hints, and nothing else of the secret")
        void readsNeverShowTheSecret() {
            IssuedCredentials issued = connections.create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            String secret = issued.secret().reveal();

            assertThat(connections.list(SUPER, ACME)).singleElement()
                    .isEqualTo(issued.connection())
                    .satisfies(c -> assertThat(c.toString()).doesNotContain(secret));
            assertThat(connections.get(ADMIN, ACME, issued.connection().id()).toString()).doesNotContain(secret);
            assertThat(issued.toString()).doesNotContain(secret).contains(issued.secret().hint());
        }
    }

    @Nested
    @DisplayName("R10: audit")
    class Audit {

        @Test
        @DisplayName("every management call reports who, what, where, outcome and when")
        void everyCallIsAudited() {
            IssuedCredentials issued = connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            ConnectionId id = issued.connection().id();
            clock.advance(Duration.ofSeconds(1));
            connections.rename(ADMIN, ACME, id, "Key 2");
            connections.regenerate(ADMIN, ACME, id);
            connections.list(ADMIN, ACME);
            connections.get(ADMIN, ACME, id);
            connections.delete(ADMIN, ACME, id);

            assertThat(audit.events()).extracting(AuditEvent::action).containsExactly(
                    AuditAction.CREATE_CONNECTION, AuditAction.RENAME_CONNECTION, AuditAction.REGENERATE_CONNECTION,
                    AuditAction.LIST_CONNECTIONS, AuditAction.GET_CONNECTION, AuditAction.DELETE_CONNECTION);
            assertThat(audit.events()).allSatisfy(e -> {
                assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
                assertThat(e.actorId()).isEqualTo("admin");
                assertThat(e.actorKind()).isEqualTo(AuditActorKind.USER);
                assertThat(e.organizationId()).isEqualTo(ACME);
                assertThat(e.code()).isNull();
            });
            assertThat(audit.events().get(0).at()).isEqualTo(issued.connection().createdAt());
            assertThat(audit.events(AuditAction.DELETE_CONNECTION)).singleElement().satisfies(e -> {
                assertThat(e.connectionId()).isEqualTo(id);
                assertThat(e.authenticationType()).isEqualTo(AuthenticationType.ACCESS_KEY);
                assertThat(e.at()).isEqualTo(clock.instant());
            });
        }

        @Test
        @DisplayName("a host user named like the secret scanner is audited as a user, told apart from the scanner")
        void userNamedLikeTheScannerIsAuditedAsAUser() {
            connections.create(Actor.admin(GitHubSecretScanning.ACTOR), ACME, "Key", AuthenticationType.ACCESS_KEY);

            assertThat(audit.last()).satisfies(e -> {
                assertThat(e.actorId()).isEqualTo(GitHubSecretScanning.ACTOR);
                assertThat(e.actorKind()).isEqualTo(AuditActorKind.USER);
            });
        }

        @Test
        @DisplayName("a refusal is reported with its code")
        void refusalIsAudited() {
            assertRefused(() -> connections.create(ADMIN, ACME, "Client", AuthenticationType.OAUTH),
                    ErrorCode.FORBIDDEN);

            assertThat(audit.last()).satisfies(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.CREATE_CONNECTION);
                assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
                assertThat(e.code()).isEqualTo(AuditCode.FORBIDDEN);
                assertThat(e.actorId()).isEqualTo("admin");
                assertThat(e.authenticationType()).isEqualTo(AuthenticationType.OAUTH);
            });
        }

        @Test
        @DisplayName("an admin refused an existing M2M OAuth connection is audited with the connection's type")
        void refusalOnAnExistingConnectionIsAuditedWithItsType() {
            ConnectionId client = connections.create(SUPER, ACME, "Client", AuthenticationType.OAUTH).connection().id();

            assertRefused(() -> connections.delete(ADMIN, ACME, client), ErrorCode.FORBIDDEN);
            assertThat(audit.last()).satisfies(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.DELETE_CONNECTION);
                assertThat(e.code()).isEqualTo(AuditCode.FORBIDDEN);
                assertThat(e.connectionId()).isEqualTo(client);
                assertThat(e.authenticationType()).isEqualTo(AuthenticationType.OAUTH);
            });
            assertRefused(() -> connections.rename(ADMIN, ACME, client, "Renamed"), ErrorCode.FORBIDDEN);
            assertThat(audit.last().authenticationType()).isEqualTo(AuthenticationType.OAUTH);
        }

        @Test
        @DisplayName("a failing audit listener does not fail the call")
        void failingListenerIsContained() {
            ConnectionService tolerant = Fixtures.keyward(store, clock)
                    .auditListener(e -> {
                        throw new IllegalStateException("listener down");
                    })
                    .build().connections();

            IssuedCredentials issued = tolerant.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);

            assertThat(store.findConnection(ACME, issued.connection().id())).map(StoredConnection::connection)
                    .contains(issued.connection());
        }

        @Test
        @DisplayName("nor does one that throws an Error, as a logging back end missing a class does: the secret of a"
                + " call that committed is handed over, and the next calls are answered as they should be")
        void listenerThrowingAnErrorIsContained() {
            Keyward tolerant = Fixtures.keyward(store, clock).auditListener(e -> {
                throw new NoClassDefFoundError("org/example/Appender");
            }).build();

            IssuedCredentials issued = tolerant.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            IssuedCredentials regenerated = tolerant.connections().regenerate(SUPER, ACME, issued.connection().id(),
                    Regeneration.immediate());

            assertThat(regenerated.secret().reveal()).isNotEqualTo(issued.secret().reveal());
            assertRefused(() -> tolerant.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH),
                    ErrorCode.NAME_TAKEN);
            assertThat(tolerant.authenticator().authenticate(Requests.accessKey("kwak_nothing"), ApiFamily.REST)
                    .granted()).isFalse();
            tolerant.close();
        }

        @Test
        @DisplayName("an AssertionError a listener throws, a test's, reaches the caller")
        void listenerAssertionReachesTheCaller() {
            Keyward asserting = Fixtures.keyward(store, clock).auditListener(e -> {
                throw new AssertionError("the test's listener saw what it did not expect");
            }).build();

            assertThatThrownBy(() -> asserting.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH))
                    .isInstanceOf(AssertionError.class);
            asserting.close();
        }
    }

    @Nested
    @DisplayName("conflicts a store reports")
    class StoreConflicts {

        @Test
        @DisplayName("a name the service could not see but the store's unique key holds is refused with NAME_TAKEN"
                + " after a fresh read, on create and on rename")
        void conflictIsJudgedByTheServiceAfterAFreshRead() {
            HidingStore hiding = new HidingStore(true);
            ConnectionService service = Fixtures.keyward(hiding, clock).build().connections();
            ConnectionId prod = service.create(SUPER, ACME, "Prod", AuthenticationType.OAUTH).connection().id();
            ConnectionId other = service.create(SUPER, ACME, "Other", AuthenticationType.OAUTH).connection().id();

            hiding.hide(prod);
            assertRefused(() -> service.create(SUPER, ACME, "PROD", AuthenticationType.OAUTH), ErrorCode.NAME_TAKEN);
            hiding.hide(prod);
            assertRefused(() -> service.rename(SUPER, ACME, other, "prod"), ErrorCode.NAME_TAKEN);

            assertThat(hiding.everyConnection(ACME)).extracting(c -> c.connection().name())
                    .containsExactlyInAnyOrder("Prod", "Other");
        }

        @Test
        @DisplayName("a conflict the service's own checks do not explain is a store failure, and nothing is written")
        void unexplainedConflictIsAStoreFailure() {
            HidingStore hiding = new HidingStore(false);
            ConnectionService service = Fixtures.keyward(hiding, clock).auditListener(audit).build().connections();
            ConnectionId prod = service.create(SUPER, ACME, "Prod", AuthenticationType.OAUTH).connection().id();

            hiding.hide(prod);
            assertThatThrownBy(() -> service.create(SUPER, ACME, "prod", AuthenticationType.OAUTH))
                    .isInstanceOfSatisfying(StoreConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE));

            assertThat(hiding.everyConnection(ACME)).extracting(c -> c.connection().name()).containsExactly("Prod");
            assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.FAILED);
        }
    }

    @Nested
    @DisplayName("R11: bad input")
    class BadInput {

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   ", "\t\n", "new\nline", "nul\u0000", "bell\u0007",
            "del\u007f", "line\u2028sep", "lone \ud800 surrogate"})
        @DisplayName("a missing, blank or control-character name is refused, leaving nothing behind")
        void badNamesAreRefused(String name) {
            assertRefused(() -> connections.create(ADMIN, ACME, name, AuthenticationType.ACCESS_KEY),
                    ErrorCode.INVALID_INPUT);
            assertThat(store.listConnections(ACME)).isEmpty();
        }

        @Test
        @DisplayName("101 characters is one too many; 100 are fine, trimmed first")
        void nameLengthIsBounded() {
            assertRefused(() -> connections.create(ADMIN, ACME, "x".repeat(101), AuthenticationType.ACCESS_KEY),
                    ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.create(ADMIN, ACME, "y".repeat(100_000), AuthenticationType.ACCESS_KEY),
                    ErrorCode.INVALID_INPUT);
            assertThat(connections.create(ADMIN, ACME, "  " + "x".repeat(100) + "  ", AuthenticationType.ACCESS_KEY)
                    .connection().name()).hasSize(100);
        }

        @Test
        @DisplayName("null arguments are refused as invalid input, never a NullPointerException from inside")
        void nullArgumentsAreInvalidInput() {
            ConnectionId id = connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).connection().id();

            assertRefused(() -> connections.create(null, ACME, "x", AuthenticationType.ACCESS_KEY),
                    ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.create(ADMIN, null, "x", AuthenticationType.ACCESS_KEY),
                    ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.create(ADMIN, ACME, "x", null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.list(ADMIN, null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.get(ADMIN, ACME, null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.rename(ADMIN, ACME, id, null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.regenerate(ADMIN, ACME, id, (Duration) null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.regenerate(ADMIN, ACME, id, (Regeneration) null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.create(ADMIN, ACME, (NewConnection) null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.expiringWithin(ADMIN, ACME, null), ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.delete(ADMIN, ACME, null), ErrorCode.INVALID_INPUT);
        }

        @Test
        @DisplayName("a negative or too long grace period is refused and the secret stays as it was")
        void badGracePeriodIsRefused() {
            IssuedCredentials issued = connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            ConnectionId id = issued.connection().id();

            assertRefused(() -> connections.regenerate(ADMIN, ACME, id, Duration.ofSeconds(-1)),
                    ErrorCode.INVALID_INPUT);
            assertRefused(() -> connections.regenerate(ADMIN, ACME, id, Duration.ofDays(31)),
                    ErrorCode.INVALID_INPUT);
            assertThat(connections.get(ADMIN, ACME, id)).isEqualTo(issued.connection());
        }

        @Test
        @DisplayName("malformed ids are refused when the value is made")
        void malformedIdsAreRefused() {
            assertRefused(() -> OrganizationId.of(""), ErrorCode.INVALID_INPUT);
            assertRefused(() -> OrganizationId.of("a b"), ErrorCode.INVALID_INPUT);
            assertRefused(() -> OrganizationId.of("x".repeat(65)), ErrorCode.INVALID_INPUT);
            assertRefused(() -> OrganizationId.of("ünïcode"), ErrorCode.INVALID_INPUT);
            assertRefused(() -> ConnectionId.of("../etc"), ErrorCode.INVALID_INPUT);
            assertRefused(() -> new Actor(" ", Role.ADMIN, true), ErrorCode.INVALID_INPUT);
            assertRefused(() -> new Actor("someone", null, true), ErrorCode.INVALID_INPUT);
        }

        @Test
        @DisplayName("an unknown connection is NOT_FOUND for every call, also from another organization")
        void unknownConnectionIsNotFound() {
            ConnectionId id = connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).connection().id();

            assertRefused(() -> connections.get(ADMIN, GLOBEX, id), ErrorCode.NOT_FOUND);
            assertRefused(() -> connections.rename(ADMIN, GLOBEX, id, "x"), ErrorCode.NOT_FOUND);
            assertRefused(() -> connections.regenerate(ADMIN, GLOBEX, id), ErrorCode.NOT_FOUND);
            assertRefused(() -> connections.delete(ADMIN, GLOBEX, id), ErrorCode.NOT_FOUND);
            assertThat(connections.list(ADMIN, ACME)).hasSize(1);
        }

        @Test
        @DisplayName("refused calls leave the store exactly as it was")
        void refusalsLeaveNoPartialState() {
            connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            List<StoredConnection> before = store.listConnections(ACME);

            assertRefused(() -> connections.create(ADMIN, ACME, "Other", AuthenticationType.ACCESS_KEY),
                    ErrorCode.ACCESS_KEY_EXISTS);
            assertRefused(() -> connections.create(SUPER, ACME, "KEY", AuthenticationType.OAUTH),
                    ErrorCode.NAME_TAKEN);

            assertThat(store.listConnections(ACME)).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("a new secret is hashed in a turn of the Argon2 gate; with none free in time, OVERLOADED and nothing changes")
    void creationWaitsForAnArgon2Turn() throws Exception {
        CountingHasher hasher = new CountingHasher();
        Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).maxConcurrentHashes(1)
                .hashQueueTimeout(Duration.ZERO).cacheMaximumSize(0).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        hasher.hold(1);
        Thread verifying = new Thread(() -> keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST));
        verifying.start();
        assertThat(hasher.awaitEntered()).as("a verification holds the only turn").isTrue();

        assertThatThrownBy(() -> keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH))
                .isInstanceOfSatisfying(KeywardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED);
                    assertThat(e.httpStatus()).isEqualTo(503);
                });
        assertThat(keyward.connections().list(ADMIN, ACME)).hasSize(1);

        hasher.open();
        verifying.join();
        assertThat(keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH).connection().name())
                .isEqualTo("Client");
    }
}
