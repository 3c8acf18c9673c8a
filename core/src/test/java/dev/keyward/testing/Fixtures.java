package dev.keyward.testing;

import dev.keyward.Actor;
import dev.keyward.Argon2Parameters;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.Role;
import dev.keyward.spi.KeywardStore;

/** Shared test values. Argon2 runs at a cheap cost here; the hasher's own tests keep the defaults. */
public final class Fixtures {

    /** Argon2id at about a millisecond, for tests that create many credentials. */
    public static final Argon2Parameters CHEAP_ARGON2 = new Argon2Parameters(256, 1, 1);

    public static final OrganizationId ACME = OrganizationId.of("acme");
    public static final OrganizationId GLOBEX = OrganizationId.of("globex");

    public static final Actor SUPER = Actor.superAdmin("super");
    public static final Actor ADMIN = Actor.admin("admin");
    public static final Actor VIEWER = new Actor("viewer", Role.NONE, true);
    public static final Actor FORMER = new Actor("former", Role.SUPER_ADMIN, false);

    private Fixtures() {
    }

    /** A builder over the store with cheap hashing and a test clock. */
    public static Keyward.Builder keyward(KeywardStore store, MutableClock clock) {
        return Keyward.builder().store(store).clock(clock).argon2(CHEAP_ARGON2);
    }
}
