package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The observer hears every verification, and cannot break one")
class ObserverTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStore store = new InMemoryStore();
    private Keyward keyward;

    @AfterEach
    void close() {
        if (keyward != null) {
            keyward.close();
        }
    }

    /** Keeps what it hears as text. */
    static final class Recording implements KeywardObserver {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void granted(ApiFamily family, AuthenticationType type, OrganizationId organizationId) {
            events.add("granted " + family + " " + type + " " + organizationId.value());
        }

        @Override
        public void denied(ApiFamily family, AuthenticationType type, DenialCode code) {
            events.add("denied " + family + " " + type + " " + code);
        }

        @Override
        public void managementAction(AuditAction action, AuditOutcome outcome, dev.keyward.spi.AuditCode code,
                OrganizationId organizationId) {
            events.add(action + " " + outcome);
        }

        @Override
        public void detached() {
            events.add("detached");
        }
    }

    /** Throws on every event. */
    static final class Broken implements KeywardObserver {
        @Override
        public void granted(ApiFamily family, AuthenticationType type, OrganizationId organizationId) {
            throw new IllegalStateException("broken observer");
        }

        @Override
        public void denied(ApiFamily family, AuthenticationType type, DenialCode code) {
            throw new IllegalStateException("broken observer");
        }

        @Override
        public void attached(State state) {
            throw new IllegalStateException("broken observer");
        }

        @Override
        public void detached() {
            throw new IllegalStateException("broken observer");
        }
    }

    @Test
    void everyDenialReachesBothTheAuditListenerAndTheObserver() {
        Recording observer = new Recording();
        RecordingAuditListener audit = new RecordingAuditListener();
        keyward = Fixtures.keyward(store, clock).observer(observer).auditListener(audit).build();
        String key = keyward.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY).secret()
                .reveal();

        keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.EVENT);
        keyward.authenticator().authenticate(RequestHeaders.of(), ApiFamily.REST);
        keyward.authenticator().authenticate(Requests.accessKey(key + "x"), ApiFamily.REST);
        keyward.authenticator().authenticate(Requests.bearer(key), ApiFamily.REST);

        assertThat(observer.events).containsExactly("CREATE_CONNECTION SUCCESS",
                "granted EVENT ACCESS_KEY acme",
                "denied REST null MISSING_CREDENTIALS",
                "denied REST ACCESS_KEY INVALID_CREDENTIALS",
                "denied REST OAUTH INVALID_CREDENTIALS");
        assertThat(audit.events(AuditAction.VERIFY_REQUEST)).hasSize(3);
    }

    @Test
    @DisplayName("introspection, revocation at the revocation endpoint and leak reports reach the observer as management")
    void oauthEndpointsAndLeakReportsReachTheObserver() throws Exception {
        Recording observer = new Recording();
        KeyPair github = KeyPairGenerator.getInstance("EC").generateKeyPair();
        keyward = Fixtures.keyward(store, clock).observer(observer)
                .introspectionClient(IntrospectionEndpointTest.GATEWAY_ID, IntrospectionEndpointTest.GATEWAY_SECRET)
                .githubSecretScanningKey("github-key", github.getPublic()).build();
        IssuedCredentials client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        String token = IntrospectionEndpointTest.issueToken(keyward, client);
        byte[] form = "token=x".getBytes(StandardCharsets.US_ASCII);

        keyward.introspectionEndpoint().handle("POST", RequestHeaders.of("Content-Type",
                "application/x-www-form-urlencoded"), form);
        keyward.revocationEndpoint().handle("POST", Requests.basicForm(client.connection().clientId(),
                client.secret().reveal()), ("token=" + token).getBytes(StandardCharsets.US_ASCII));
        keyward.githubSecretScanning().handle("POST", RequestHeaders.of(), "[]".getBytes(StandardCharsets.US_ASCII));

        assertThat(observer.events).contains("INTROSPECT_TOKEN REFUSED", "REVOKE_TOKEN SUCCESS",
                "RECEIVE_LEAK_REPORT REFUSED");
    }

    @Test
    void observerThatThrowsChangesNoAnswer() {
        keyward = Fixtures.keyward(store, clock).observer(new Broken()).build();
        String key = keyward.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY).secret()
                .reveal();

        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted()).isTrue();
        assertThat(keyward.authenticator().authenticate(RequestHeaders.of(), ApiFamily.REST))
                .isInstanceOfSatisfying(AuthenticationResult.Denied.class,
                        d -> assertThat(d.code()).isEqualTo(DenialCode.MISSING_CREDENTIALS));
    }

    @Test
    void compositeTellsEachEvenWhenOneThrows() {
        Recording first = new Recording();
        Recording last = new Recording();
        keyward = Fixtures.keyward(store, clock)
                .observer(KeywardObserver.composite(List.of(first, new Broken(), last))).build();

        keyward.authenticator().authenticate(RequestHeaders.of(), ApiFamily.EVENT);

        assertThat(first.events).containsExactly("denied EVENT null MISSING_CREDENTIALS");
        assertThat(last.events).containsExactly("denied EVENT null MISSING_CREDENTIALS");
        assertThat(KeywardObserver.composite(List.of())).isSameAs(KeywardObserver.NONE);
        assertThat(KeywardObserver.composite(List.of(first))).isSameAs(first);
    }

    @Test
    void closingDetachesEveryObserverOnceEvenWhenOneThrows() {
        Recording first = new Recording();
        Recording last = new Recording();
        Keyward closing = Fixtures.keyward(store, clock)
                .observer(KeywardObserver.composite(List.of(first, new Broken(), last))).build();

        closing.close();
        closing.close();

        assertThat(first.events).containsExactly("detached");
        assertThat(last.events).containsExactly("detached");
    }

    @Test
    @DisplayName("a build that fails once the observer is attached detaches it: no instance is left in its gauges")
    void buildFailingToWatchRevocationsDetachesTheObserver() {
        Recording recording = new Recording();
        dev.keyward.spi.KeywardStore unwatchable = new dev.keyward.spi.ForwardingStore(store) {
            @Override
            public dev.keyward.spi.RevocationWatch watchRevocations(Runnable onRevocation) {
                throw new IllegalStateException("cannot watch on purpose");
            }
        };

        assertThatThrownBy(() -> Fixtures.keyward(unwatchable, clock).observer(recording).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot watch on purpose");

        assertThat(recording.events).containsExactly("detached");
    }

    @Test
    void nullObserverRefusedAtOnce() {
        assertThatThrownBy(() -> Keyward.builder().observer(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("observer");
    }

    @Test
    void defaultObservesNothing() {
        keyward = Fixtures.keyward(store, clock).build();

        assertThat(keyward.config().observer()).isSameAs(KeywardObserver.NONE);
    }
}
