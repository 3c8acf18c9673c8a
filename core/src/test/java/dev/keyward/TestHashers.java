package dev.keyward;

import dev.keyward.internal.SecretHasher;

/**
 * Lets tests in other modules give a Keyward the hasher they control, such as
 * {@link dev.keyward.testing.CountingHasher} holding every check, through the builder's package-private
 * hook, which hosts cannot reach.
 */
public final class TestHashers {

    private TestHashers() {
    }

    /** The builder, set to hash and verify with this hasher instead of its own Argon2id. */
    public static Keyward.Builder withHasher(Keyward.Builder builder, SecretHasher hasher) {
        return builder.hasher(hasher);
    }
}
