package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.RevocationWatch;
import dev.keyward.spi.StoreException;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A node that cannot read the revocation log (a lock on its table, a permission taken away) while every other read
 * works: until a read succeeds, it re-reads each remembered credential once the poll interval has passed since its
 * last check, as a node whose follower ended does, and its status says that nothing follows the log; once it reads
 * the log again it trusts what it remembers for the re-read interval again.
 */
class LogUnreadableTest {

    private static final Duration POLL = Duration.ofMillis(50);

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStore shared = new InMemoryStore();
    private final CountingStore counting = new CountingStore(shared);
    private final AtomicBoolean unreadable = new AtomicBoolean();
    private final ForwardingStore storeOfB = new ForwardingStore(counting) {
        @Override
        public RevocationWatch watchRevocations(Runnable onRevocation) {
            // Polled, so that the follower's own thread reads the log at every poll interval.
            return RevocationWatch.POLL;
        }

        @Override
        public long latestRevocation() {
            failIfUnreadable();
            return super.latestRevocation();
        }

        @Override
        public List<Revocation> revocationsAfter(long sequence, int limit) {
            failIfUnreadable();
            return super.revocationsAfter(sequence, limit);
        }

        private void failIfUnreadable() {
            if (unreadable.get()) {
                throw new StoreException("permission denied for table keyward_revocation", null);
            }
        }
    };

    @Test
    @DisplayName("the log unreadable: a key regenerated elsewhere is denied past the poll interval, the status says"
            + " re_read; the log read again: polled, and remembered credentials trusted for the re-read interval")
    void logUnreadableThenRememberedCredentialsAreReadAgainAfterThePollInterval() {
        try (Keyward nodeA = Fixtures.keyward(shared, clock).build();
                Keyward nodeB = Fixtures.keyward(storeOfB, clock).revocationPollInterval(POLL).build()) {
            IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            assertThat(granted(nodeB, key.secret().reveal())).isTrue();
            assertThat(nodeB.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.POLL);

            unreadable.set(true);
            await("the follower's read failed", () -> delivery(nodeB) == RevocationStatus.Delivery.RE_READ);
            IssuedCredentials regenerated = nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
            int reads = counting.reads();
            assertThat(granted(nodeB, key.secret().reveal())).as("within the poll interval: remembered").isTrue();
            assertThat(counting.reads()).isEqualTo(reads);
            clock.advance(POLL.plusMillis(1));

            assertThat(granted(nodeB, key.secret().reveal()))
                    .as("past the poll interval, a minute before the re-read interval ends").isFalse();

            unreadable.set(false);
            await("the follower read the log again", () -> delivery(nodeB) == RevocationStatus.Delivery.POLL);
            assertThat(granted(nodeB, regenerated.secret().reveal())).isTrue();
            reads = counting.reads();
            clock.advance(POLL.multipliedBy(10));
            assertThat(granted(nodeB, regenerated.secret().reveal())).isTrue();
            assertThat(counting.reads()).as("ten poll intervals later: remembered, as for the re-read interval")
                    .isEqualTo(reads);
        }
    }

    @Test
    @DisplayName("a closed node follows the log no more: its status says re_read, whatever its store's watch says")
    void aClosedNodeSaysItReReads() {
        Keyward node = Fixtures.keyward(new InMemoryStore(), clock).build();
        assertThat(node.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.PUSH);

        node.close();

        assertThat(node.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.RE_READ);
    }

    private static RevocationStatus.Delivery delivery(Keyward node) {
        return node.revocationStatus().delivery();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static boolean granted(Keyward node, String key) {
        return node.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }
}
