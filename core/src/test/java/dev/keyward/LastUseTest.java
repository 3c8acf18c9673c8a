package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.LastUse;
import dev.keyward.spi.StoreException;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import dev.keyward.testing.StalledLastUseStore;
import dev.keyward.testing.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("When a connection was last used")
class LastUseTest {

    private static final Duration RESOLUTION = Duration.ofSeconds(60);

    private final Instant start = Instant.parse("2026-06-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(start);
    private final CountingStore store = new CountingStore(new InMemoryStore());

    /** The background writes never run on their own here: each test writes when it says so. */
    private final ScheduledThreadPoolExecutor held = new ScheduledThreadPoolExecutor(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void holdTheBackgroundThread() {
        held.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @AfterEach
    void releaseIt() {
        release.countDown();
        held.shutdownNow();
    }

    private Keyward keyward() {
        return Fixtures.keyward(store, clock).lastUsedResolution(RESOLUTION).lastUsedExecutor(held).build();
    }

    private static boolean granted(Keyward keyward, String key) {
        return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }

    @Test
    @DisplayName("8 threads hammering 100 keys: no write on a request thread, one write per key per resolution")
    void requestsOnlyNoteUsesAndEachKeyIsWrittenOncePerResolution() throws Exception {
        Keyward keyward = keyward();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(keyward.connections().create(ADMIN, OrganizationId.of("org-" + i), "Key",
                    AuthenticationType.ACCESS_KEY).secret().reveal());
        }
        ExecutorService requests = Executors.newFixedThreadPool(8, r -> new Thread(r, "request-thread"));
        try {
            // Six rounds 20 s apart span two resolutions: every key is due at 0 s and at 60 s, never more.
            for (int round = 0; round < 6; round++) {
                hammer(requests, keyward, keys);
                assertThat(store.lastUseWriters()).as("nothing written by requests").doesNotContain("request-thread");
                keyward.flushLastUse();
                clock.advance(Duration.ofSeconds(20));
            }
        } finally {
            requests.shutdownNow();
        }

        List<LastUse> written = store.lastUseBatches().stream().flatMap(List::stream).toList();
        Map<ConnectionId, List<Instant>> perKey = written.stream().collect(Collectors.groupingBy(LastUse::connectionId,
                Collectors.mapping(LastUse::usedAt, Collectors.toList())));
        assertThat(perKey).hasSize(100).allSatisfy((id, times) ->
                assertThat(times).containsExactly(start, start.plus(RESOLUTION)));
        assertThat(store.lastUseBatches()).hasSize(2);
        assertThat(keyward.connections().list(ADMIN, OrganizationId.of("org-7")).get(0).lastUsedAt())
                .isEqualTo(start.plus(RESOLUTION));
    }

    private static void hammer(ExecutorService threads, Keyward keyward, List<String> keys) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(threads.submit(() -> {
                go.await();
                boolean all = true;
                for (int pass = 0; pass < 5; pass++) {
                    for (String key : keys) {
                        all &= granted(keyward, key);
                    }
                }
                return all;
            }));
        }
        go.countDown();
        for (Future<Boolean> future : done) {
            assertThat(future.get()).isTrue();
        }
    }

    @Test
    @DisplayName("the time kept is that of the first use in a resolution, so it trails the last use by less than one")
    void timesAreRightToTheResolution() {
        Keyward keyward = keyward();
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(key.connection().lastUsedAt()).isNull();

        clock.advance(Duration.ofSeconds(5));
        granted(keyward, key.secret().reveal());
        clock.advance(Duration.ofSeconds(50));
        granted(keyward, key.secret().reveal());
        keyward.flushLastUse();

        Instant kept = keyward.connections().get(ADMIN, ACME, key.connection().id()).lastUsedAt();
        assertThat(kept).isEqualTo(start.plusSeconds(5));
        assertThat(Duration.between(kept, clock.instant())).isLessThan(RESOLUTION);
    }

