package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.SecretHasher;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Single flight and the bound on Argon2, observed through a hasher that counts and holds. */
class VerificationConcurrencyTest {

    private final CountingHasher hasher = new CountingHasher();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        hasher.open();
        pool.shutdownNow();
    }

    private Keyward.Builder builder() {
        return Fixtures.keyward(new InMemoryStore(), MutableClock.startingNow()).hasher(hasher);
    }

    /**
     * A request that missed the cache finds, when its turn comes, an entry another check left meanwhile and
     * a regeneration then marked stale: the stale entry is no answer, the key is checked again and denied.
     */
    @Test
    void entryMarkedStaleBetweenAMissAndItsTurnIsNoAnswer() throws Exception {
        AtomicReference<Keyward> node = new AtomicReference<>();
        AtomicReference<String> secret = new AtomicReference<>();
        AtomicReference<ConnectionId> connection = new AtomicReference<>();
        AtomicBoolean interleave = new AtomicBoolean();
        Keyward keyward = builder().observer(new KeywardObserver() {
            @Override
            public void cacheLookup(boolean hit) {
                // On the request's thread, after its miss and before its turn: another request verifies the
                // key (and leaves it remembered), then the key is regenerated on this node.
                if (!hit && interleave.compareAndSet(true, false)) {
                    try {
                        assertThat(pool.submit(() -> grantedOn(node.get(), secret.get())).get(10, TimeUnit.SECONDS))
                                .isTrue();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    node.get().connections().regenerate(ADMIN, ACME, connection.get());
                }
            }
        }).build();
        node.set(keyward);
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        secret.set(key.secret().reveal());
        connection.set(key.connection().id());
        interleave.set(true);

        boolean granted = grantedOn(keyward, secret.get());

        assertThat(interleave).as("the interleaving ran").isFalse();
        assertThat(granted).as("the old key, after its regeneration returned").isFalse();
        assertThat(grantedOn(keyward, secret.get())).isFalse();
    }

    private static boolean grantedOn(Keyward keyward, String key) {
        return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }

    @Test
    void thirtyTwoThreadsOnOneFreshKeyThenOneArgon2Verify() throws Exception {
        Keyward keyward = builder().build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        hasher.hold(1);
        CountDownLatch started = new CountDownLatch(32);
        List<Future<AuthenticationResult>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            results.add(pool.submit(() -> {
                started.countDown();
                return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST);
            }));
        }
        assertThat(hasher.awaitEntered()).isTrue();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        hasher.open();

        for (Future<AuthenticationResult> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS).granted()).isTrue();
        }
        assertThat(hasher.verifies()).isEqualTo(1);
    }

    /**
     * A request that joins a first check under way waits for its answer no longer than its own deadline (the
     * queue timeout after it came), as a request waiting for an Argon2 turn does: here the check is held in
     * Argon2, and the request that joined it is answered 503 with Retry-After at its deadline, reported as a
     * refused wait; the check's own request is granted once it ends, and the next request is warm. Before, it
     * waited for the check however long.
     */
    @Test
    void aRequestJoiningAFirstCheckUnderWayWaitsNoLongerThanItsDeadline() throws Exception {
        List<Boolean> waits = new CopyOnWriteArrayList<>();
        KeywardObserver observer = new KeywardObserver() {
            @Override
            public void hashGateWait(long nanos, boolean admitted) {
                waits.add(admitted);
            }
        };
        CountingStore store = new CountingStore(new InMemoryStore());
        Keyward keyward = Fixtures.keyward(store, MutableClock.startingNow()).hasher(hasher).observer(observer)
                .hashQueueTimeout(Duration.ofMillis(200)).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        store.reset();
        waits.clear();
        hasher.hold(1);
        Future<AuthenticationResult> running = pool.submit(() -> keyward.authenticator()
                .authenticate(Requests.accessKey(key), ApiFamily.REST));
        assertThat(hasher.awaitEntered()).isTrue();

        Future<long[]> joined = pool.submit(() -> {
            long start = System.nanoTime();
            AuthenticationResult result = keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST);
            return new long[] {System.nanoTime() - start, ((Denied) result).code() == DenialCode.OVERLOADED ? 1 : 0,
                    ((Denied) result).headers().containsKey("Retry-After") ? 1 : 0};
        });
        long[] answer;
        try {
            answer = joined.get(10, TimeUnit.SECONDS);
        } finally {
            hasher.open();
        }

        assertThat(answer[1]).as("503 OVERLOADED").isEqualTo(1);
        assertThat(answer[2]).as("with Retry-After").isEqualTo(1);
        assertThat(answer[0]).as("answered at its deadline").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(running.get(30, TimeUnit.SECONDS).granted()).isTrue();
        assertThat(store.reads()).as("one store read: the second request joined the first's check").isEqualTo(1);
        assertThat(waits).as("waits reported: the check's turn, the joined request refused").containsExactly(true, false);
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted()).isTrue();
        assertThat(hasher.verifies()).isEqualTo(1);
    }

    /**
     * A remembered key due for a re-read, the re-read held in the store: a request that joins it waits for its
     * answer however long it takes (the store's statement timeout bounds it), even with no wait for Argon2 at
     * all allowed, since a credential this node has verified never waits for Argon2; then it is granted.
     */
    @Test
    void aRequestJoiningAReReadUnderWayWaitsForItsAnswer() throws Exception {
        CountDownLatch readHeld = new CountDownLatch(1);
        CountDownLatch releaseRead = new CountDownLatch(1);
        AtomicBoolean holdReads = new AtomicBoolean();
        InMemoryStore memory = new InMemoryStore();
        dev.keyward.spi.KeywardStore store = new dev.keyward.spi.ForwardingStore(memory) {
            @Override
            public java.util.Optional<dev.keyward.spi.StoredConnection> findConnectionByLookupId(String lookupId) {
                if (holdReads.get()) {
                    readHeld.countDown();
                    try {
                        releaseRead.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.findConnectionByLookupId(lookupId);
            }
        };
        MutableClock clock = MutableClock.startingNow();
        Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).hashQueueTimeout(Duration.ZERO).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted()).isTrue();
        clock.advance(Duration.ofMinutes(2));
        holdReads.set(true);
        Future<AuthenticationResult> reading = pool.submit(() -> keyward.authenticator()
                .authenticate(Requests.accessKey(key), ApiFamily.REST));
        assertThat(readHeld.await(30, TimeUnit.SECONDS)).as("the re-read is held").isTrue();

        CompletableFuture<AuthenticationResult> joined = new CompletableFuture<>();
        Thread joining = new Thread(() -> joined.complete(keyward.authenticator()
                .authenticate(Requests.accessKey(key), ApiFamily.REST)));
        joining.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (joining.isAlive() && joining.getState() != Thread.State.WAITING
                && joining.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the second request waits").isLessThan(deadline);
            Thread.yield();
        }
        boolean answeredWhileTheReadWasHeld = joined.isDone();
        holdReads.set(false);
        releaseRead.countDown();

        assertThat(answeredWhileTheReadWasHeld).as("answered while the re-read was held").isFalse();
        assertThat(joined.get(30, TimeUnit.SECONDS).granted()).isTrue();
        assertThat(reading.get(30, TimeUnit.SECONDS).granted()).isTrue();
        assertThat(hasher.verifies()).as("no Argon2 for a re-read").isEqualTo(1);
    }

    @Test
    void floodOfWrongSecretsThenArgon2BoundedExcessDeniedWith503AndNobodyWaitsForever() throws Exception {
        Keyward keyward = builder().maxConcurrentHashes(2).hashQueueTimeout(Duration.ofMillis(100)).build();
        CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
        // Four connections, so the bound of the gate (2) is what limits, not the one turn per connection.
        List<String> lookupIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lookupIds.add(CredentialLayout.lookupIdOf(keyward.connections()
                    .create(ADMIN, OrganizationId.of("org-" + i), "Key", AuthenticationType.ACCESS_KEY).secret().reveal()));
        }
        int flood = 12;
        List<String> wrongKeys = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            wrongKeys.add(codec.issue(CredentialKind.ACCESS_KEY, lookupIds.get(i % 4)));
        }

        List<DenialCode> codes = deniedWhileHeld(keyward, wrongKeys, 2);

        assertThat(codes).filteredOn(DenialCode.OVERLOADED::equals).hasSize(flood - 2);
        assertThat(codes).filteredOn(DenialCode.INVALID_CREDENTIALS::equals).hasSize(2);
        assertThat(hasher.maxConcurrentVerifies()).isEqualTo(2);
        assertThat(hasher.verifies()).isEqualTo(2);
    }

    @Test
    void floodOfWrongSecretsAtOneConnectionHoldsOneArgon2SlotAndLeavesTheOthersToAnotherConnection()
            throws Exception {
        InMemoryStore store = new InMemoryStore();
        SecretHasher real = new Argon2idHasher(Fixtures.CHEAP_ARGON2);
        List<String> verifying = new CopyOnWriteArrayList<>();
        CountDownLatch twoRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        SecretHasher recording = new SecretHasher() {
            @Override
            public String hash(CharSequence secret) {
                return real.hash(secret);
            }

            @Override
            public boolean verify(String encodedHash, CharSequence secret) {
                verifying.add(encodedHash);
                twoRunning.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return real.verify(encodedHash, secret);
            }

            @Override
            public boolean needsRehash(String encodedHash) {
                return false;
            }
        };
        Keyward keyward = Fixtures.keyward(store, MutableClock.startingNow()).hasher(recording)
                .maxConcurrentHashes(2).hashQueueTimeout(Duration.ofSeconds(20)).build();
        String target = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        String bystander = keyward.connections().create(ADMIN, OrganizationId.of("bystander"), "Key",
                AuthenticationType.ACCESS_KEY).secret().reveal();
        CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
        int flood = 16;
        CountDownLatch started = new CountDownLatch(flood);
        List<Future<AuthenticationResult>> floodResults = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            String wrong = codec.issue(CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(target));
            floodResults.add(pool.submit(() -> {
                started.countDown();
                return keyward.authenticator().authenticate(Requests.accessKey(wrong), ApiFamily.REST);
            }));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        // The bystander's first request needs Argon2 too: it gets the slot the flood left free.
        Future<AuthenticationResult> valid = pool.submit(() -> keyward.authenticator()
                .authenticate(Requests.accessKey(bystander), ApiFamily.REST));
        boolean bothRunning = twoRunning.await(30, TimeUnit.SECONDS);
        List<String> running = List.copyOf(verifying);
        release.countDown();

        assertThat(bothRunning).isTrue();
        assertThat(running).containsExactlyInAnyOrder(hashOf(store, target), hashOf(store, bystander));
        assertThat(valid.get(30, TimeUnit.SECONDS).granted()).isTrue();
        for (Future<AuthenticationResult> result : floodResults) {
            assertThat(((Denied) result.get(60, TimeUnit.SECONDS)).code()).isEqualTo(DenialCode.INVALID_CREDENTIALS);
        }
    }

    /**
     * A hasher that notes each hash it is asked to check and then waits for a release of its own before checking
     * it, so that a test lets the checks finish one at a time.
     */
    private static final class OneByOneHasher implements SecretHasher {
        static final String NEW_SECRET = "a new secret";
        private final SecretHasher real = new Argon2idHasher(Fixtures.CHEAP_ARGON2);
        final List<String> verifying = new CopyOnWriteArrayList<>();
        final java.util.concurrent.Semaphore releases = new java.util.concurrent.Semaphore(0);

        /** Whether new secrets are held too, each noted as {@link #NEW_SECRET}. */
        volatile boolean holdingNewSecrets;

        @Override
        public String hash(CharSequence secret) {
            if (holdingNewSecrets) {
                hold(NEW_SECRET + " hashed by " + Thread.currentThread().getName());
            }
            return real.hash(secret);
        }

        @Override
        public boolean verify(String encodedHash, CharSequence secret) {
            hold(encodedHash);
            return real.verify(encodedHash, secret);
        }

        private void hold(String noted) {
            verifying.add(noted);
            try {
                releases.tryAcquire(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return false;
        }

        /** Lets one held hash finish, and gives the next hash to begin. */
        String releaseOneThenNextBegun(long deadlineNanos) {
            int begun = verifying.size();
            releases.release();
            while (verifying.size() <= begun) {
                assertThat(System.nanoTime()).as("another hash begins").isLessThan(deadlineNanos);
                Thread.yield();
            }
            return verifying.get(begun);
        }

        void releaseAll() {
            releases.release(10_000);
        }
    }

    /** The gate's figures of the instance it is attached to. */
    private static final class GateFigures implements KeywardObserver {
        private volatile State state;

        @Override
        public void attached(State attached) {
            state = attached;
        }

        /** Waits until this many callers wait in the gate's queues and this many hashes have begun. */
        void await(int waiting, OneByOneHasher hasher, int begun, long deadlineNanos) {
            while (state.hashesWaiting() != waiting || hasher.verifying.size() != begun) {
                assertThat(System.nanoTime()).as("%d waiting at the gate (%d), %d hashes begun (%d)", waiting,
                        state.hashesWaiting(), begun, hasher.verifying.size()).isLessThan(deadlineNanos);
                Thread.yield();
            }
        }
    }

    /**
     * Sends {@code rounds} wrong secrets at once at each credential of one organization — its access key, with
     * {@code Accesskey}, and its OAuth clients, at the token endpoint — and waits until every request runs Argon2
     * or waits for a turn, failing past the deadline; each request's HTTP status, to come.
     */
    private List<Future<Integer>> floodAtEveryCredential(Keyward keyward, String key, List<String> clientSecrets,
            int rounds, long deadlineNanos) {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String wrongKey = CredentialLayout.withAnotherSecret(CredentialKind.ACCESS_KEY, key);
            statuses.add(pool.submit(() -> {
                threads.add(Thread.currentThread());
                AuthenticationResult result = keyward.authenticator().authenticate(Requests.accessKey(wrongKey),
                        ApiFamily.REST);
                return result.granted() ? 200 : ((Denied) result).httpStatus();
            }));
            for (String secret : clientSecrets) {
                String clientId = Requests.clientIdOf(secret, CredentialPrefixes.DEFAULTS);
                String wrongSecret = CredentialLayout.withAnotherSecret(CredentialKind.CLIENT_SECRET, secret);
                statuses.add(pool.submit(() -> {
                    threads.add(Thread.currentThread());
                    return keyward.tokenEndpoint().handle("POST", Requests.basicForm(clientId, wrongSecret),
                            "grant_type=client_credentials").status();
                }));
            }
        }
        awaitWaiting(threads, statuses.size(), deadlineNanos);
        return statuses;
    }

    /** Waits until every thread waits (for a turn, a latch or a task), failing past the deadline. */
    private static void awaitWaiting(List<Thread> threads, int count, long deadlineNanos) {
        while (threads.size() < count || threads.stream().anyMatch(VerificationConcurrencyTest::running)) {
            assertThat(System.nanoTime()).as("%d threads waiting", count).isLessThan(deadlineNanos);
            Thread.yield();
        }
    }

    /**
     * Client ids are not secret, so a flood may aim at every credential of one organization at once — here its
     * access key and three OAuth clients, more credentials than the gate has turns. While both turns run the
     * flood's checks, the first check of another organization's key comes: the next turn given back is its,
     * not the flood's, whose other checks wait for their organization's share. Before, the gate served its
     * waiters in order of arrival, and the other organization's check waited behind the flood's.
     */
    @Test
    void floodOfWrongSecretsAtEveryCredentialOfOneOrganizationTakesTurnsWithAnotherOrganizationsCheck()
            throws Exception {
        InMemoryStore store = new InMemoryStore();
        OneByOneHasher held = new OneByOneHasher();
        GateFigures gate = new GateFigures();
        Keyward keyward = Fixtures.keyward(store, MutableClock.startingNow()).hasher(held).observer(gate)
                .maxConcurrentHashes(2).hashQueueTimeout(Duration.ofSeconds(20)).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        List<String> clientSecrets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clientSecrets.add(keyward.connections().create(SUPER, ACME, "Client " + i, AuthenticationType.OAUTH)
                    .secret().reveal());
        }
        String bystander = keyward.connections().create(ADMIN, OrganizationId.of("bystander"), "Key",
                AuthenticationType.ACCESS_KEY).secret().reveal();
        List<Future<Integer>> flood;
        Future<Boolean> valid;
        String next;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            flood = floodAtEveryCredential(keyward, key, clientSecrets, 4, deadline);
            // Four credentials, one check of each past its own queue: two running, two waiting at the gate.
            gate.await(2, held, 2, deadline);

            valid = pool.submit(() -> keyward.authenticator().authenticate(Requests.accessKey(bystander),
                    ApiFamily.REST).granted());
            gate.await(3, held, 2, deadline);
            next = held.releaseOneThenNextBegun(deadline);
        } finally {
            held.releaseAll();
        }

        assertThat(next).as("the check given the turn the flood gave back")
                .isEqualTo(hashOf(store, bystander));
        assertThat(valid.get(30, TimeUnit.SECONDS)).isTrue();
        for (Future<Integer> status : flood) {
            assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(401);
        }
    }

    /**
     * An admin regenerates the key of an organization whose credentials are flooded: hashing the new secret is a
     * party of its own at the gate, so it takes the next turn the flood gives back, not a place behind it.
     */
    @Test
    void regenerateDuringAFloodAtItsOrganizationTakesTheNextTurn() throws Exception {
        InMemoryStore store = new InMemoryStore();
        OneByOneHasher held = new OneByOneHasher();
        GateFigures gate = new GateFigures();
        Keyward keyward = Fixtures.keyward(store, MutableClock.startingNow()).hasher(held).observer(gate)
                .maxConcurrentHashes(2).hashQueueTimeout(Duration.ofSeconds(20)).build();
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        List<String> clientSecrets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clientSecrets.add(keyward.connections().create(SUPER, ACME, "Client " + i, AuthenticationType.OAUTH)
                    .secret().reveal());
        }
        held.holdingNewSecrets = true;
        List<Future<Integer>> flood;
        Future<IssuedCredentials> regenerated;
        String next;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            flood = floodAtEveryCredential(keyward, key.secret().reveal(), clientSecrets, 3, deadline);
            // Three credentials, one check of each past its own queue: two running, one waiting at the gate.
            gate.await(1, held, 2, deadline);
            regenerated = pool.submit(() -> keyward.connections().regenerate(ADMIN, ACME, key.connection().id()));
            gate.await(2, held, 2, deadline);
            next = held.releaseOneThenNextBegun(deadline);
        } finally {
            held.releaseAll();
        }

        assertThat(next).as("the work given the turn the flood gave back").startsWith(OneByOneHasher.NEW_SECRET);
        assertThat(regenerated.get(30, TimeUnit.SECONDS).secret().reveal()).isNotEqualTo(key.secret().reveal());
        for (Future<Integer> status : flood) {
            assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(401);
        }
    }

    /**
     * One organization's admin creates connections in a burst while the gate has one turn: another organization's
     * create, coming after the burst, takes the next turn, not a place behind the burst.
     */
    @Test
    void anotherOrganizationsCreateTakesTheNextTurnDuringOneOrganizationsBurst() throws Exception {
        OneByOneHasher held = new OneByOneHasher();
        GateFigures gate = new GateFigures();
        Keyward keyward = Fixtures.keyward(new InMemoryStore(), MutableClock.startingNow()).hasher(held).observer(gate)
                .maxConcurrentHashes(1).hashQueueTimeout(Duration.ofSeconds(20)).build();
        held.holdingNewSecrets = true;
        List<Future<IssuedCredentials>> burst = new ArrayList<>();
        String next;
        Future<IssuedCredentials> other;
        ExecutorService otherAdmin = Executors.newSingleThreadExecutor(task -> new Thread(task, "the other admin"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; i < 3; i++) {
                String name = "Key " + i;
                burst.add(pool.submit(() -> keyward.connections().create(SUPER, ACME, name, AuthenticationType.OAUTH)));
            }
            gate.await(2, held, 1, deadline);
            other = otherAdmin.submit(() -> keyward.connections().create(ADMIN, OrganizationId.of("other"), "Key",
                    AuthenticationType.ACCESS_KEY));
            gate.await(3, held, 1, deadline);
            next = held.releaseOneThenNextBegun(deadline);
        } finally {
            held.releaseAll();
            otherAdmin.shutdown();
        }

        assertThat(next).as("the hash given the turn the burst gave back").endsWith("hashed by the other admin");
        assertThat(other.get(30, TimeUnit.SECONDS).connection().name()).isEqualTo("Key");
        for (Future<IssuedCredentials> created : burst) {
            assertThat(created.get(30, TimeUnit.SECONDS).secret().reveal()).isNotBlank();
        }
    }

    /** An organization whose credentials are first checked while nobody else waits uses every turn of the gate. */
    @Test
    void anOrganizationAloneChecksItsCredentialsOnEveryTurn() throws Exception {
        InMemoryStore store = new InMemoryStore();
        OneByOneHasher held = new OneByOneHasher();
        Keyward keyward = Fixtures.keyward(store, MutableClock.startingNow()).hasher(held)
                .maxConcurrentHashes(2).hashQueueTimeout(Duration.ofSeconds(20)).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        String secret = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH).secret().reveal();
        Future<Boolean> keyChecked = pool.submit(() -> keyward.authenticator().authenticate(Requests.accessKey(key),
                ApiFamily.REST).granted());
        Future<Integer> tokenIssued = pool.submit(() -> {
            return keyward.tokenEndpoint().handle("POST",
                    Requests.basicForm(Requests.clientIdOf(secret, CredentialPrefixes.DEFAULTS), secret),
                    "grant_type=client_credentials").status();
        });
        List<String> running;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (held.verifying.size() < 2) {
                assertThat(System.nanoTime()).as("both checks running at once").isLessThan(deadline);
                Thread.yield();
            }
            running = List.copyOf(held.verifying);
        } finally {
            held.releaseAll();
        }

        assertThat(running).as("checks running at once").containsExactlyInAnyOrder(hashOf(store, key),
                hashOf(store, secret));
        assertThat(keyChecked.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tokenIssued.get(30, TimeUnit.SECONDS)).isEqualTo(200);
    }

    /**
     * Sends these wrong keys at once while the hasher holds the first {@code held} checks, lets those go once the
     * rest have been answered (past the queue timeout), and gives every denial's code.
     */
    private List<DenialCode> deniedWhileHeld(Keyward keyward, List<String> wrongKeys, int held) throws Exception {
        hasher.hold(held);
        CountDownLatch finished = new CountDownLatch(wrongKeys.size() - held);
        List<Future<AuthenticationResult>> results = new ArrayList<>();
        for (String wrong : wrongKeys) {
            results.add(pool.submit(() -> {
                try {
                    return keyward.authenticator().authenticate(Requests.accessKey(wrong), ApiFamily.REST);
                } finally {
                    finished.countDown();
                }
            }));
        }
        assertThat(hasher.awaitEntered()).isTrue();
        assertThat(finished.await(30, TimeUnit.SECONDS)).as("the rest give up after the queue timeout").isTrue();
        hasher.open();
        List<DenialCode> codes = new ArrayList<>();
        for (Future<AuthenticationResult> result : results) {
            codes.add(((Denied) result.get(30, TimeUnit.SECONDS)).code());
        }
        return codes;
    }

    /** Whether a thread is doing something rather than waiting for a turn, a latch or a task. */
    private static boolean running(Thread thread) {
        return thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING;
    }

    private static String hashOf(InMemoryStore store, String secret) {
        return store.findConnectionByLookupId(CredentialLayout.lookupIdOf(secret)).orElseThrow().secretHash();
    }

    /**
     * Every request a flood at one credential has answered 503 is reported as a wait refused a turn, though it
     * gave up in the credential's own queue and never reached the gate's; each wait that got a turn is reported
     * once, from the request's arrival.
     */
    @Test
    void floodOfWrongSecretsAtOneCredentialThenEveryBusyAnswerReportedAsARefusedWait() throws Exception {
        List<Boolean> waits = new CopyOnWriteArrayList<>();
        List<Long> refusedNanos = new CopyOnWriteArrayList<>();
        KeywardObserver observer = new KeywardObserver() {
            @Override
            public void hashGateWait(long nanos, boolean admitted) {
                waits.add(admitted);
                if (!admitted) {
                    refusedNanos.add(nanos);
                }
            }
        };
        Keyward keyward = builder().maxConcurrentHashes(2).hashQueueTimeout(Duration.ofMillis(100)).observer(observer)
                .build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        waits.clear();
        int flood = 6;
        List<String> wrongKeys = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            wrongKeys.add(CredentialLayout.withAnotherSecret(CredentialKind.ACCESS_KEY, key));
        }

        List<DenialCode> codes = deniedWhileHeld(keyward, wrongKeys, 1);

        assertThat(codes).filteredOn(DenialCode.OVERLOADED::equals).hasSize(flood - 1);
        assertThat(waits).as("waits reported: refused, admitted").containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.generate(() -> false).limit(flood - 1),
                        java.util.stream.Stream.of(true)).toList());
        assertThat(refusedNanos).as("each refused wait, from its request's arrival to its deadline and after")
                .allSatisfy(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100)));
    }

    /**
     * A flood of wrong secrets at one credential waits in that credential's own queue, not the gate's: the
     * observer's figures show it there while it waits, and nothing once it is answered.
     */
    @Test
    void floodAtOneCredentialShowsInTheCredentialQueueFigure() throws Exception {
        GateFigures figures = new GateFigures();
        Keyward keyward = builder().maxConcurrentHashes(2).hashQueueTimeout(Duration.ofSeconds(20)).observer(figures)
                .build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        hasher.hold(1);
        List<Future<AuthenticationResult>> flood = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String wrong = CredentialLayout.withAnotherSecret(CredentialKind.ACCESS_KEY, key);
            flood.add(pool.submit(() -> keyward.authenticator().authenticate(Requests.accessKey(wrong), ApiFamily.REST)));
        }
        int inTheCredentialQueue;
        int atTheGate;
        try {
            assertThat(hasher.awaitEntered()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (figures.state.hashesWaitingForTheirCredential() < 4) {
                assertThat(System.nanoTime()).as("four requests in the credential's queue").isLessThan(deadline);
                Thread.yield();
            }
            inTheCredentialQueue = figures.state.hashesWaitingForTheirCredential();
            atTheGate = figures.state.hashesWaiting();
        } finally {
            hasher.open();
        }
        for (Future<AuthenticationResult> result : flood) {
            assertThat(((Denied) result.get(30, TimeUnit.SECONDS)).code()).isEqualTo(DenialCode.INVALID_CREDENTIALS);
        }

        assertThat(inTheCredentialQueue).isEqualTo(4);
        assertThat(atTheGate).isZero();
        assertThat(figures.state.hashesWaitingForTheirCredential()).isZero();
    }

    @Test
    void overloadedDenialThenRetryAfterAndNoChallenge() throws Exception {
        Keyward keyward = builder().maxConcurrentHashes(1).hashQueueTimeout(Duration.ZERO).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
        hasher.hold(1);
        Future<AuthenticationResult> holder = pool.submit(() -> keyward.authenticator()
                .authenticate(Requests.accessKey(codec.issue(CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(key))),
                        ApiFamily.REST));
        assertThat(hasher.awaitEntered()).isTrue();

        Denied denied = (Denied) keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST);
        hasher.open();

        assertThat(denied.httpStatus()).isEqualTo(503);
        assertThat(denied.challenge()).isEmpty();
        assertThat(denied.headers()).containsEntry("Retry-After", "1").doesNotContainKey("WWW-Authenticate");
        assertThat(holder.get(30, TimeUnit.SECONDS).granted()).isFalse();
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted()).isTrue();
    }
}
