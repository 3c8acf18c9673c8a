package dev.keyward.internal;

import dev.keyward.spi.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * How bearer tokens are stored: the SHA-256 of the token, written {@code $sha256$<base64>} so the
 * scheme is named like Argon2id's. A token carries 154 random bits and lives at most a day, so no
 * search can invert its digest, and a slow hash would only cost the issuer and the first check.
 * Access keys and client secrets, which live for months, stay Argon2id. Comparison is in constant
 * time. Thread-safe.
 */
public final class TokenDigest {

    static final String PREFIX = "$sha256$";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(TokenDigest::sha256);

    private TokenDigest() {
    }

    /** The stored form of this token's digest. */
    static String of(String token) {
        return PREFIX + BASE64.encodeToString(digest(token));
    }

    /**
     * Whether the value is the stored token, for its own client revoking it: by its digest; a token an earlier
     * release stored with an Argon2id hash by the lookup id it was found by, which the client asking for it owns
     * (no Argon2 for that: the client may revoke any of its tokens). Never for anyone but the token's client.
     */
    public static boolean isOwnTokenOf(StoredToken stored, String value) {
        return !isDigest(stored.tokenHash()) || matches(stored.tokenHash(), value);
    }

    /** Whether a stored hash is of this scheme; tokens issued before it carry Argon2id hashes. */
    static boolean isDigest(String storedHash) {
        return storedHash.startsWith(PREFIX);
    }

    /** Whether the token matches a stored digest, compared in constant time. */
    static boolean matches(String storedHash, String token) {
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(storedHash.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(stored, digest(token));
    }

    private static byte[] digest(String token) {
        return SHA_256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
