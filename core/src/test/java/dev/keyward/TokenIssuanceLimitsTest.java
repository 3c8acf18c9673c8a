package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.Revocation;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import dev.keyward.testing.Verification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Limits on token issuance")
class TokenIssuanceLimitsTest {

    private static final String GRANT = "grant_type=client_credentials";

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private final List<Keyward> nodes = new ArrayList<>();

    private Keyward node(Keyward.Builder builder) {
        Keyward node = builder.store(store).clock(clock).argon2(Fixtures.CHEAP_ARGON2).auditListener(audit).build();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(Keyward::close);
    }

    private static TokenResponse request(Keyward node, String clientId, String secret) {
        return node.tokenEndpoint().handle("POST", Requests.basicForm(clientId, secret), GRANT);
    }

    @Nested
    @DisplayName("live tokens per connection")
    class LiveTokens {

        @Test
        void eleventhTokenRevokesTheFirstOnEveryNodeAndTheOtherTenStayValid() {
            Keyward nodeA = node(Keyward.builder());
            Keyward nodeB = node(Keyward.builder());
            IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            Verification onA = new Verification(nodeA);
            Verification onB = new Verification(nodeB);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                tokens.add(onA.token(client.connection().clientId(), client.secret().reveal()));
            }
            assertThat(onB.bearerVerifies(tokens.get(0), ApiFamily.REST)).as("node B remembers the first").isTrue();

            clock.advance(Duration.ofSeconds(1));
            tokens.add(onA.token(client.connection().clientId(), client.secret().reveal()));

            assertThat(onA.bearerVerifies(tokens.get(0), ApiFamily.REST)).isFalse();
            assertThat(onB.bearerVerifies(tokens.get(0), ApiFamily.REST)).isFalse();
            for (String token : tokens.subList(1, 11)) {
                assertThat(onA.bearerVerifies(token, ApiFamily.REST)).isTrue();
                assertThat(onB.bearerVerifies(token, ApiFamily.REST)).isTrue();
            }
            List<Revocation> log = store.revocationsAfter(0, 100);
            assertThat(log).singleElement().satisfies(r -> {
                assertThat(r.tokenLookupId()).isEqualTo(CredentialLayout.lookupIdOf(tokens.get(0)));
                assertThat(r.connectionId()).isEqualTo(client.connection().id());
            });
        }

        @Test
        void displacedTokenDeniedAtOnceWhileTheOthersStayWarmWithoutAStoreRead() {
            dev.keyward.testing.CountingStore counting = new dev.keyward.testing.CountingStore(store);
            Keyward node = Keyward.builder().store(counting).clock(clock).argon2(Fixtures.CHEAP_ARGON2)
                    .auditListener(audit).build();
            nodes.add(node);
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            // Other connections' credentials remembered too: revoking one token must not disturb them.
            String key = node.connections().create(ADMIN, GLOBEX, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
            Verification verification = new Verification(node);
            assertThat(verification.verifies(key)).isTrue();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                clock.advance(Duration.ofSeconds(1));
                tokens.add(verification.token(client.connection().clientId(), client.secret().reveal()));
            }
            counting.reset();

            for (String token : tokens.subList(1, 11)) {
                assertThat(verification.bearerVerifies(token, ApiFamily.REST)).isTrue();
            }
            assertThat(verification.verifies(key)).isTrue();
            assertThat(counting.reads()).as("the ten live tokens and the key answered from memory").isZero();

            assertThat(verification.bearerVerifies(tokens.get(0), ApiFamily.REST)).isFalse();
            assertThat(verification.bearerVerifies(tokens.get(0), ApiFamily.REST)).isFalse();
            assertThat(counting.reads()).as("the displaced token: one row read per attempt, no more").isLessThanOrEqualTo(2);
        }

