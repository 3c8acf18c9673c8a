package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import dev.keyward.testing.Verification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Repeated requests with one credential read nothing and hash nothing. */
class WarmPathTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final CountingStore store = new CountingStore(new InMemoryStore());
    private final CountingHasher hasher = new CountingHasher();

    @Test
    void accessKeyWhenRememberedThenNoStoreReadAndNoArgon2() {
        Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted()).isTrue();
        store.reset();
        int verifies = hasher.verifies();

        for (int i = 0; i < 1000; i++) {
            assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.EVENT).granted())
                    .isTrue();
        }
        clock.advance(Duration.ofMillis(999));
        assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted()).isTrue();

        assertThat(store.reads()).isZero();
        assertThat(store.unitsOfWork()).isZero();
        assertThat(hasher.verifies()).isEqualTo(verifies);
    }

    /**
     * The re-read interval counts from the store read that gave the answer, not from when its Argon2 turn came,
     * which may be up to the hash queue timeout later: a revocation committed just after the read is then found
     * one interval after it at the latest.
     */
    @Test
    void accessKeyThatWaitedForAnArgon2TurnThenReReadOneIntervalAfterTheStoreRead() throws Exception {
        Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).maxConcurrentHashes(1)
                .hashQueueTimeout(Duration.ofMinutes(1)).revocationCheckInterval(Duration.ofSeconds(60)).build();
        String holder = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        String waiter = keyward.connections().create(ADMIN, GLOBEX, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        store.reset();
        hasher.hold(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> granted(keyward, holder));
            assertThat(hasher.awaitEntered()).as("the first check holds the one Argon2 turn").isTrue();
            Future<Boolean> second = pool.submit(() -> granted(keyward, waiter));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.reads() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(store.reads()).as("the second check read the store, and waits for the turn").isEqualTo(2);
            clock.advance(Duration.ofSeconds(30));
            hasher.open();
            assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        clock.advance(Duration.ofSeconds(29));
        assertThat(granted(keyward, waiter)).isTrue();
        assertThat(store.reads()).as("59 s after its read: still trusted").isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));

        assertThat(granted(keyward, waiter)).isTrue();
        assertThat(store.reads()).as("61 s after its read, 31 s after its turn came: read again").isEqualTo(3);
    }

    private static boolean granted(Keyward keyward, String key) {
        return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }

    @Test
    void bearerTokenOnTheIssuingNodeThenNoStoreReadAndNoArgon2() {
        Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).build();
        IssuedCredentials client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        Verification verification = new Verification(keyward);
        String token = verification.token(client.connection().clientId(), client.secret().reveal());
        store.reset();
        int verifies = hasher.verifies();

        for (int i = 0; i < 1000; i++) {
            assertThat(verification.bearerVerifies(token, ApiFamily.REST)).isTrue();
        }

        assertThat(store.reads()).isZero();
        assertThat(hasher.verifies()).isEqualTo(verifies);
    }

    @Test
    void cacheTurnedOffThenEveryRequestIsCold() {
        Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).cacheMaximumSize(0).build();
        String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();

        for (int i = 0; i < 3; i++) {
            assertThat(keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted())
                    .isTrue();
        }

        assertThat(hasher.verifies()).isEqualTo(3);
    }

    /**
     * A remembered key is read without telling the cache's eviction policy each time (a hit would otherwise
     * cost the policy's bookkeeping in main memory, on a node that remembers many keys), but the policy still
     * hears of its uses, at most once a second each. So a key used now and then, a second or more apart, stays
     * remembered while keys verified again and again, each cold, pass through a cache too small for them all:
     * the policy admits a key it has seen more often than the one it would evict. Told of no use, or only of
     * the first, it takes the key in use for one seen once or twice, evicts it, and its next use costs an
     * Argon2 run.
     */
    @Test
    void keyInUseStaysRememberedWhileKeysVerifiedColdPassThrough() {
        Keyward keyward = Fixtures.keyward(store, clock).hasher(hasher).cacheMaximumSize(20)
                .revocationCheckInterval(Duration.ofHours(1)).build();
        String inUse = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        List<String> passing = accessKeys(keyward, 100);
        assertThat(granted(keyward, inUse)).isTrue();
        int verifies = hasher.verifies();

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < passing.size(); i++) {
                assertThat(granted(keyward, passing.get(i))).isTrue();
                if (i % 10 == 0) {
                    clock.advance(Duration.ofMillis(1_100));
                    int before = hasher.verifies();
                    assertThat(granted(keyward, inUse)).isTrue();
                    assertThat(hasher.verifies()).as("Argon2 runs for the key in use, round %d", round)
                            .isEqualTo(before);
                }
            }
        }

        assertThat(hasher.verifies()).as("Argon2 runs: the keys passing through were cold, again and again")
                .isGreaterThan(verifies + 2 * passing.size());
    }

    private static List<String> accessKeys(Keyward keyward, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(keyward.connections().create(ADMIN, OrganizationId.of("org-" + i), "Key",
                    AuthenticationType.ACCESS_KEY).secret().reveal());
        }
        return keys;
    }
}
