package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A node serving one hot key reads the store about once a minute for it, however busy it is. */
class HotKeyTest {

    private static final int THREADS = 8;
    private static final int STEPS = 300;
    private static final int REQUESTS_PER_STEP = 20;

    private final MutableClock clock = MutableClock.startingNow();
    private final CountingStore store = new CountingStore(new InMemoryStore());
    private final Keyward keyward = Fixtures.keyward(store, clock).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        keyward.close();
    }

    @Test
    @DisplayName("8 threads hammering one key for a simulated 5 minutes cause at most 6 store reads")
    void hotKeyReadsTheStoreAboutOnceAMinute() throws Exception {
        String key = keyward.connections().create(ADMIN, ACME, "Hot", AuthenticationType.ACCESS_KEY).secret()
                .reveal();
        store.reset();
        // Each step every thread sends its requests, then one advances the clock by a second.
        CyclicBarrier step = new CyclicBarrier(THREADS, () -> clock.advance(Duration.ofSeconds(1)));
        List<Future<Integer>> granted = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            granted.add(pool.submit(() -> {
                int count = 0;
                for (int s = 0; s < STEPS; s++) {
                    for (int r = 0; r < REQUESTS_PER_STEP; r++) {
                        count += keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST)
                                .granted() ? 1 : 0;
                    }
                    step.await(30, TimeUnit.SECONDS);
                }
                return count;
            }));
        }
        int total = 0;
        for (Future<Integer> f : granted) {
            total += f.get(120, TimeUnit.SECONDS);
        }

        System.out.println("hot key, 8 threads, simulated 5 minutes: " + store.reads() + " store reads");
        assertThat(total).isEqualTo(THREADS * STEPS * REQUESTS_PER_STEP);
        assertThat(store.reads()).as("one cold read, then one re-read per minute").isBetween(1, 6);
    }
}