    @Test
    @DisplayName("bearer tokens and the token endpoint count as uses of their connection")
    void tokensCountAsUses() {
        Keyward keyward = keyward();
        IssuedCredentials client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        clock.advance(Duration.ofSeconds(3));
        String token = new Verification(keyward).token(client.connection().clientId(), client.secret().reveal());
        keyward.flushLastUse();
        assertThat(keyward.connections().get(SUPER, ACME, client.connection().id()).lastUsedAt())
                .isEqualTo(start.plusSeconds(3));

        clock.advance(RESOLUTION);
        assertThat(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted()).isTrue();
        keyward.flushLastUse();
        assertThat(keyward.connections().get(SUPER, ACME, client.connection().id()).lastUsedAt())
                .isEqualTo(start.plusSeconds(3).plus(RESOLUTION));
    }

    @Test
    @DisplayName("a key whose secret verified but that is refused for its address still shows as used")
    void aKeyRefusedForItsAddressIsUsed() {
        Keyward keyward = keyward();
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, NewConnection
                .builder("Office", AuthenticationType.ACCESS_KEY).allowedIps(List.of("10.0.0.0/8")).build());
        clock.advance(Duration.ofSeconds(7));

        AuthenticationResult outside = keyward.authenticator().authenticate(Requests.accessKey(key.secret().reveal()),
                ApiFamily.REST, "req-1", ClientAddress.parse("192.0.2.1"));
        keyward.flushLastUse();

