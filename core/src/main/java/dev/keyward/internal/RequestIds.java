package dev.keyward.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates request ids for denials when the host gives none: 32 hex digits. They only need
 * to be unique enough to find a log line, so a thread-local generator is used rather than a
 * contended {@code SecureRandom}.
 */
public final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** The host's id when it has one, else a new one. */
    public static String orNew(String hostRequestId) {
        return hostRequestId == null || hostRequestId.isBlank() ? next() : hostRequestId;
    }

    /** A new id. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[32];
        fill(out, 0, random.nextLong());
        fill(out, 16, random.nextLong());
        return new String(out);
    }

    private static void fill(char[] out, int from, long bits) {
        for (int i = 0; i < 16; i++) {
            out[from + i] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xF];
        }
    }
}
