package dev.keyward.micrometer;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.KeywardException;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import dev.keyward.CredentialPrefixes;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a host reads in its registry after known sequences of requests. */
class KeywardMetricsTest {

    private static final String FORM = "grant_type=client_credentials";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStore store = new InMemoryStore();
    private final List<Keyward> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(Keyward::close);
    }

    Keyward keyward(KeywardMetrics metrics) {
        Keyward keyward = Fixtures.keyward(store, clock).observer(metrics).build();
        started.add(keyward);
        return keyward;
    }

    double verifications(String outcome, String code, String family, String type) {
        return registry.get("keyward.verifications").tags("outcome", outcome, "code", code, "family", family,
                "type", type).counter().count();
    }

    static RequestHeaders accessKey(String value) {
        return RequestHeaders.of("Accesskey", value);
    }

    /** The same lookup id, checksum right, another random part: a store read and Argon2, then a denial. */
    static String wrongSecret(String secret) {
        CredentialKind kind = secret.startsWith(CredentialPrefixes.DEFAULTS.accessKey()) ? CredentialKind.ACCESS_KEY
                : CredentialKind.CLIENT_SECRET;
        return new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom()).issue(kind,
                CredentialLayout.lookupIdOf(secret));
    }

    @Nested
    @DisplayName("verifications")
    class Verifications {

        @Test
        void grantsAndDenialsCountedByOutcomeCodeFamilyAndType() {
            Keyward keyward = keyward(KeywardMetrics.of(registry));
            String key = keyward.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();

            keyward.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(key), ApiFamily.EVENT);
            keyward.authenticator().authenticate(RequestHeaders.of(), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey("kwak_short"), ApiFamily.EVENT);
            keyward.authenticator().authenticate(Requests.bearer("kwbt_not_a_token_at_all_0000"), ApiFamily.REST);

            assertThat(verifications("granted", "none", "rest", "access_key")).isEqualTo(2);
            assertThat(verifications("granted", "none", "event", "access_key")).isEqualTo(1);
            assertThat(verifications("denied", "MISSING_CREDENTIALS", "rest", "none")).isEqualTo(1);
            assertThat(verifications("denied", "INVALID_CREDENTIALS", "event", "access_key")
                    + verifications("denied", "INVALID_REQUEST", "event", "access_key")).isEqualTo(1);
            assertThat(verifications("denied", "INVALID_CREDENTIALS", "rest", "oauth")
                    + verifications("denied", "INVALID_REQUEST", "rest", "oauth")).isEqualTo(1);
            double all = registry.get("keyward.verifications").counters().stream().mapToDouble(c -> c.count()).sum();
            assertThat(all).isEqualTo(6);
        }

        @Test
        void bearerTokenOnEventApiCountedAsForbiddenForOAuth() {
            Keyward keyward = keyward(KeywardMetrics.of(registry));
            String token = token(keyward, keyward.connections().create(SUPER, ACME, "M2M", AuthenticationType.OAUTH));

            keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.EVENT);
            keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST);

            assertThat(verifications("denied", "API_FAMILY_FORBIDDEN", "event", "oauth")).isEqualTo(1);
            assertThat(verifications("granted", "none", "rest", "oauth")).isEqualTo(1);
        }

        @Test
        void everyDenialCodeHasItsCounterBeforeTheFirstRequest() {
            KeywardMetrics.of(registry);

            for (dev.keyward.DenialCode code : dev.keyward.DenialCode.values()) {
                assertThat(verifications("denied", code.name(), "rest", "none")).isZero();
            }
        }
    }

    @Nested
    @DisplayName("cold path, cache and Argon2")
    class ColdPath {

        @Test
        void firstVerificationTimedAsColdAndLaterOnesAreCacheHits() {
            Keyward keyward = keyward(KeywardMetrics.of(registry));
            String key = keyward.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();
            long hashesBefore = registry.get("keyward.hash.duration").timer().count();

            keyward.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(wrongSecret(key)), ApiFamily.REST);

            var coldValid = registry.get("keyward.verification.cold").tags("credential", "access_key", "result", "valid")
                    .timer();
            assertThat(coldValid.count()).isEqualTo(1);
            assertThat(coldValid.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get("keyward.verification.cold").tags("credential", "access_key", "result", "invalid")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get("keyward.cache.gets").tag("result", "hit").counter().count()).isEqualTo(1);
            assertThat(registry.get("keyward.cache.gets").tag("result", "miss").counter().count()).isEqualTo(2);
            assertThat(registry.get("keyward.hash.duration").timer().count() - hashesBefore).isEqualTo(2);
            assertThat(registry.get("keyward.hash.gate.wait").tag("result", "admitted").timer().count()).isEqualTo(3);
            assertThat(registry.get("keyward.cache.size").gauge().value()).isEqualTo(1);
        }

        /**
         * A host that closes its Keyward and builds another over the same registry (a context refreshed, a test after
         * another) sees the new instance's figures: the closed one's gauges are gone with it.
         */
        @Test
        void closedInstanceGaugesGoneAndTheNextInstanceRegistersItsOwn() {
            Keyward first = keyward(KeywardMetrics.of(registry));
            String key = first.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();
            first.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            assertThat(registry.get("keyward.cache.size").gauge().value()).isEqualTo(1);

            first.close();
            first.close();
            assertThat(registry.find("keyward.cache.size").gauge()).as("the closed instance's gauge").isNull();
            assertThat(registry.find("keyward.hash.gate.waiting").gauge()).isNull();

            Keyward second = Keyward.builder().store(store).clock(clock).observer(KeywardMetrics.of(registry)).build();
            started.add(second);
            assertThat(registry.get("keyward.cache.size").gauge().value()).as("the new instance remembers nothing yet")
                    .isZero();
            second.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            assertThat(registry.get("keyward.cache.size").gauge().value()).isEqualTo(1);
            assertThat(registry.get("keyward.cache.gets").tag("result", "miss").counter().count())
                    .as("counters count on").isEqualTo(2);
        }

        /** The credential queue's gauge reads the attached instance's figure, and goes with it. */
        @Test
        void credentialQueueGaugeReadsTheInstancesFigure() {
            KeywardMetrics metrics = KeywardMetrics.of(registry);
            dev.keyward.spi.KeywardObserver.State state = new dev.keyward.spi.KeywardObserver.State() {
                @Override
                public long cachedCredentials() {
                    return 0;
                }

                @Override
                public int hashesRunning() {
                    return 1;
                }

                @Override
                public int hashesWaiting() {
                    return 0;
                }

                @Override
                public int hashesWaitingForTheirCredential() {
                    return 7;
                }
            };

            metrics.attached(state);
            double waiting = registry.get("keyward.hash.credential.waiting").gauge().value();
            metrics.detached(state);

            assertThat(waiting).isEqualTo(7);
            assertThat(registry.find("keyward.hash.credential.waiting").gauge()).as("gone with the instance").isNull();
        }

        /** Two instances alive on one registry with the same tags: closing the later one leaves the first one's gauges. */
        @Test
        void closingASecondInstanceOnTheSameTagsLeavesTheFirstOnesGauges() {
            Keyward first = keyward(KeywardMetrics.of(registry));
            String key = first.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();
            first.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            Keyward second = Keyward.builder().store(store).clock(clock).observer(KeywardMetrics.of(registry)).build();

            second.close();

            assertThat(registry.get("keyward.cache.size").gauge().value()).as("the first instance's").isEqualTo(1);
            assertThat(registry.find("keyward.hash.gate.running").gauge()).isNotNull();
        }

        /**
         * One KeywardMetrics given to two instances by mistake: the second is refused its gauges (logged), and closing
         * it leaves the first one's, which go with the first.
         */
        @Test
        void oneMetricsGivenToTwoInstancesKeepsTheFirstOnesGaugesWhenTheSecondCloses() {
            KeywardMetrics shared = KeywardMetrics.of(registry);
            Keyward first = keyward(shared);
            String key = first.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();
            first.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            Keyward second = Keyward.builder().store(store).clock(clock).observer(shared).build();

            second.close();

            assertThat(registry.get("keyward.cache.size").gauge().value()).as("the first instance's").isEqualTo(1);
            first.close();
            assertThat(registry.find("keyward.cache.size").gauge()).isNull();
        }

        /** Beside an instance with tags of its own, another has its gauges too, and closing one leaves the other's. */
        @Test
        void instancesWithTagsOfTheirOwnKeepTheirOwnGauges() {
            Keyward tagged = keyward(KeywardMetrics.builder(registry).tags(Tags.of("node", "a")).build());
            Keyward plain = keyward(KeywardMetrics.of(registry));
            String key = plain.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();
            plain.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            assertThat(registry.find("keyward.cache.size").gauges()).hasSize(2);

            tagged.close();

            assertThat(registry.find("keyward.cache.size").gauges()).singleElement()
                    .satisfies(gauge -> assertThat(gauge.value()).isEqualTo(1));
        }

        @Test
        void gateGaugesShowArgon2RunningAndCallersWaiting() throws Exception {
            Keyward keyward = Keyward.builder().store(store).clock(clock).maxConcurrentHashes(1)
                    .argon2(new dev.keyward.Argon2Parameters(8192, 1, 1)).hashQueueTimeout(Duration.ofSeconds(30))
                    .observer(KeywardMetrics.of(registry)).build();
            started.add(keyward);
            // One key per organization: wrong secrets for one connection take one Argon2 turn at a time and
            // wait in that connection's own queue, so only floods on several connections queue at the gate.
            List<String> keys = new ArrayList<>();
            for (dev.keyward.OrganizationId organization : List.of(ACME, GLOBEX, dev.keyward.OrganizationId.of("initech"))) {
                keys.add(keyward.connections().create(ADMIN, organization, "Reporting", AuthenticationType.ACCESS_KEY)
                        .secret().reveal());
            }
            assertThat(registry.get("keyward.hash.gate.running").gauge().value()).isZero();
            assertThat(registry.get("keyward.hash.gate.waiting").gauge().value()).isZero();
            List<Thread> flood = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            for (int i = 0; i < 3; i++) {
                // A wrong secret of its own per thread: equal ones would share one check instead of queueing.
                String wrong = wrongSecret(keys.get(i));
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        keyward.authenticator().authenticate(accessKey(wrong), ApiFamily.REST);
                    }
                });
                t.start();
                flood.add(t);
            }
            try {
                boolean running = false;
                boolean waiting = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!(running && waiting) && System.nanoTime() < deadline) {
                    running |= registry.get("keyward.hash.gate.running").gauge().value() == 1;
                    waiting |= registry.get("keyward.hash.gate.waiting").gauge().value() >= 1;
                    Thread.onSpinWait();
                }
                assertThat(running).as("a gauge saw Argon2 running").isTrue();
                assertThat(waiting).as("a gauge saw callers waiting").isTrue();
            } finally {
                stop.set(true);
                for (Thread t : flood) {
                    t.join();
                }
            }
            assertThat(registry.get("keyward.hash.gate.running").gauge().value()).isZero();
        }
    }

    @Nested
    @DisplayName("tokens, management and revocations")
    class Events {

        @Test
        void tokenIssuanceTimedAndRefusalsCountedByCode() {
            Keyward keyward = keyward(KeywardMetrics.of(registry));
            IssuedCredentials client = keyward.connections().create(SUPER, ACME, "M2M", AuthenticationType.OAUTH);

            token(keyward, client);
            keyward.tokenEndpoint().handle("POST", Requests.basicForm(client.connection().oauthClientId().orElseThrow(),
                    wrongSecret(client.secret().reveal())), FORM);

            assertThat(registry.get("keyward.tokens.issued").timer().count()).isEqualTo(1);
            assertThat(registry.get("keyward.tokens.issued").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get("keyward.tokens.refused").tag("code", "INVALID_CREDENTIALS").counter().count())
                    .isEqualTo(1);
        }

        @Test
        void managementActionsCountedByActionOutcomeAndCode() {
            Keyward keyward = keyward(KeywardMetrics.of(registry));
            keyward.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY);
            assertThatThrownBy(() -> keyward.connections().create(ADMIN, ACME, "Other", AuthenticationType.ACCESS_KEY))
                    .isInstanceOf(dev.keyward.KeywardException.class);

            assertThat(registry.get("keyward.management").tags("action", "CREATE_CONNECTION", "outcome", "SUCCESS",
                    "code", "none").counter().count()).isEqualTo(1);
            assertThat(registry.get("keyward.management").tags("action", "CREATE_CONNECTION", "outcome", "REFUSED",
                    "code", "ACCESS_KEY_EXISTS").counter().count()).isEqualTo(1);
        }

        @Test
        void revocationFromAnotherNodeCountedWithItsLag() {
            // The observed node's clock runs 3 s behind the revocation's arrival: its lag, exactly.
            MutableClock later = new MutableClock(clock.instant().plusSeconds(3));
            Keyward observed = Fixtures.keyward(store, later).observer(KeywardMetrics.of(registry)).build();
            started.add(observed);
            Keyward other = Fixtures.keyward(store, clock).build();
            started.add(other);
            IssuedCredentials issued = other.connections().create(ADMIN, ACME, "Reporting",
                    AuthenticationType.ACCESS_KEY);

            other.connections().regenerate(ADMIN, ACME, issued.connection().id());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (registry.get("keyward.revocations.received").tag("kind", "connection").counter().count() < 1
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(registry.get("keyward.revocations.received").tag("kind", "connection").counter().count())
                    .isEqualTo(1);
            var lag = registry.get("keyward.revocation.lag").tag("kind", "connection").timer();
            assertThat(lag.count()).isEqualTo(1);
            assertThat(lag.max(TimeUnit.MILLISECONDS)).isEqualTo(3000);
        }
    }

    @Nested
    @DisplayName("tag values")
    class TagValues {

        @Test
        void noTagValueIsASecretATokenOrAnOrganizationByDefault() {
            Keyward keyward = keyward(KeywardMetrics.of(registry));
            List<String> forbidden = exercise(keyward);
            forbidden.add(ACME.value());
            forbidden.add(GLOBEX.value());

            assertThat(tagValues()).isNotEmpty().allSatisfy(value -> assertThat(forbidden)
                    .noneSatisfy(secret -> assertThat(value).containsIgnoringCase(secret)));
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("organization")).isNull());
        }

        @Test
        void organizationTagOnlyWhenOptedInAndBoundedByItsLimit() {
            Keyward keyward = keyward(KeywardMetrics.builder(registry).organizationTag(1).build());
            String acme = keyward.connections().create(ADMIN, ACME, "A", AuthenticationType.ACCESS_KEY).secret().reveal();
            String globex = keyward.connections().create(ADMIN, GLOBEX, "G", AuthenticationType.ACCESS_KEY).secret()
                    .reveal();

            keyward.authenticator().authenticate(accessKey(acme), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(globex), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(globex), ApiFamily.REST);

            var granted = registry.get("keyward.verifications").tags("outcome", "granted", "family", "rest",
                    "type", "access_key");
            assertThat(granted.tag("organization", "acme").counter().count()).isEqualTo(1);
            assertThat(registry.get("keyward.verifications").tags("outcome", "granted", "family", "rest",
                    "type", "access_key", "organization", KeywardMetrics.OTHER).counter().count()).isEqualTo(2);
            assertThat(tagValues()).doesNotContain("globex");
            assertThat(registry.getMeters().stream().filter(m -> m.getId().getName().equals("keyward.verifications")))
                    .allSatisfy(m -> assertThat(m.getId().getTag("organization")).isNotNull());
        }

        @Test
        @DisplayName("organizations named like the shared values keep series of their own")
        void organizationsNamedOtherAndNoneAreNotTheSharedValues() {
            Keyward keyward = keyward(KeywardMetrics.builder(registry).organizationTag(2).build());
            for (String name : List.of("other", "none", "globex")) {
                String key = keyward.connections().create(ADMIN, OrganizationId.of(name), "K",
                        AuthenticationType.ACCESS_KEY).secret().reveal();
                keyward.authenticator().authenticate(accessKey(key), ApiFamily.REST);
            }
            keyward.authenticator().authenticate(RequestHeaders.of(), ApiFamily.REST);

            for (String organization : List.of("other", "none", KeywardMetrics.OTHER)) {
                assertThat(registry.get("keyward.verifications").tags("outcome", "granted", "family", "rest",
                        "type", "access_key", "organization", organization).counter().count()).as(organization)
                        .isEqualTo(1);
            }
            assertThat(registry.get("keyward.verifications").tags("outcome", "denied", "code", "MISSING_CREDENTIALS",
                    "family", "rest", "type", "none", "organization", KeywardMetrics.NO_ORGANIZATION).counter().count()).isEqualTo(1);
            assertThat(List.of(KeywardMetrics.OTHER, KeywardMetrics.NO_ORGANIZATION)).allSatisfy(value ->
                    assertThatThrownBy(() -> OrganizationId.of(value)).isInstanceOf(KeywardException.class));
        }

        @Test
        @DisplayName("an organization past the limit is counted without waiting for one being registered")
        void organizationsPastTheLimitTakeNoLock() throws Exception {
            OrganizationMeters meters = new OrganizationMeters(1, KeywardMetrics.of(registry));
            OrganizationMeters.Meters acme = meters.of(ACME);
            OrganizationMeters.Meters shared = meters.of(GLOBEX);
            assertThat(shared).isNotSameAs(acme);

            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<OrganizationMeters.Meters> past;
                synchronized (meters) {
                    // Registration holds this lock; an organization past the limit must not wait for it.
                    past = other.submit(() -> meters.of(OrganizationId.of("initech")));
                    assertThat(past.get(10, TimeUnit.SECONDS)).isSameAs(shared);
                }
            } finally {
                other.shutdownNow();
            }
        }

        @Test
        void organizationLimitChecked() {
            assertThatThrownBy(() -> KeywardMetrics.builder(registry).organizationTag(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOrganizations");
        }

        /** Grants, denials with pasted and mangled secrets, tokens, management; every secret seen. */
        List<String> exercise(Keyward keyward) {
            List<String> seen = new ArrayList<>();
            IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Reporting", AuthenticationType.ACCESS_KEY);
            IssuedCredentials client = keyward.connections().create(SUPER, GLOBEX, "M2M", AuthenticationType.OAUTH);
            String token = token(keyward, client);
            seen.add(key.secret().reveal());
            seen.add(client.secret().reveal());
            seen.add(client.connection().oauthClientId().orElseThrow());
            seen.add(token);
            seen.add(key.connection().id().value());
            keyward.authenticator().authenticate(accessKey(key.secret().reveal()), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(wrongSecret(key.secret().reveal())), ApiFamily.REST);
            keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.EVENT);
            keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST);
            keyward.authenticator().authenticate(accessKey(client.secret().reveal()), ApiFamily.REST);
            keyward.connections().regenerate(ADMIN, ACME, key.connection().id());
            return seen;
        }

        List<String> tagValues() {
            return registry.getMeters().stream().map(Meter::getId).flatMap(id -> id.getTags().stream())
                    .map(Tag::getValue).toList();
        }
    }

    static String token(Keyward keyward, IssuedCredentials client) {
        TokenResponse response = keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(client.connection().oauthClientId().orElseThrow(), client.secret().reveal()), FORM);
        assertThat(response.status()).isEqualTo(200);
        return Requests.accessTokenOf(response.body());
    }
}
