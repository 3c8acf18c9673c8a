package dev.keyward.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A keyed SHA-256 digest of a presented credential — SHA-256 over a random 64-byte key of
 * this process followed by the value — truncated to 128 bits: what the verification cache is
 * keyed by, so the cache never holds a credential and nobody without the key can aim a value
 * at an entry. The digests never leave the process, so the length extension that rules out
 * this construction as a MAC does not apply; it costs half an HMAC-SHA256 (two compressions
 * instead of four), which is most of the warm path's budget. Each thread reuses its own
 * {@link MessageDigest} and buffers, so a digest allocates only its result. Thread-safe.
 */
public final class KeyedDigest {

    private static final int KEY_LENGTH = 64;

    private final byte[] key = new byte[KEY_LENGTH];
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public KeyedDigest(SecureRandom random) {
        random.nextBytes(key);
    }

    /** The digest of an ASCII value of at most {@link CredentialCodec#MAX_LENGTH} characters. */
    public CacheKey of(String value) {
        Scratch s = scratch.get();
        int length = value.length();
        for (int i = 0; i < length; i++) {
            s.input[i] = (byte) value.charAt(i);
        }
        s.sha256.update(key);
        s.sha256.update(s.input, 0, length);
        try {
            s.sha256.digest(s.output, 0, s.output.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 output buffer too small", e);
        }
        return new CacheKey(longAt(s.output, 0), longAt(s.output, 8));
    }

    private static long longAt(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    /** 128 bits of keyed digest. */
    public record CacheKey(long high, long low) {
    }

    private static final class Scratch {
        final MessageDigest sha256;
        final byte[] input = new byte[CredentialCodec.MAX_LENGTH];
        final byte[] output = new byte[32];

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }
}
