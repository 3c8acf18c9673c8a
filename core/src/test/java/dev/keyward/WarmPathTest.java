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
}
