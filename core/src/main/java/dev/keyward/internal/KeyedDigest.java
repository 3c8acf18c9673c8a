package dev.keyward.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A keyed digest of a presented credential — SipHash-2-4 with 128-bit output (Aumasson and
 * Bernstein) under a random 128-bit key of this process: what the verification cache is keyed
 * by, so the cache never holds a credential and nobody without the key can aim a value at an
 * entry. SipHash is a pseudorandom function made for exactly this, hash-table keys that an
 * attacker may choose; the digests never leave the process. It reads the value's bytes eight
 * at a time, with no {@code MessageDigest} and no allocation but the bytes and its result,
 * and costs a fraction of one HMAC-SHA256. Immutable and thread-safe.
 */
public final class KeyedDigest {

    /** Eight bytes of an array as one little-endian word, as SipHash reads its input. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long k0;
    private final long k1;

    public KeyedDigest(SecureRandom random) {
        this(random.nextLong(), random.nextLong());
    }

    /** A digest under the key whose 16 little-endian bytes make {@code k0} then {@code k1}. */
    KeyedDigest(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * The digest of a value's UTF-8 bytes: one byte per character for the ASCII of every credential, and
     * no two well-formed values alike, whatever other characters they hold (a lone surrogate, which UTF-8
     * cannot encode, reads as {@code '?'}). The bytes, a copy of what may be a secret, are cleared after.
     */
    public CacheKey of(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        CacheKey key = of(bytes);
        Arrays.fill(bytes, (byte) 0);
        return key;
    }

    /** The digest of these bytes, read eight at a time. */
    public CacheKey of(byte[] bytes) {
        Sip s = new Sip(k0, k1);
        int length = bytes.length;
        int whole = length & ~7;
        for (int i = 0; i < whole; i += 8) {
            s.absorb((long) WORDS.get(bytes, i));
        }
        long tail = 0;
        for (int i = length - 1; i >= whole; i--) {
            tail = (tail << 8) | (bytes[i] & 0xFF);
        }
        s.absorb(((long) length << 56) | tail);
        return s.finish();
    }

    /** 128 bits of keyed digest. Its bits are uniform, so its hash is simply some of them. */
    public record CacheKey(long high, long low) {
        @Override
        public int hashCode() {
            return (int) low;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CacheKey k && k.high == high && k.low == low;
        }
    }

    /** The state of one computation; short-lived, so the compiler keeps it in registers. */
    private static final class Sip {
        private long v0;
        private long v1;
        private long v2;
        private long v3;

        Sip(long k0, long k1) {
            v0 = k0 ^ 0x736f6d6570736575L;
            v1 = k1 ^ 0x646f72616e646f6dL ^ 0xee;
            v2 = k0 ^ 0x6c7967656e657261L;
            v3 = k1 ^ 0x7465646279746573L;
        }

        void absorb(long m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
        }

        CacheKey finish() {
            v2 ^= 0xee;
            rounds(4);
            long first = v0 ^ v1 ^ v2 ^ v3;
            v1 ^= 0xdd;
            rounds(4);
            return new CacheKey(first, v0 ^ v1 ^ v2 ^ v3);
        }

        private void rounds(int n) {
            for (int i = 0; i < n; i++) {
                round();
            }
        }

        private void round() {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13) ^ v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16) ^ v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21) ^ v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17) ^ v2;
            v2 = Long.rotateLeft(v2, 32);
        }
    }
}
