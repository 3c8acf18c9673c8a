package dev.keyward.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a presented credential under a random key of this process, truncated to
 * 128 bits: what the verification cache is keyed by, so the cache never holds a credential
 * and nobody without the key can aim a value at an entry. Each thread reuses its own
 * {@link Mac} and buffers, so a digest allocates only its result. Thread-safe.
 */
public final class KeyedDigest {

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Scratch> scratch;

    public KeyedDigest(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(spec));
    }

    /** The digest of an ASCII value of at most {@link CredentialCodec#MAX_LENGTH} characters. */
    public CacheKey of(String value) {
        Scratch s = scratch.get();
        int length = value.length();
        for (int i = 0; i < length; i++) {
            s.input[i] = (byte) value.charAt(i);
        }
        s.mac.update(s.input, 0, length);
        try {
            s.mac.doFinal(s.output, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output buffer too small", e);
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
        final Mac mac;
        final byte[] input = new byte[CredentialCodec.MAX_LENGTH];
        final byte[] output = new byte[32];

        Scratch(SecretKeySpec key) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }
    }
}
