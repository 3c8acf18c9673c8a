package dev.keyward.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates request ids for denials when the host gives none: 32 hex digits. They only need
 * to be unique enough to find a log line, so a thread-local generator is used rather than a
 * contended {@code SecureRandom}.
 */
public final class RequestIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private RequestIds() {
    }

    /** The host's id when it has one, else a new one. */
    public static String orNew(String hostRequestId) {
        return hostRequestId == null || hostRequestId.isBlank() ? next() : hostRequestId;
    }

    /** A new id. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] out = new byte[32];
        fill(out, 0, random.nextLong());
        fill(out, 16, random.nextLong());
        // From Latin-1 bytes a string is one copy; from chars it would be a copy and a compression.
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static void fill(byte[] out, int from, long bits) {
        for (int i = 0; i < 16; i++) {
            out[from + i] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xF];
        }
    }
}
