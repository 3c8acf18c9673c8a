package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes over one store: revocation reaches the other node within the bound, without Argon2. */
class MultiNodeRevocationTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStore shared = new InMemoryStore();
    private final CountingStore storeOfB = new CountingStore(shared);
    private final CountingHasher hasherOfB = new CountingHasher();
    private Keyward nodeA;
    private Keyward nodeB;

    @BeforeEach
    void setUp() {
        nodeA = Fixtures.keyward(shared, clock).build();
        nodeB = Fixtures.keyward(storeOfB, clock).hasher(hasherOfB).build();
    }

    private boolean grantedOn(Keyward node, String key) {
        return node.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST).granted();
    }

    @Test
    void regenerateOnOneNodeThenOtherDeniesOldKeyOnceTheBoundHasPassedWithoutArgon2() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        String old = key.secret().reveal();
        assertThat(grantedOn(nodeA, old)).isTrue();
        assertThat(grantedOn(nodeB, old)).isTrue();
        int verifiesBefore = hasherOfB.verifies();

        IssuedCredentials next = nodeA.connections().regenerate(ADMIN, ACME, key.connection().id());
        assertThat(grantedOn(nodeA, old)).as("acting node: at once").isFalse();
        clock.advance(Duration.ofMillis(999));
        assertThat(grantedOn(nodeB, old)).as("other node, within the bound: still remembered").isTrue();
        clock.advance(Duration.ofMillis(1));
        storeOfB.reset();

        assertThat(grantedOn(nodeB, old)).as("other node, bound passed").isFalse();
        assertThat(hasherOfB.verifies()).isEqualTo(verifiesBefore);
        assertThat(storeOfB.reads()).isEqualTo(1);
        assertThat(grantedOn(nodeB, old)).isFalse();
        assertThat(grantedOn(nodeB, next.secret().reveal())).isTrue();
    }

    @Test
    void deleteOnOneNodeThenOtherDeniesOnceTheBoundHasPassed() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        int verifiesBefore = hasherOfB.verifies();

        nodeA.connections().delete(ADMIN, ACME, key.connection().id());
        clock.advance(Duration.ofSeconds(1));

        assertThat(grantedOn(nodeB, key.secret().reveal())).isFalse();
        assertThat(hasherOfB.verifies()).isEqualTo(verifiesBefore);
    }

    @Test
    void unchangedKeyAfterTheBoundThenConfirmedByOneReadWithoutArgon2() {
        IssuedCredentials key = nodeA.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        assertThat(grantedOn(nodeB, key.secret().reveal())).isTrue();
        nodeA.connections().rename(ADMIN, ACME, key.connection().id(), "Renamed");
        clock.advance(Duration.ofSeconds(5));
        storeOfB.reset();

        AuthenticationResult result = nodeB.authenticator().authenticate(Requests.accessKey(key.secret().reveal()),
                ApiFamily.REST);

        assertThat(((AuthenticationResult.Granted) result).principal().connectionName()).isEqualTo("Renamed");
        assertThat(storeOfB.reads()).isEqualTo(1);
        assertThat(hasherOfB.verifies()).isEqualTo(1);
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
    void tokenIssuedOnOneNodeThenVerifiedOnOtherAndRevokedThereWithinTheBound() {
        IssuedCredentials client = nodeA.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
        String token = new Verification(nodeA).token(client.connection().clientId(), client.secret().reveal());
        Verification onB = new Verification(nodeB);
        assertThat(onB.bearerVerifies(token, ApiFamily.REST)).isTrue();
        int verifiesBefore = hasherOfB.verifies();

        nodeA.connections().regenerate(SUPER, ACME, client.connection().id());
        assertThat(new Verification(nodeA).bearerVerifies(token, ApiFamily.REST)).isFalse();
        clock.advance(Duration.ofSeconds(1));

        assertThat(onB.bearerVerifies(token, ApiFamily.REST)).isFalse();
        assertThat(hasherOfB.verifies()).isEqualTo(verifiesBefore);
    }
}
