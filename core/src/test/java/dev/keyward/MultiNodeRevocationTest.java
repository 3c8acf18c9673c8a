package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import dev.keyward.testing.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one in-memory store, which pushes each revocation to every node as it commits: the
 * other node stops trusting what it remembers at once and re-reads one row, with no Argon2.
 */
class MultiNodeRevocationTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStore shared = new InMemoryStore();
    private final CountingStore storeOfB = new CountingStore(shared);
    private final CountingHasher hasherOfB = new CountingHasher();
    /** Requests of node B that did not find their credential remembered. */
    private final AtomicInteger missesOfB = new AtomicInteger();
    private Keyward nodeA;
    private Keyward nodeB;

    @BeforeEach
    void setUp() {
        nodeA = Fixtures.keyward(shared, clock).build();
        nodeB = Fixtures.keyward(storeOfB, clock).hasher(hasherOfB).observer(new KeywardObserver() {
            @Override
            public void cacheLookup(boolean hit) {
                if (!hit) {
                    missesOfB.incrementAndGet();
                }
            }
        }).build();
    }

    @AfterEach
    void tearDown() {
        nodeA.close();
        nodeB.close();
    }

    private static boolean grantedOn(Keyward node, String key) {
        return node.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }

    @Test
    void regenerateOnOneNodeThenOtherDeniesOldKeyAtOnceByOneReadWithoutArgon2() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        String old = key.secret().reveal();
        assertThat(grantedOn(nodeB, old)).isTrue();
        int verifiesBefore = hasherOfB.verifies();

        IssuedCredentials next = nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
        storeOfB.reset();

        assertThat(grantedOn(nodeA, old)).as("acting node").isFalse();
        assertThat(grantedOn(nodeB, old)).as("other node, no time passed").isFalse();
        assertThat(hasherOfB.verifies()).isEqualTo(verifiesBefore);
        assertThat(storeOfB.reads()).isEqualTo(1);
        assertThat(grantedOn(nodeB, next.secret().reveal())).isTrue();
        assertThat(nodeB.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.PUSH);
    }

    @Test
    void deleteOnOneNodeThenOtherDeniesAtOnce() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        int verifiesBefore = hasherOfB.verifies();

        nodeA.connections().delete(ADMIN, ACME, key.connection().id());

        assertThat(grantedOn(nodeB, key.secret().reveal())).isFalse();
        assertThat(hasherOfB.verifies()).isEqualTo(verifiesBefore);
    }

    @Test
    void unchangedKeyIsReadAgainOnlyAfterTheCheckIntervalByOneReadWithoutArgon2() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        clock.advance(Duration.ofSeconds(59));
        storeOfB.reset();
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        assertThat(storeOfB.reads()).isZero();
        clock.advance(Duration.ofSeconds(1));

        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();

        assertThat(storeOfB.reads()).isEqualTo(1);
        assertThat(hasherOfB.verifies()).isEqualTo(1);
    }

    @Test
    @DisplayName("a key renamed on one node: both answer the new name from their next request, one read, no Argon2")
    void renamedKeyActsUnderTheNewNameOnEveryNodeAtOnce() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeA, key.secret().reveal())).isTrue();
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        storeOfB.reset();

        nodeA.connections().rename(ADMIN, ACME, key.connection().id(), "Renamed");

        for (Keyward node : List.of(nodeA, nodeB)) {
            AuthenticationResult result = node.authenticator().authenticate(Requests.accessKey(key.secret().reveal()),
                    ApiFamily.REST);
            assertThat(((AuthenticationResult.Granted) result).principal().connectionName()).isEqualTo("Renamed");
        }
        assertThat(storeOfB.reads()).isEqualTo(1);
        assertThat(hasherOfB.verifies()).isEqualTo(1);
    }

    @Test
    @DisplayName("a rename or an update to the name or ranges a key has already (once normalized) changes nothing: no record, nothing re-read")
    void aRenameToTheSameNameRereadsNothing() {
        IssuedCredentials key = nodeB.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        long position = nodeB.revocationStatus().position();

        nodeB.connections().rename(ADMIN, ACME, key.connection().id(), "Key  ");
        nodeB.connections().update(ADMIN, ACME, key.connection().id(), ConnectionUpdate.builder().name(" Key").build());
        storeOfB.reset();

        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        assertThat(storeOfB.reads()).as("remembered as before").isZero();
        assertThat(shared.latestRevocation()).as("nothing logged").isEqualTo(position);
        ConnectionUpdate narrowed = ConnectionUpdate.builder().allowedIps(List.of("10.0.0.0/8")).build();
        nodeB.connections().update(ADMIN, ACME, key.connection().id(), narrowed);
        assertThat(shared.latestRevocation()).as("the ranges changed: logged").isEqualTo(position + 1);
        nodeB.connections().update(ADMIN, ACME, key.connection().id(), narrowed);
        assertThat(shared.latestRevocation()).as("the same ranges again: nothing logged").isEqualTo(position + 1);
    }

    @Test
    @DisplayName("a client renamed on one node: its token, re-read on the other, acts under the new name")
    void renamedClientsTokenReReadActsUnderTheNewName() {
        IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        String bearer = new Verification(nodeA).token(client.connection().clientId(), client.secret().reveal());
        assertThat(new Verification(nodeB).bearerVerifies(bearer, ApiFamily.REST)).isTrue();

        nodeA.connections().rename(SUPER, ACME, client.connection().id(), "Renamed");
        AuthenticationResult result = nodeB.authenticator().authenticate(Requests.bearer(bearer), ApiFamily.REST);

        assertThat(((AuthenticationResult.Granted) result).principal().connectionName()).isEqualTo("Renamed");
        assertThat(hasherOfB.verifies()).as("the token's row re-read, no Argon2").isZero();
    }

    @Test
    void graceRegenerateOnOneNodeThenOtherKeepsOldKeyUntilGraceEndsWithoutArgon2() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();

        nodeA.connections().regenerate(ADMIN, ACME, key.connection().id(), Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(2));
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        clock.advance(Duration.ofSeconds(28));

        assertThat(grantedOn(nodeB, key.secret().reveal())).isFalse();
        assertThat(hasherOfB.verifies()).isEqualTo(1);
    }

    @Test
    void tokenIssuedOnOneNodeThenRevokedThereAfterRegenerateOrItsOwnRevocation() {
        IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        Verification onA = new Verification(nodeA);
        String first = onA.token(client.connection().clientId(), client.secret().reveal());
        String second = onA.token(client.connection().clientId(), client.secret().reveal());
        Verification onB = new Verification(nodeB);
        assertThat(onB.bearerVerifies(first, ApiFamily.REST)).isTrue();
        assertThat(onB.bearerVerifies(second, ApiFamily.REST)).isTrue();

        assertThat(nodeA.revokeToken(first)).isTrue();
        assertThat(onB.bearerVerifies(first, ApiFamily.REST)).isFalse();
        assertThat(onB.bearerVerifies(second, ApiFamily.REST)).isTrue();

        nodeA.connections().regenerate(SUPER, ACME, client.connection().id());
        assertThat(onB.bearerVerifies(second, ApiFamily.REST)).isFalse();
        assertThat(hasherOfB.verifies()).isZero();
        assertThat(nodeB.revocationStatus().applied()).isEqualTo(2);
    }

    @Test
    void storeWithoutALogThenEachCredentialIsReadAgainAtThePollInterval() {
        Keyward onLogless = Fixtures.keyward(new Logless(shared), clock).build();
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(onLogless, key.secret().reveal())).isTrue();

        nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
        clock.advance(Duration.ofMillis(999));
        assertThat(grantedOn(onLogless, key.secret().reveal())).as("within the poll interval").isTrue();
        clock.advance(Duration.ofMillis(1));

        assertThat(grantedOn(onLogless, key.secret().reveal())).isFalse();
        assertThat(onLogless.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.RE_READ);
        onLogless.close();
    }

    @Test
    @DisplayName("a closed node still verifying re-reads what it remembers at the poll interval: a key regenerated"
            + " elsewhere is denied there within it")
    void closedNodeDeniesAKeyRegeneratedElsewhereWithinThePollInterval() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        nodeB.close();

        nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
        clock.advance(Duration.ofMillis(999));
        assertThat(grantedOn(nodeB, key.secret().reveal())).as("within the poll interval").isTrue();
        clock.advance(Duration.ofMillis(1));

        assertThat(grantedOn(nodeB, key.secret().reveal())).isFalse();
        assertThat(hasherOfB.verifies()).as("the re-read runs no Argon2").isEqualTo(1);
    }

    @Test
    @DisplayName("a store without a log: a clock set back does not stretch the re-read interval")
    void storeWithoutALogThenAClockSetBackStretchesNothing() {
        Keyward onLogless = Fixtures.keyward(new Logless(shared), clock).build();
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(onLogless, key.secret().reveal())).isTrue();

        clock.advance(Duration.ofMinutes(-10));
        nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
        clock.advance(Duration.ofSeconds(2));

        assertThat(grantedOn(onLogless, key.secret().reveal())).isFalse();
        onLogless.close();
    }

    @Test
    @DisplayName("another organization's connection revoked while a key is checked leaves that check shared and remembered")
    void connectionRevokedElsewhereLeavesOtherChecksSharedAndRemembered() throws Exception {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials elsewhere = nodeA.connections().create(ADMIN, GLOBEX, "Key", AuthenticationType.ACCESS_KEY);
        checkedWhileRevokingElsewhereIsSharedAndRemembered(key.secret().reveal(), () -> {
            // Another organization narrows its key's ranges: no Argon2, and pushed to B.
            nodeA.connections().update(ADMIN, GLOBEX, elsewhere.connection().id(),
                    ConnectionUpdate.builder().allowedIps(List.of("10.0.0.0/8")).build());
        });
    }

    @Test
    @DisplayName("token revocations of a connection this node remembers nothing of leave other checks shared and remembered")
    void tokenRevocationsElsewhereLeaveOtherChecksSharedAndRemembered() throws Exception {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials client = nodeA.connections().create(SUPER, GLOBEX, "Client", AuthenticationType.OAUTH);
        String bearer = new Verification(nodeA).token(client.connection().clientId(), client.secret().reveal());
        // Another organization's token is revoked: pushed to B, which never saw its client.
        checkedWhileRevokingElsewhereIsSharedAndRemembered(key.secret().reveal(),
                () -> assertThat(nodeA.revokeToken(bearer)).isTrue());
    }

    /**
     * B checks the key (its Argon2 held) while {@code revokeElsewhere} runs on A, then a second request for
     * the key comes: the two share one Argon2 run, and the key is remembered.
     */
    private void checkedWhileRevokingElsewhereIsSharedAndRemembered(String secret, Runnable revokeElsewhere)
            throws Exception {
        hasherOfB.hold(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> grantedOn(nodeB, secret));
        assertThat(hasherOfB.awaitEntered()).as("B read the key's row and hashes").isTrue();

        revokeElsewhere.run();
        assertThat(nodeB.revocationStatus().applied()).isEqualTo(1);
        int missesBefore = missesOfB.get();
        CompletableFuture<Boolean> second = new CompletableFuture<>();
        Thread joining = new Thread(() -> second.complete(grantedOn(nodeB, secret)));
        joining.start();
        // It missed the cache (nothing is remembered while the first check is held), then waits: for the
        // first check's answer if it shares it, in the held hasher if it runs Argon2 itself.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(missesOfB.get() > missesBefore && (joining.getState() == Thread.State.WAITING
                || joining.getState() == Thread.State.TIMED_WAITING))) {
            assertThat(System.nanoTime()).as("the second request missed the cache and waits").isLessThan(deadline);
            Thread.yield();
        }
        hasherOfB.open();

        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hasherOfB.verifies()).as("one Argon2 run, shared by the request that came meanwhile").isEqualTo(1);
        storeOfB.reset();
        assertThat(grantedOn(nodeB, secret)).isTrue();
        assertThat(storeOfB.reads()).as("the key is remembered").isZero();
        assertThat(hasherOfB.verifies()).isEqualTo(1);
    }

    @Test
    @DisplayName("another organization's token revoked while a token is checked leaves that token remembered")
    void tokenRevokedElsewhereLeavesATokenCheckRemembered() {
        IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        IssuedCredentials other = nodeA.connections().create(SUPER, GLOBEX, "Other", AuthenticationType.OAUTH);
        String bearer = new Verification(nodeA).token(client.connection().clientId(), client.secret().reveal());
        String othersBearer = new Verification(nodeA).token(other.connection().clientId(), other.secret().reveal());
        CountingStore storeOfC = new CountingStore(new RevokingOnRead(shared, () -> nodeA.revokeToken(othersBearer)));
        Keyward nodeC = Fixtures.keyward(storeOfC, clock).build();
        try {
            assertThat(new Verification(nodeC).bearerVerifies(bearer, ApiFamily.REST)).isTrue();
            assertThat(nodeC.revocationStatus().applied()).as("revoked while C read the token").isEqualTo(1);
            storeOfC.reset();

            assertThat(new Verification(nodeC).bearerVerifies(bearer, ApiFamily.REST)).isTrue();
            assertThat(storeOfC.reads()).as("the token is remembered").isZero();
        } finally {
            nodeC.close();
        }
    }

    @Test
    @DisplayName("a token revoked while this node read it, nothing of its connection remembered here, is not remembered")
    void tokenRevokedWhileReadIsNotRemembered() {
        IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        String bearer = new Verification(nodeA).token(client.connection().clientId(), client.secret().reveal());
        Keyward nodeC = Fixtures.keyward(new RevokingOnRead(shared, () -> nodeA.revokeToken(bearer)), clock).build();
        try {
            new Verification(nodeC).bearerVerifies(bearer, ApiFamily.REST);

            assertThat(new Verification(nodeC).bearerVerifies(bearer, ApiFamily.REST)).isFalse();
        } finally {
            nodeC.close();
        }
    }

    /** A store that runs {@code revoke} once, right after its first read of a token, before the read returns. */
    private static final class RevokingOnRead extends ForwardingStore {
        private final Runnable revoke;
        private final AtomicBoolean done = new AtomicBoolean();

        RevokingOnRead(KeywardStore delegate, Runnable revoke) {
            super(delegate);
            this.revoke = revoke;
        }

        @Override
        public Optional<OwnedToken> findOwnedToken(String lookupId) {
            Optional<OwnedToken> read = super.findOwnedToken(lookupId);
            if (done.compareAndSet(false, true)) {
                revoke.run();
            }
            return read;
        }
    }

    @Test
    @DisplayName("a check that read a connection's row before its ranges were narrowed does not bring the old ranges back")
    void readBeforeTheRangesNarrowedDoesNotWidenThemAgain() throws Exception {
        IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        String clientId = client.connection().clientId();
        String secret = client.secret().reveal();
        String bearer = new Verification(nodeA).token(clientId, secret);
        ClientAddress outside = ClientAddress.parse("203.0.113.5");
        ClientAddress inside = ClientAddress.parse("10.1.2.3");
        hasherOfB.hold(1);
        CompletableFuture<TokenResponse> early = CompletableFuture.supplyAsync(() -> nodeB.tokenEndpoint()
                .handle("POST", Requests.basicForm(clientId, secret), "grant_type=client_credentials", outside));
        assertThat(hasherOfB.awaitEntered()).as("B read the client's row, any address allowed, and hashes").isTrue();

        nodeA.connections().update(SUPER, ACME, client.connection().id(),
                ConnectionUpdate.builder().allowedIps(List.of("10.0.0.0/8")).build());
        assertThat(bearerGranted(nodeB, bearer, inside)).as("the token, checked on B under the new ranges").isTrue();
        hasherOfB.open();

        assertThat(early.get(10, TimeUnit.SECONDS).status())
                .as("the early token request, answered after B applied the new ranges").isEqualTo(400);
        assertThat(bearerGranted(nodeB, bearer, outside)).as("the token from outside the new ranges").isFalse();
    }

    private static boolean bearerGranted(Keyward node, String token, ClientAddress from) {
        return node.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST, null, from).granted();
    }

    @Test
    @DisplayName("a token revoked while a check of it read the store is not trusted past its note, however long the check took")
    void tokenRevokedDuringItsCheckIsNotTrustedPastItsNote() {
        IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        Verification onA = new Verification(nodeA);
        String clientId = client.connection().clientId();
        String revoked = onA.token(clientId, client.secret().reveal());
        String other = onA.token(clientId, client.secret().reveal());
        AtomicBoolean interleave = new AtomicBoolean();
        Keyward nodeC = Fixtures.keyward(new ForwardingStore(shared) {
            @Override
            public Optional<OwnedToken> findOwnedToken(String lookupId) {
                Optional<OwnedToken> read = super.findOwnedToken(lookupId);
                // After C read the token's row, before its check ends: the token is revoked, and the check takes
                // a minute and a second (a legacy Argon2 token may wait up to a minute for its turn).
                if (interleave.compareAndSet(true, false)) {
                    assertThat(nodeA.revokeToken(revoked)).isTrue();
                    clock.advance(Duration.ofSeconds(61));
                }
                return read;
            }
        }, clock).build();
        try {
            Verification onC = new Verification(nodeC);
            assertThat(onC.bearerVerifies(other, ApiFamily.REST)).as("C remembers the client's connection").isTrue();
            interleave.set(true);
            onC.bearerVerifies(revoked, ApiFamily.REST);
            assertThat(interleave).as("the interleaving ran").isFalse();

            // Just past the note's two windows, seventeen notes make the connection drop those older than that.
            clock.advance(Duration.ofMillis(59_500));
            for (int i = 0; i < 16; i++) {
                assertThat(nodeA.revokeToken(onA.token(clientId, client.secret().reveal()))).isTrue();
            }

            assertThat(onC.bearerVerifies(revoked, ApiFamily.REST)).isFalse();
        } finally {
            nodeC.close();
        }
    }

    @Test
    @DisplayName("a catch-up that fails when a revocation is pushed is tried again at the poll interval, with no further push")
    void failedCatchUpIsRetriedAtThePollInterval() {
        FailingLogReads failing = new FailingLogReads(shared);
        Keyward onFailing = Fixtures.keyward(failing, clock).revocationPollInterval(Duration.ofMillis(10)).build();
        try {
            IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            assertThat(grantedOn(onFailing, key.secret().reveal())).isTrue();
            assertThat(onFailing.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.PUSH);

            failing.failNextRead();
            nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
            assertThat(failing.failed()).as("the pushed catch-up failed").isTrue();

            // The clock stands still: only the follower's own wake, every 10 ms, can read the log again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (grantedOn(onFailing, key.secret().reveal()) && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertThat(grantedOn(onFailing, key.secret().reveal())).isFalse();
            assertThat(onFailing.revocationStatus().applied()).isEqualTo(1);
        } finally {
            onFailing.close();
        }
    }

    @Test
    @DisplayName("records purged before a node read them: it re-reads what it remembers, one row each, no Argon2")
    void recordsPurgedUnreadThenEveryRememberedCredentialIsReReadWithoutArgon2() {
        LogOutage outage = new LogOutage(shared);
        CountingHasher hasherOfC = new CountingHasher();
        Keyward nodeC = Fixtures.keyward(outage, clock).hasher(hasherOfC).revocationPollInterval(Duration.ofMillis(10))
                .revocationCheckInterval(Duration.ofHours(1)).build();
        try {
            IssuedCredentials revoked = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            IssuedCredentials untouched = nodeA.connections().create(ADMIN, GLOBEX, "Key",
                    AuthenticationType.ACCESS_KEY);
            IssuedCredentials deleted = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            assertThat(grantedOn(nodeC, revoked.secret().reveal())).isTrue();
            assertThat(grantedOn(nodeC, untouched.secret().reveal())).isTrue();
            int verifiesBefore = hasherOfC.verifies();

            outage.down = true;
            nodeA.connections().regenerate(ADMIN, ACME, revoked.connection().id());
            nodeA.connections().delete(SUPER, ACME, deleted.connection().id());
            long position = nodeC.revocationStatus().position();
            clock.advance(Duration.ofMinutes(11));
            // As the purging node's follower does once records are past their ten minutes.
            assertThat(shared.purgeRevocations(clock.instant().minus(Duration.ofMinutes(10)), 500)).isPositive();
            outage.down = false;

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (nodeC.revocationStatus().position() == position && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertThat(nodeC.revocationStatus().position()).as("caught up").isGreaterThan(position);
            assertThat(grantedOn(nodeC, revoked.secret().reveal())).as("the regenerated key, its record purged")
                    .isFalse();
            assertThat(grantedOn(nodeC, untouched.secret().reveal())).isTrue();
            assertThat(hasherOfC.verifies()).as("re-read, not verified again").isEqualTo(verifiesBefore);
        } finally {
            nodeC.close();
        }
    }

    @Test
    @DisplayName("every record after a node's position past its retention: the latest is kept, so the node learns of it")
    void everyRecordAfterANodePastItsRetentionThenTheLatestIsKeptAndTheNodeLearnsOfIt() {
        regeneratedWhileANodeCouldNotReadTheLogIsDeniedThereAfterwards(outage -> {
            clock.advance(Duration.ofMinutes(11));
            shared.purgeRevocations(clock.instant().minus(Duration.ofMinutes(10)), 500);
        });
    }

    @Test
    @DisplayName("every record after a node's position purged, the latest too (a store of an earlier version):"
            + " the node learns of it from the log's numbers")
    void everyRecordAfterANodePurgedTheLatestTooThenTheNodeLearnsOfItFromTheNumbers() {
        // As a store that purges the latest record too: the node finds no record after its position.
        regeneratedWhileANodeCouldNotReadTheLogIsDeniedThereAfterwards(
                outage -> outage.purgedUpTo = shared.latestRevocation());
    }

    /**
     * A key remembered for up to an hour on a node is regenerated while the node cannot read the log, then
     * {@code purge} hides the record: the node must still learn of the regeneration and deny the old key.
     */
    private void regeneratedWhileANodeCouldNotReadTheLogIsDeniedThereAfterwards(Consumer<LogOutage> purge) {
        LogOutage outage = new LogOutage(shared);
        Keyward nodeC = Fixtures.keyward(outage, clock).revocationPollInterval(Duration.ofMillis(10))
                .revocationCheckInterval(Duration.ofHours(1)).build();
        try {
            IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            assertThat(grantedOn(nodeC, key.secret().reveal())).isTrue();

            outage.down = true;
            nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
            purge.accept(outage);
            outage.down = false;

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (grantedOn(nodeC, key.secret().reveal()) && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertThat(grantedOn(nodeC, key.secret().reveal())).isFalse();
        } finally {
            nodeC.close();
        }
    }

    @Test
    @DisplayName("a node that could not read the log at start re-reads what it remembered meanwhile, no Argon2")
    void logUnreadableAtStartThenWhatWasRememberedMeanwhileIsReReadWithoutArgon2() {
        LogOutage outage = new LogOutage(shared);
        outage.down = true;
        CountingHasher hasherOfC = new CountingHasher();
        Keyward nodeC = Fixtures.keyward(outage, clock).hasher(hasherOfC).revocationPollInterval(Duration.ofMillis(10))
                .build();
        try {
            IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            IssuedCredentials other = nodeA.connections().create(ADMIN, GLOBEX, "Key", AuthenticationType.ACCESS_KEY);
            assertThat(grantedOn(nodeC, key.secret().reveal())).isTrue();
            assertThat(grantedOn(nodeC, other.secret().reveal())).isTrue();
            assertThat(nodeC.revocationStatus().position()).isEqualTo(-1);
            nodeA.connections().delete(ADMIN, GLOBEX, other.connection().id());
            int verifiesBefore = hasherOfC.verifies();

            outage.down = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (nodeC.revocationStatus().position() < 0 && System.nanoTime() < deadline) {
                Thread.yield();
            }

            assertThat(grantedOn(nodeC, other.secret().reveal())).as("deleted while the log was unread").isFalse();
            assertThat(grantedOn(nodeC, key.secret().reveal())).isTrue();
            assertThat(hasherOfC.verifies()).as("re-read, not verified again").isEqualTo(verifiesBefore);
        } finally {
            nodeC.close();
        }
    }

    @Test
    @DisplayName("a token displaced elsewhere while this node issued it, past the notes its connection keeps, is denied")
    void tokenDisplacedWhileIssuedPastTheNotesKeptIsDenied() {
        AtomicReference<Runnable> afterNextUnitOfWork = new AtomicReference<>();
        ForwardingStore storeOfC = new ForwardingStore(shared) {
            @Override
            public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
                T result = super.inOrganization(organizationId, work);
                Runnable then = afterNextUnitOfWork.getAndSet(null);
                if (then != null) {
                    then.run();
                }
                return result;
            }
        };
        Keyward nodeC = Fixtures.keyward(storeOfC, clock).maxLiveTokens(1).build();
        Keyward nodeD = Fixtures.keyward(shared, clock).maxLiveTokens(1).build();
        try {
            IssuedCredentials client = nodeC.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            String id = client.connection().clientId();
            String secret = client.secret().reveal();
            assertThat(new Verification(nodeC).token(id, secret)).isNotNull();
            // Each token D issues displaces the one before, and C notes it: 255 notes, one short of the most kept.
            for (int i = 0; i < 255; i++) {
                assertThat(new Verification(nodeD).token(id, secret)).isNotNull();
            }

            // C's issuance displaces D's last token (the 256th note); once it is stored, before C remembers it, D
            // issues again and displaces it: C's 257th note, past the most kept.
            afterNextUnitOfWork.set(() -> assertThat(new Verification(nodeD).token(id, secret)).isNotNull());
            String displaced = new Verification(nodeC).token(id, secret);

            assertThat(displaced).isNotNull();
            assertThat(afterNextUnitOfWork.get()).as("D issued while C issued").isNull();
            assertThat(new Verification(nodeC).bearerVerifies(displaced, ApiFamily.REST)).isFalse();
        } finally {
            nodeC.close();
            nodeD.close();
        }
    }

    @Test
    @DisplayName("a key regenerated while this node re-read it is re-read again at the next request, and denied")
    void keyRegeneratedDuringItsReReadIsNotTrustedAfterwards() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        AtomicBoolean armed = new AtomicBoolean();
        ForwardingStore storeOfC = new ForwardingStore(shared) {
            @Override
            public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
                Optional<StoredConnection> read = super.findConnectionByLookupId(lookupId);
                if (armed.compareAndSet(true, false)) {
                    nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
                }
                return read;
            }
        };
        Keyward nodeC = Fixtures.keyward(storeOfC, clock).build();
        try {
            assertThat(grantedOn(nodeC, key.secret().reveal())).isTrue();
            clock.advance(Duration.ofMinutes(2));
            armed.set(true);

            // The re-read found the row as it was before the regeneration: this one request may pass.
            grantedOn(nodeC, key.secret().reveal());
            assertThat(armed.get()).as("regenerated during the re-read").isFalse();

            assertThat(grantedOn(nodeC, key.secret().reveal())).isFalse();
        } finally {
            nodeC.close();
        }
    }

    /** A store whose revocation log cannot be read while {@link #down} is set; everything else works. */
    private static final class LogOutage extends ForwardingStore {
        volatile boolean down;
        /** Records up to this sequence number are read as purged. */
        volatile long purgedUpTo;

        LogOutage(KeywardStore delegate) {
            super(delegate);
        }

        @Override
        public long latestRevocation() {
            failIfDown();
            return super.latestRevocation();
        }

        @Override
        public List<Revocation> revocationsAfter(long sequence, int limit) {
            failIfDown();
            return super.revocationsAfter(sequence, limit).stream().filter(r -> r.sequence() > purgedUpTo).toList();
        }

        private void failIfDown() {
            if (down) {
                throw new StoreException("the revocation log could not be read (test)", null);
            }
        }
    }

    /** A store whose next read of the revocation log fails once, when armed. */
    private static final class FailingLogReads extends ForwardingStore {
        private final AtomicBoolean armed = new AtomicBoolean();
        private final AtomicBoolean failed = new AtomicBoolean();

        FailingLogReads(KeywardStore delegate) {
            super(delegate);
        }

        void failNextRead() {
            armed.set(true);
        }

        boolean failed() {
            return failed.get();
        }

        @Override
        public List<Revocation> revocationsAfter(long sequence, int limit) {
            if (armed.compareAndSet(true, false)) {
                failed.set(true);
                throw new StoreException("the revocation log could not be read", null);
            }
            return super.revocationsAfter(sequence, limit);
        }
    }

    /** A store written before the revocation log: only the methods every store must have. */
    private record Logless(KeywardStore delegate) implements KeywardStore {

        @Override
        public Optional<StoredConnection> findConnection(OrganizationId organizationId, ConnectionId id) {
            return delegate.findConnection(organizationId, id);
        }

        @Override
        public List<StoredConnection> listConnections(OrganizationId organizationId) {
            return delegate.listConnections(organizationId);
        }

        @Override
        public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
            return delegate.findConnectionByLookupId(lookupId);
        }

        @Override
        public Optional<StoredToken> findToken(String lookupId) {
            return delegate.findToken(lookupId);
        }

        @Override
        public <T> T inOrganization(OrganizationId organizationId, Function<OrganizationTransaction, T> work) {
            return delegate.inOrganization(organizationId, work);
        }

        @Override
        public int purgeExpiredTokens(Instant now, int limit) {
            return delegate.purgeExpiredTokens(now, limit);
        }
    }
}
