package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.RevocationWatch;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node whose thread following the revocation log ends for good — an {@link Error} from the store's driver, or
 * an interrupt from code outside Keyward —
 * re-reads each remembered credential once the poll interval has passed since its last check, as a closed node
 * does, so a revocation made elsewhere still reaches it within about that; before, it trusted what it remembered
 * for the whole re-read interval (a minute) with nothing following the log.
 */
class FollowerEndedTest {

    private static final Duration POLL = Duration.ofMillis(50);

    /** How the follower's thread ends while the node serves on. */
    enum Ending {
        /** An Error from a read of the log. */
        ERROR,
        /** An interrupt from code outside Keyward. */
        INTERRUPT
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void followerEndedThenRememberedCredentialsAreReadAgainAfterThePollInterval(Ending ending) throws Exception {
        MutableClock clock = MutableClock.startingNow();
        CountingStore counting = new CountingStore(new InMemoryStore());
        AtomicBoolean armed = new AtomicBoolean();
        AtomicReference<Thread> failed = new AtomicReference<>();
        ForwardingStore store = new ForwardingStore(counting) {
            @Override
            public RevocationWatch watchRevocations(Runnable onRevocation) {
                // Polled, so that the follower's own thread reads the log at every poll interval.
                return RevocationWatch.POLL;
            }

            @Override
            public List<Revocation> revocationsAfter(long sequence, int limit) {
                if (armed.get() && failed.compareAndSet(null, Thread.currentThread()) && ending == Ending.ERROR) {
                    throw new LinkageError("a read of the log that fails as a broken class path does");
                }
                return super.revocationsAfter(sequence, limit);
            }
        };
        try (Keyward keyward = Fixtures.keyward(store, clock).revocationPollInterval(POLL).build()) {
            String key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY)
                    .secret().reveal();
            assertThat(granted(keyward, key)).isTrue();
            assertThat(keyward.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.POLL);

            armed.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (failed.get() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(failed.get()).as("the follower read the log").isNotNull();
            if (ending == Ending.INTERRUPT) {
                failed.get().interrupt();
            }
            failed.get().join(TimeUnit.SECONDS.toMillis(30));
            assertThat(failed.get().isAlive()).as("the follower's thread ended").isFalse();
            assertThat(keyward.revocationStatus().delivery()).as("nothing follows the log")
                    .isEqualTo(RevocationStatus.Delivery.RE_READ);
            int reads = counting.reads();
            assertThat(granted(keyward, key)).isTrue();
            assertThat(counting.reads()).as("within the poll interval: remembered").isEqualTo(reads);
            clock.advance(POLL.plusMillis(1));

            assertThat(granted(keyward, key)).isTrue();
            assertThat(counting.reads()).as("past the poll interval, a minute before the re-read interval ends")
                    .isEqualTo(reads + 1);
        }
    }

    private static boolean granted(Keyward keyward, String key) {
        return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }
}