        assertThat(outside).isInstanceOfSatisfying(AuthenticationResult.Denied.class,
                denied -> assertThat(denied.code()).isEqualTo(DenialCode.IP_NOT_ALLOWED));
        assertThat(keyward.connections().get(ADMIN, ACME, key.connection().id()).lastUsedAt())
                .isEqualTo(start.plusSeconds(7));
    }

    @Test
    @DisplayName("closing writes what was noted")
    void closeFlushes() {
        Keyward keyward = keyward();
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        granted(keyward, key.secret().reveal());
        assertThat(store.lastUseBatches()).isEmpty();

        keyward.close();

        assertThat(store.lastUseBatches()).singleElement().satisfies(batch -> assertThat(batch)
                .containsExactly(new LastUse(ACME, key.connection().id(), start)));
    }

    @Test
    @DisplayName("a store failure while writing never reaches a request, and the uses are written on the next try")
    void failedWritesAreRetried() {
        Keyward keyward = keyward();
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        granted(keyward, key.secret().reveal());
        store.failLastUse(1);

        assertThatThrownBy(keyward::flushLastUse).isInstanceOf(StoreException.class);
        assertThat(granted(keyward, key.secret().reveal())).isTrue();
        keyward.close();

        assertThat(store.lastUseBatches()).singleElement().satisfies(batch -> assertThat(batch)
                .containsExactly(new LastUse(ACME, key.connection().id(), start)));
    }

    @Test
    @DisplayName("a failure while closing is logged, not thrown")
    void closeSwallowsStoreFailures() {
        Keyward keyward = keyward();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
        granted(keyward, key);
        store.failLastUse(1);

        keyward.close();

        assertThat(store.lastUseBatches()).isEmpty();
    }

    @Test
    @DisplayName("a host's executor runs the writes from the first use on, and is left running on close")
    void hostExecutorIsUsedAndNotShutDown() {
        ScheduledThreadPoolExecutor hostThreads = new ScheduledThreadPoolExecutor(1);
        try {
            Keyward keyward = Fixtures.keyward(store, clock).lastUsedExecutor(hostThreads).build();
            String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();
            assertThat(hostThreads.getQueue()).as("nothing scheduled before a use").isEmpty();

            granted(keyward, key);
            assertThat(hostThreads.getQueue()).hasSize(1);
            keyward.close();

            assertThat(hostThreads.isShutdown()).isFalse();
            assertThat(hostThreads.getQueue()).singleElement()
                    .satisfies(task -> assertThat(((Future<?>) task).isCancelled()).as("schedule cancelled").isTrue());
            assertThat(store.lastUseBatches()).hasSize(1);
        } finally {
            hostThreads.shutdownNow();
        }
    }

    @Test
    @DisplayName("closing waits at most 5 s for a store that does not answer; the writes go on, and end, once it does")
    void closeWaitsForAStalledStoreAtMostFiveSeconds() throws Exception {
        StalledLastUseStore stalled = new StalledLastUseStore(new InMemoryStore());
        Keyward keyward = Fixtures.keyward(stalled, clock).lastUsedResolution(Duration.ofSeconds(1)).build();
        IssuedCredentials first = keyward.connections().create(ADMIN, ACME, "First", AuthenticationType.ACCESS_KEY);
        IssuedCredentials second = keyward.connections().create(ADMIN, GLOBEX, "Second",
                AuthenticationType.ACCESS_KEY);
        CompletableFuture<Void> closing;
        try {
            granted(keyward, first.secret().reveal());
            awaitUntil(() -> stalled.waiting() == 1, "the background write of the first use is stalled");
            granted(keyward, second.secret().reveal());

            closing = CompletableFuture.runAsync(keyward::close);

            assertThat(closing).as("close returns although the store does not answer")
                    .succeedsWithin(Duration.ofSeconds(8));
            assertThat(stalled.written()).as("still nothing written when close returned").isZero();
        } finally {
            stalled.release();
        }
        awaitUntil(() -> stalled.written() == 2, "both uses written once the store answers");
        assertThat(keyward.connections().get(ADMIN, ACME, first.connection().id()).lastUsedAt()).isEqualTo(start);
        assertThat(keyward.connections().get(ADMIN, GLOBEX, second.connection().id()).lastUsedAt()).isEqualTo(start);
        for (Thread writer : stalled.writers()) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(writer.isAlive()).as("%s ended", writer.getName()).isFalse();
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    @DisplayName("an executor that refuses the writes never reaches a request; what was queued before is written "
            + "on close")
    void aRefusingExecutorNeverReachesARequest() {
        ScheduledExecutorService shutDown = Executors.newSingleThreadScheduledExecutor();
        shutDown.shutdown();
        Keyward keyward = Fixtures.keyward(store, clock).lastUsedExecutor(shutDown).build();
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);

        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key.secret().reveal()), ApiFamily.REST))
                .isInstanceOf(AuthenticationResult.Granted.class);
        clock.advance(RESOLUTION);
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key.secret().reveal()), ApiFamily.REST))
                .isInstanceOf(AuthenticationResult.Granted.class);
        assertThat(new Verification(keyward).token(client.connection().clientId(), client.secret().reveal()))
                .isNotNull();
        keyward.close();

        // The key, queued before the refusal, is written with the time its connection last noted; the client,
        // first used after it, is not recorded.
        assertThat(store.lastUseBatches()).singleElement().satisfies(batch -> assertThat(batch)
                .containsExactly(new LastUse(ACME, key.connection().id(), start.plus(RESOLUTION))));
    }

    /**
     * A change made through a unit of work keeps the recorded time of last use. That a copy read before a
     * last use was recorded cannot move it back is each store's rule (the store contract's
     * staleUpdateKeepsTheRecordedLastUse): on this store the two take turns on the organization's lock.
     */
    @Test
    @DisplayName("renaming a connection keeps its time of last use")
    void renamingKeepsTheTimeOfLastUse() {
        Keyward keyward = keyward();
        IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        granted(keyward, key.secret().reveal());
        keyward.flushLastUse();

        keyward.connections().rename(ADMIN, ACME, key.connection().id(), "Renamed");

        assertThat(keyward.connections().get(ADMIN, ACME, key.connection().id()).lastUsedAt()).isEqualTo(start);
    }
}
