package dev.keyward.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sets up the JDK HTTP server for clients that cannot be trusted: its system properties, which
 * bound how long a request may take to arrive, an answer to be read and a connection to sit idle, and let answers leave
 * at once, and an executor on which no request waits for another.
 *
 * <p>The JDK server reads its {@code sun.net.httpserver.*} and {@code jdk.httpserver.*}
 * properties once, when the first server of the JVM is created. {@link #create} sets those the
 * demo needs, unless the command line set them already, before it creates a server; that covers
 * the demo's own JVM and tests that start servers in theirs. A host that creates another JDK
 * HTTP server earlier in the same JVM passes them with {@code -D} instead.
 */
final class HttpServerSetup {

    /** How long a client has to send a whole request — line, headers and body — before its connection is closed. */
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);

    /**
     * How long an exchange may take from the end of its request to the last byte of its answer before its
     * connection is closed. The JDK server starts this clock when it has read the request (for a request with a
     * body, as the handler reads its end), so it bounds the handler's work as well as the client's reading: it
     * is longer than a handler can take, its waits for Argon2 (2 s), a pooled connection
     * ({@link DemoDatabase#POOL_WAIT}) and H2's row lock (10 s) together. The demo's largest answer, the
     * console's script, is 11 KB.
     */
    static final Duration MAX_RESPONSE_TIME = Duration.ofSeconds(30);

    /** Connections open at once; the server closes any more as soon as it accepts them. */
    static final int MAX_CONNECTIONS = 256;

    /**
     * How long a kept-alive connection may stay idle between requests before the server closes it, as
     * Tomcat does in the Spring Boot demo. Idle connections count against {@link #MAX_CONNECTIONS}.
     */
    static final Duration IDLE_TIME = Duration.ofSeconds(5);

    private static final Map<String, String> PROPERTIES = Map.of(
            // The server writes an answer's headers and its body in two writes. With Nagle's
            // algorithm the body waited for the client to acknowledge the headers, which clients
            // delay by about 40 ms: every answer on a kept-alive connection came that late.
            "sun.net.httpserver.nodelay", "true",
            // Counted from a request's first byte to the last byte of its body. The server reads
            // a request on a thread of its executor, and closing the connection ends that read;
            // without this, half a request held a thread for ever.
            // It also bounds how long a new connection may stay silent (else the idle time).
            "sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_TIME.toSeconds()),
            // Counted from the end of a request to the last byte of its answer. A client that stops reading
            // stops the server's writes once the socket's buffers are full; without this, the thread writing
            // and the connection's slot were held for ever (a client sends requests one after the other on
            // its connection, and reads none of their answers, to fill them).
            "sun.net.httpserver.maxRspTime", Long.toString(MAX_RESPONSE_TIME.toSeconds()),
            "jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS),
            // Else 30 s: a client that opens connections, sends a request on each and goes quiet holds
            // their slots of the cap that long, and can keep every slot filled.
            "sun.net.httpserver.idleInterval", Long.toString(IDLE_TIME.toSeconds()),
            // How often the server looks for connections idle too long (in ms; else every 10 s, which
            // would let one stay idle for twice the idle time and more).
            "sun.net.httpserver.clockTick", "1000");

    private HttpServerSetup() {
    }

    /** A server bound to the address, not started, with the demo's properties in force if it is the JVM's first. */
    static HttpServer create(InetSocketAddress address) throws IOException {
        PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
        return HttpServer.create(address, MAX_CONNECTIONS);
    }

    /**
     * The server's executor: a thread for each exchange in progress, started when none is idle,
     * so that no request ever waits in a queue. The JDK server hands a connection to its
     * executor when the first byte of a request arrives, and the rest of the request is read on
     * that thread. With a fixed pool of sixteen, sixteen half-sent requests held every thread,
     * and requests waiting for an Argon2 slot held them too while cheap ones queued behind.
     * Here a half-sent request holds only its own thread, until {@link #MAX_REQUEST_TIME}
     * closes its connection, and a request waiting for Argon2 only its own, until Keyward's
     * hash queue timeout answers 503. A connection runs one exchange at a time, but its next
     * may start before the thread of the last is back, hence twice the connection cap; past it
     * the server closes the connection.
     */
    static ExecutorService exchangeThreads() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, 2 * MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "keyward-demo-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
