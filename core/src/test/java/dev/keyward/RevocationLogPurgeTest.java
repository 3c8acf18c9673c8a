package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoredConnection;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The revocation log stays bounded however fast a platform revokes: every record past its retention goes. */
class RevocationLogPurgeTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStore store = new InMemoryStore();
    private Keyward node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @DisplayName("records revoked faster than one batch a minute are all purged once past their retention")
    void aBacklogOfManyBatchesIsPurged() {
        node = Fixtures.keyward(store, clock).revocationPollInterval(Duration.ofMillis(10)).build();
        node.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        StoredConnection key = store.listConnections(ACME).get(0);
        // Twelve thousand records in the same minute: more than twenty batches of the follower's five hundred.
        List<Revocation> old = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            old.add(Revocation.builder().organizationId(ACME).connectionId(key.connection().id())
                    .connectionLookupId(key.lookupId()).tokenLookupId(String.format("T%011d", i))
                    .revokedAt(clock.instant()).build());
        }
        store.inOrganization(ACME, tx -> {
            old.forEach(tx::recordRevocation);
            return null;
        });
        clock.advance(Duration.ofHours(1));
        store.inOrganization(ACME, tx -> {
            tx.recordRevocation(Revocation.builder().organizationId(ACME).connectionId(key.connection().id())
                    .connectionLookupId(key.lookupId()).tokenLookupId("Tnew0000000").revokedAt(clock.instant()).build());
            return null;
        });

        // The clock stands still from here: the node's follower wakes on its own, every 10 ms.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.revocationsAfter(0, 2).size() > 1 && System.nanoTime() < deadline) {
            Thread.yield();
        }

        assertThat(store.revocationsAfter(0, 20_000)).singleElement()
                .satisfies(kept -> assertThat(kept.tokenLookupId()).isEqualTo("Tnew0000000"));
    }
}
