package dev.keyward.internal;

/**
 * Hashes and verifies secrets with a self-describing scheme. {@link Argon2idHasher} is the
 * one implementation; the interface lets tests count and pace hash computations.
 * Implementations are thread-safe.
 */
public interface SecretHasher {

    /** Hashes a secret with a fresh salt. */
    String hash(CharSequence secret);

    /** Whether the secret matches the encoded hash; false, never an exception, for a malformed hash. */
    boolean verify(String encodedHash, CharSequence secret);

    /** Whether the encoded hash should be replaced by one made with the current parameters. */
    boolean needsRehash(String encodedHash);
}
