package dev.keyward.benchmarks.http;

import dev.keyward.benchmarks.demo.KeepAliveConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Two ping servers of one stack started alike, each in a JVM of its own, one with Keyward in front and
 * one without, and the request both are sent: the same bytes, the access key included.
 */
final class ServerPair implements AutoCloseable {

    final PingServerProcess protectedByKeyward;
    final PingServerProcess unprotected;
    private final byte[] request;

    private ServerPair(PingServerProcess protectedByKeyward, PingServerProcess unprotected) {
        this.protectedByKeyward = protectedByKeyward;
        this.unprotected = unprotected;
        this.request = ("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nAccesskey: " + protectedByKeyward.accessKey()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts the two servers of this stack ({@code jetty} or {@code spring}). */
    static ServerPair start(String stack) throws IOException {
        PingServerProcess protectedByKeyward = PingServerProcess.start(stack, true);
        try {
            return new ServerPair(protectedByKeyward, PingServerProcess.start(stack, false));
        } catch (IOException | RuntimeException e) {
            protectedByKeyward.close();
            throw e;
        }
    }

    /** One request and its answer, 200 or an exception; the nanoseconds it took. */
    long exchange(KeepAliveConnection connection) throws IOException {
        long start = System.nanoTime();
        int status = connection.exchange(request).status();
        long took = System.nanoTime() - start;
        if (status != 200) {
            throw new IllegalStateException("the ping answered " + status);
        }
        return took;
    }

    @Override
    public void close() throws IOException {
        try {
            unprotected.close();
        } finally {
            protectedByKeyward.close();
        }
    }
}
