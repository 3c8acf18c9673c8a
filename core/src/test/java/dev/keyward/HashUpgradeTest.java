package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.StoredConnection;
import dev.keyward.testing.CountingStore;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import org.junit.jupiter.api.Test;

/** A hash made with outdated Argon2 parameters is re-hashed with the current ones after a successful check. */
class HashUpgradeTest {

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void verifyWithNewParametersThenStoredHashUpgradedAndKeyStillValid() {
        IssuedCredentials issued = Fixtures.keyward(store, clock).build().connections()
                .create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        String before = hash(issued);
        assertThat(before).startsWith("$argon2id$v=19$m=256,t=1,p=1$");
        Argon2Parameters stronger = new Argon2Parameters(512, 2, 1);

        Keyward upgraded = Fixtures.keyward(store, clock).argon2(stronger).build();
        assertThat(upgraded.authenticator().authenticate(Requests.accessKey(issued.secret().reveal()), ApiFamily.REST)
                .granted()).isTrue();

        assertThat(hash(issued)).startsWith("$argon2id$v=19$m=512,t=2,p=1$").isNotEqualTo(before);
        Keyward anotherNode = Fixtures.keyward(store, clock).argon2(stronger).build();
        assertThat(anotherNode.authenticator().authenticate(Requests.accessKey(issued.secret().reveal()), ApiFamily.REST)
                .granted()).isTrue();
        assertThat(store.findConnection(ACME, issued.connection().id()).orElseThrow().secretVersion()).isEqualTo(1);
    }

    @Test
    void failedVerifyThenHashLeftAlone() {
        Keyward old = Fixtures.keyward(store, clock).build();
        IssuedCredentials issued = old.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        old.connections().regenerate(ADMIN, ACME, issued.connection().id());
        String current = hash(issued);
        Keyward upgraded = Fixtures.keyward(store, clock).argon2(new Argon2Parameters(512, 2, 1)).build();

        // The replaced key shares the lookup id but no longer matches: nothing may be re-hashed.
        assertThat(upgraded.authenticator().authenticate(Requests.accessKey(issued.secret().reveal()), ApiFamily.REST)
                .granted()).isFalse();
        assertThat(hash(issued)).isEqualTo(current);
    }

    @Test
    void upgradeThatCannotBeStoredThenStillGrantedAndHashLeftAsItWas() {
        IssuedCredentials issued = Fixtures.keyward(store, clock).build().connections()
                .create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        String before = hash(issued);
        CountingStore failingWrites = new CountingStore(store);
        failingWrites.failUnitsOfWork();
        Keyward upgraded = Fixtures.keyward(failingWrites, clock).argon2(new Argon2Parameters(512, 2, 1)).build();

        assertThat(upgraded.authenticator().authenticate(Requests.accessKey(issued.secret().reveal()), ApiFamily.REST)
                .granted()).isTrue();
        assertThat(hash(issued)).isEqualTo(before);
        assertThat(failingWrites.unitsOfWork()).as("the upgrade was attempted").isEqualTo(1);
    }

    private String hash(IssuedCredentials issued) {
        return store.findConnection(ACME, issued.connection().id()).map(StoredConnection::secretHash).orElseThrow();
    }
}