        @Test
        @DisplayName("hundreds displaced within one re-read interval: each is denied, the live ones verify")
        void manyDisplacedWithinOneRecheckIntervalAreAllDeniedAndTheLiveOnesVerify() {
            Keyward node = node(Keyward.builder().maxLiveTokens(2));
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            Verification on = new Verification(node);
            List<String> tokens = new ArrayList<>();
            // More displacements than a connection keeps notes of, all within one re-read interval.
            for (int i = 0; i < 300; i++) {
                clock.advance(Duration.ofMillis(10));
                String token = on.token(client.connection().clientId(), client.secret().reveal());
                assertThat(on.bearerVerifies(token, ApiFamily.REST)).isTrue();
                tokens.add(token);
            }

            for (String displaced : tokens.subList(0, 298)) {
                assertThat(on.bearerVerifies(displaced, ApiFamily.REST)).isFalse();
            }
            assertThat(on.bearerVerifies(tokens.get(298), ApiFamily.REST)).isTrue();
            assertThat(on.bearerVerifies(tokens.get(299), ApiFamily.REST)).isTrue();
        }

        @Test
        void capOfTwoThenEachNewTokenRevokesTheOldestInIssueOrder() {
            Keyward node = node(Keyward.builder().maxLiveTokens(2));
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            Verification on = new Verification(node);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                tokens.add(on.token(client.connection().clientId(), client.secret().reveal()));
            }

            assertThat(tokens).map(t -> on.bearerVerifies(t, ApiFamily.REST))
                    .containsExactly(false, false, false, true, true);
        }

        @Test
        void expiredTokensDoNotCountAgainstTheCap() {
            Keyward node = node(Keyward.builder().maxLiveTokens(2).tokenTimeToLive(Duration.ofMinutes(1)));
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            Verification on = new Verification(node);
            on.token(client.connection().clientId(), client.secret().reveal());
            on.token(client.connection().clientId(), client.secret().reveal());
            clock.advance(Duration.ofMinutes(2));

            String third = on.token(client.connection().clientId(), client.secret().reveal());
            String fourth = on.token(client.connection().clientId(), client.secret().reveal());

            assertThat(on.bearerVerifies(third, ApiFamily.REST)).isTrue();
            assertThat(on.bearerVerifies(fourth, ApiFamily.REST)).isTrue();
            assertThat(store.revocationsAfter(0, 100)).isEmpty();
        }
    }

    @Nested
    @DisplayName("token requests per client")
    class TokenRate {

        @Test
        void pastTheRateThen429SlowDownWithRetryAfterAndTheOtherClientUnaffected() {
            Keyward node = node(Keyward.builder().tokenRateLimit(3));
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            IssuedCredentials other = node.connections().create(SUPER, ACME, "Other", AuthenticationType.OAUTH);
            String id = client.connection().clientId();
            String secret = client.secret().reveal();
            TokenResponse first = request(node, id, secret);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.headers()).containsEntry("RateLimit-Policy", "\"minute\";q=3;w=60")
                    .containsEntry("RateLimit", "\"minute\";r=2;t=20");
            assertThat(request(node, id, secret).status()).isEqualTo(200);
            assertThat(request(node, id, secret).status()).isEqualTo(200);

            TokenResponse refused = request(node, id, secret);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(Requests.json(refused.body()).get("error").asText()).isEqualTo("slow_down");
            assertThat(refused.headers()).containsEntry("Retry-After", "20").containsEntry("Cache-Control", "no-store")
                    .containsEntry("RateLimit", "\"minute\";r=0;t=20");
            assertThat(refused.body()).doesNotContain("access_token");
            assertThat(audit.last().code()).isEqualTo(AuditCode.RATE_LIMITED);
            assertThat(request(node, other.connection().clientId(), other.secret().reveal()).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(20));
            assertThat(request(node, id, secret).status()).isEqualTo(200);
            assertThat(request(node, id, secret).status()).isEqualTo(429);
        }

        @Test
        void wrongSecretsAndUnknownClientsNeverCharge() {
            Keyward node = node(Keyward.builder().tokenRateLimit(1));
            IssuedCredentials client = node.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            IssuedCredentials other = node.connections().create(SUPER, ACME, "Other", AuthenticationType.OAUTH);
            String id = client.connection().clientId();
            for (int i = 0; i < 20; i++) {
                assertThat(request(node, id, other.secret().reveal()).status()).isEqualTo(401);
                assertThat(request(node, id, "kwcs_wrong").status()).isEqualTo(401);
            }

            assertThat(request(node, id, client.secret().reveal()).status()).isEqualTo(200);
        }
    }
}
