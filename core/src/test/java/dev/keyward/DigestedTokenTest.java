package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import dev.keyward.testing.TokensFromBefore;
import dev.keyward.testing.Verification;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bearer tokens are stored as SHA-256 digests: issuing and first checking one runs no Argon2. */
class DigestedTokenTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final CountingStore store = new CountingStore(new InMemoryStore());
    private final CountingHasher hasher = new CountingHasher();
    private final Keyward issuing = Fixtures.keyward(store, clock).hasher(hasher).build();
    private final IssuedCredentials client = issuing.connections().create(SUPER, ACME, "Client",
            AuthenticationType.OAUTH);
    private static final CredentialCodec CODEC = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

    @Test
    @DisplayName("issuing a token with a remembered client secret hashes nothing with Argon2 and writes once")
    void issuanceRunsNoArgon2() {
        Verification verification = new Verification(issuing);
        verification.token(client.connection().clientId(), client.secret().reveal());
        int hashes = hasher.hashes();
        int verifies = hasher.verifies();
        store.reset();

        String token = verification.token(client.connection().clientId(), client.secret().reveal());

        assertThat(token).isNotNull();
        assertThat(hasher.hashes()).isEqualTo(hashes);
        assertThat(hasher.verifies()).isEqualTo(verifies);
        assertThat(store.unitsOfWork()).isEqualTo(1);
        assertThat(store.findToken(CredentialLayout.lookupIdOf(token)).orElseThrow().tokenHash())
                .startsWith("$sha256$").doesNotContain(token);
    }

    @Test
    @DisplayName("a token's cold check on another node is one store read and no Argon2")
    void coldCheckIsOneReadAndNoArgon2() {
        String token = new Verification(issuing).token(client.connection().clientId(), client.secret().reveal());
        CountingHasher otherHasher = new CountingHasher();
        Keyward other = Fixtures.keyward(store, clock).hasher(otherHasher).build();
        store.reset();

        assertThat(new Verification(other).bearerVerifies(token, ApiFamily.REST)).isTrue();

        assertThat(store.reads()).isEqualTo(1);
        assertThat(otherHasher.verifies()).isZero();
    }

    @Test
    @DisplayName("a wrong token with a real lookup id is denied")
    void wrongTokenIsDenied() {
        String token = new Verification(issuing).token(client.connection().clientId(), client.secret().reveal());
        Keyward other = Fixtures.keyward(store, clock).build();
        String forged = CODEC.issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(token));

        assertThat(new Verification(other).bearerVerifies(forged, ApiFamily.REST)).isFalse();
        assertThat(new Verification(other).bearerVerifies(token, ApiFamily.REST)).isTrue();
    }

    @Test
    @DisplayName("a token stored with an Argon2id hash before tokens were digested verifies until it expires")
    void argon2TokenFromBeforeKeepsVerifyingUntilItExpires() {
        String token = tokenStoredWithArgon2();
        CountingHasher otherHasher = new CountingHasher();
        Verification other = new Verification(Fixtures.keyward(store, clock).hasher(otherHasher).build());

        assertThat(other.bearerVerifies(token, ApiFamily.REST)).isTrue();
        assertThat(otherHasher.verifies()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        assertThat(new Verification(Fixtures.keyward(store, clock).build()).bearerVerifies(token, ApiFamily.REST))
                .isFalse();
    }

    @Test
    @DisplayName("an Argon2id token from before is checked while guesses at its client's secret hold the client's turn")
    void argon2TokenFromBeforeIsNotHeldUpByGuessesAtItsClientsSecret() throws Exception {
        String token = tokenStoredWithArgon2();
        CountingHasher held = new CountingHasher();
        Keyward node = Fixtures.keyward(store, clock).hasher(held).maxConcurrentHashes(4).build();
        CredentialCodec codec = CODEC;
        String secretLookupId = CredentialLayout.lookupIdOf(client.secret().reveal());
        held.hold(2);
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try {
            Future<String> guess = requests.submit(() -> new Verification(node).token(client.connection().clientId(),
                    codec.issue(CredentialKind.CLIENT_SECRET, secretLookupId)));
            Future<Boolean> legacy = requests.submit(() -> new Verification(node).bearerVerifies(token, ApiFamily.REST));

            assertThat(held.awaitEntered()).as("the token's check runs Argon2 beside the guess").isTrue();
            held.open();
            assertThat(legacy.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(guess.get(30, TimeUnit.SECONDS)).isNull();
        } finally {
            held.open();
            requests.shutdownNow();
            node.close();
        }
    }

    @Test
    @DisplayName("wrong values of one Argon2id token from before hold one Argon2 at a time, as guesses at a secret do")
    void guessesAtAnArgon2TokenFromBeforeHoldOneArgon2AtATime() throws Exception {
        String token = tokenStoredWithArgon2();
        StoredToken digested = store.findToken(CredentialLayout.lookupIdOf(token)).orElseThrow();
        CountingHasher held = new CountingHasher();
        Keyward node = Fixtures.keyward(store, clock).hasher(held).maxConcurrentHashes(4)
                .hashQueueTimeout(Duration.ofMillis(200)).build();
        CredentialCodec codec = CODEC;
        held.hold(1);
        ExecutorService guessers = Executors.newFixedThreadPool(4);
        try {
            Future<Boolean> first = guessers.submit(() -> new Verification(node)
                    .bearerVerifies(codec.issue(CredentialKind.BEARER_TOKEN, digested.lookupId()), ApiFamily.REST));
            assertThat(held.awaitEntered()).isTrue();
            List<Future<Boolean>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(guessers.submit(() -> new Verification(node).bearerVerifies(
                        codec.issue(CredentialKind.BEARER_TOKEN, digested.lookupId()), ApiFamily.REST)));
            }
            // Until the other guesses are answered, or one of them runs Argon2 beside the first.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (held.maxConcurrentVerifies() == 1 && !others.stream().allMatch(Future::isDone)
                    && System.nanoTime() < deadline) {
                Thread.yield();
            }

            assertThat(held.maxConcurrentVerifies()).as("the other guesses waited for the token's turn").isEqualTo(1);
            for (Future<Boolean> other : others) {
                assertThat(other.get(30, TimeUnit.SECONDS)).isFalse();
            }
            held.open();
            assertThat(first.get(30, TimeUnit.SECONDS)).isFalse();
        } finally {
            held.open();
            guessers.shutdownNow();
            node.close();
        }
    }

    @Test
    @DisplayName("a value sharing the lookup id of an Argon2id token from before is not the token: the host's revocation revokes nothing, the token's own value does")
    void hostRevocationOfAnArgon2TokenFromBeforeNeedsTheToken() {
        String token = tokenStoredWithArgon2();
        String sharingItsLookupId = CODEC.issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(token));

        assertThat(issuing.revokeToken(sharingItsLookupId)).isFalse();

        assertThat(store.findToken(CredentialLayout.lookupIdOf(token))).isPresent();
        assertThat(new Verification(Fixtures.keyward(store, clock).build()).bearerVerifies(token, ApiFamily.REST))
                .isTrue();
        assertThat(issuing.revokeToken(token)).isTrue();
        assertThat(store.findToken(CredentialLayout.lookupIdOf(token))).isEmpty();
    }

    @Test
    @DisplayName("at the revocation endpoint its client revokes its own Argon2id token from before by the token's lookup id, with no Argon2")
    void endpointRevocationOfAnArgon2TokenFromBeforeRunsNoArgon2() {
        String token = tokenStoredWithArgon2();
        String sharingItsLookupId = CODEC.issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(token));
        int verifies = hasher.verifies();

        assertThat(revokeAtTheEndpoint(sharingItsLookupId).status()).isEqualTo(200);

        assertThat(store.findToken(CredentialLayout.lookupIdOf(token))).isEmpty();
        assertThat(hasher.verifies()).isEqualTo(verifies);
    }

    @Test
    @DisplayName("a guess at an Argon2id token from before, holding the token's turn for requests, keeps neither the host's revocation nor its client's waiting")
    void guessesAtAnArgon2TokenFromBeforeKeepNoRevocationWaiting() throws Exception {
        CountingHasher held = new CountingHasher();
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try (Keyward node = Fixtures.keyward(store, clock).hasher(held).maxConcurrentHashes(2)
                .hashQueueTimeout(Duration.ofMillis(200)).build()) {
            String first = tokenStoredWithArgon2();
            held.hold(2);
            Future<Boolean> guess = requests.submit(() -> new Verification(node).bearerVerifies(
                    CODEC.issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(first)), ApiFamily.REST));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (held.verifies() == 0) {
                assertThat(System.nanoTime()).as("the guess runs Argon2, holding the token's turn").isLessThan(deadline);
                Thread.onSpinWait();
            }

            Future<Boolean> revoked = requests.submit(() -> node.revokeToken(first));

            // Until it runs Argon2 beside the guess, or gives up in the token's queue behind it.
            while (held.verifies() < 2 && !revoked.isDone()) {
                assertThat(System.nanoTime()).as("the host's revocation is answered").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(held.verifies()).as("the host's revocation runs Argon2 beside the guess").isEqualTo(2);
            held.open();
            assertThat(revoked.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(guess.get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(store.findToken(CredentialLayout.lookupIdOf(first))).isEmpty();

            // The client's secret remembered on this node, so that its revocation request needs no Argon2 for it.
            String second = TokensFromBefore.storeWithArgon2(store,
                    new Verification(node).token(client.connection().clientId(), client.secret().reveal()));
            held.hold(1);
            guess = requests.submit(() -> new Verification(node).bearerVerifies(
                    CODEC.issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(second)), ApiFamily.REST));
            assertThat(held.awaitEntered()).isTrue();

            TokenResponse answer = node.revocationEndpoint().handle("POST",
                    Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                    ("token=" + second).getBytes(StandardCharsets.US_ASCII));

            assertThat(answer.status()).as("its client's revocation, on the same node, runs no Argon2").isEqualTo(200);
            assertThat(store.findToken(CredentialLayout.lookupIdOf(second))).isEmpty();
        } finally {
            held.open();
            requests.shutdownNow();
        }
    }

    @Test
    @DisplayName("at the revocation endpoint another client's Argon2id token from before costs no Argon2 and is answered as an unknown one")
    void anotherClientsArgon2TokenFromBeforeCostsNoArgon2AtTheEndpoint() {
        String token = tokenStoredWithArgon2();
        IssuedCredentials other = issuing.connections().create(SUPER, OrganizationId.of("globex"), "Other",
                AuthenticationType.OAUTH);
        new Verification(issuing).token(other.connection().clientId(), other.secret().reveal());
        int verifies = hasher.verifies();

        TokenResponse answer = issuing.revocationEndpoint().handle("POST",
                Requests.basicForm(other.connection().clientId(), other.secret().reveal()),
                ("token=" + token).getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(hasher.verifies()).isEqualTo(verifies);
        assertThat(store.findToken(CredentialLayout.lookupIdOf(token))).isPresent();
    }

    @Test
    @DisplayName("an expired token is not live: neither the host's revocation nor the revocation endpoint revokes or audits it")
    void anExpiredTokenIsNotRevoked() {
        RecordingAuditListener audit = new RecordingAuditListener();
        Keyward node = Fixtures.keyward(store, clock).auditListener(audit).build();
        String token = new Verification(node).token(client.connection().clientId(), client.secret().reveal());
        clock.advance(Duration.ofDays(1));

        assertThat(node.revokeToken(token)).isFalse();
        TokenResponse answer = node.revocationEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                ("token=" + token).getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(audit.events(AuditAction.REVOKE_TOKEN)).isEmpty();
        assertThat(store.findToken(CredentialLayout.lookupIdOf(token))).isPresent();
    }

    private TokenResponse revokeAtTheEndpoint(String token) {
        return issuing.revocationEndpoint().handle("POST",
                Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                ("token=" + token).getBytes(StandardCharsets.US_ASCII));
    }

    /** A token issued now, then stored with an Argon2id hash, as a release before digested tokens stored it. */
    private String tokenStoredWithArgon2() {
        return TokensFromBefore.storeWithArgon2(store,
                new Verification(issuing).token(client.connection().clientId(), client.secret().reveal()));
    }
}
