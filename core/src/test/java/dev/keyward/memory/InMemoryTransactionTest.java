package dev.keyward.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.OrganizationId;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.StoredRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryTransactionTest {

    private final InMemoryStore store = new InMemoryStore();
    private final OrganizationId organization = OrganizationId.of("acme");
    private final Instant now = Instant.parse("2026-11-29T12:00:00Z");

    /** A unit of work that only writes tokens publishes no new list of connections: readers keep theirs. */
    @Test
    void aUnitOfWorkOnTokensOnlyLeavesTheConnectionsAsPublished() {
        StoredConnection owner = StoredRows.oauth(organization, "Machine", now);
        store.inOrganization(organization, tx -> {
            tx.insert(owner);
            return null;
        });
        List<StoredConnection> published = store.listConnections(organization);
        StoredToken token = StoredRows.token(owner, now, Duration.ofHours(1));

        store.inOrganization(organization, tx -> {
            tx.insertToken(token);
            return null;
        });
        store.inOrganization(organization, tx -> tx.deleteToken(token.lookupId()));

        assertThat(store.listConnections(organization)).isSameAs(published);
        assertThat(store.findConnectionByLookupId(owner.lookupId())).containsSame(owner);
    }

    /** One that inserts, updates or deletes a connection publishes the organization's connections anew. */
    @Test
    void aUnitOfWorkOnConnectionsPublishesThemAnew() {
        StoredConnection first = StoredRows.oauth(organization, "First", now);
        StoredConnection second = StoredRows.oauth(organization, "Second", now.plusSeconds(1));
        store.inOrganization(organization, tx -> {
            tx.insert(first);
            return null;
        });
        List<StoredConnection> before = store.listConnections(organization);

        store.inOrganization(organization, tx -> {
            tx.insert(second);
            return null;
        });
        assertThat(store.listConnections(organization)).isNotSameAs(before).containsExactly(first, second);

        store.inOrganization(organization, tx -> {
            tx.delete(first.connection().id());
            return null;
        });
        assertThat(store.listConnections(organization)).containsExactly(second);
        assertThat(store.findConnectionByLookupId(first.lookupId())).isEmpty();
    }

    /** A view kept beyond its unit of work, whether it committed or threw, refuses every call, as a database's does. */
    @Test
    void theViewIsDeadOnceItsUnitOfWorkIsOver() {
        StoredConnection owner = StoredRows.oauth(organization, "Machine", now);
        AtomicReference<OrganizationTransaction> committed = new AtomicReference<>();
        store.inOrganization(organization, tx -> {
            tx.insert(owner);
            committed.set(tx);
            return null;
        });
        AtomicReference<OrganizationTransaction> thrown = new AtomicReference<>();
        assertThatThrownBy(() -> store.inOrganization(organization, tx -> {
            thrown.set(tx);
            throw new IllegalArgumentException("the work failed");
        })).hasMessage("the work failed");

        for (OrganizationTransaction kept : List.of(committed.get(), thrown.get())) {
            assertThatThrownBy(kept::connections).isInstanceOf(IllegalStateException.class).hasMessageContaining("over");
            assertThatThrownBy(() -> kept.liveTokens(owner.connection().id(), now))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> kept.insertToken(StoredRows.token(owner, now, Duration.ofHours(1))))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(store.listConnections(organization)).containsExactly(owner);
    }
}
