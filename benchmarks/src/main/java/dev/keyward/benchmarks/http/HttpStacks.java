package dev.keyward.benchmarks.http;

import dev.keyward.benchmarks.demo.KeepAliveConnection;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per millisecond to a trivial {@code GET /ping} on Jetty 12 over loopback, with and
 * without Keyward in front (the request carries an access key already verified once, so Keyward
 * takes its warm path): as a servlet filter ({@code jetty}), and in a Spring Security chain
 * against a chain that permits all ({@code springSecurity}). Every request carries the same
 * bytes, key included, whether anything checks it or not.
 *
 * <p>The two servers of a comparison run side by side, each in a JVM of its own
 * ({@link PingServerProcess}) and called by a client thread of its own over a kept-alive
 * connection: whatever else the machine does in the meantime slows both alike, while neither's
 * garbage collection pauses the other, nor do they share the compiler's profiles. Run one after the
 * other, their figures drifted apart by more than the difference measured. A request that costs
 * more CPU takes longer, and its client sends fewer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(4)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class HttpStacks {

    /** Two servers started alike, one with Keyward in front and one without, and the request both are sent. */
    @State(Scope.Group)
    public abstract static class Pair {

        PingServerProcess unprotected;
        PingServerProcess protectedByKeyward;
        byte[] request;

        /** {@code jetty} or {@code spring}, as {@link PingServerProcess} takes it. */
        abstract String stack();

        @Setup(Level.Trial)
        public void start() throws Exception {
            protectedByKeyward = PingServerProcess.start(stack(), true);
            unprotected = PingServerProcess.start(stack(), false);
            request = ("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nAccesskey: " + protectedByKeyward.accessKey()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            for (PingServerProcess server : new PingServerProcess[] {unprotected, protectedByKeyward}) {
                try (KeepAliveConnection warm = new KeepAliveConnection(server.uri())) {
                    int status = warm.exchange(request).status();
                    if (status != 200) {
                        throw new IllegalStateException("the ping answered " + status);
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            unprotected.close();
            protectedByKeyward.close();
        }
    }

    /** Jetty with Keyward's servlet filter, and with no filter. */
    public static class JettyPair extends Pair {
        @Override
        String stack() {
            return "jetty";
        }
    }

    /** Jetty with a Spring Security chain: Keyward's configurer, and permit-all. */
    public static class SpringPair extends Pair {
        @Override
        String stack() {
            return "spring";
        }
    }

    /** Each client thread's own kept-alive connection, to the server its method calls. */
    @State(Scope.Thread)
    public static class Client {
        KeepAliveConnection connection;

        KeepAliveConnection to(URI server) {
            if (connection == null) {
                connection = new KeepAliveConnection(server);
            }
            return connection;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Benchmark
    @Group("jetty")
    @GroupThreads(1)
    public int jettyWithoutFilter(JettyPair pair, Client client) throws IOException {
        return client.to(pair.unprotected.uri()).exchange(pair.request).status();
    }

    @Benchmark
    @Group("jetty")
    @GroupThreads(1)
    public int jettyWithKeyward(JettyPair pair, Client client) throws IOException {
        return client.to(pair.protectedByKeyward.uri()).exchange(pair.request).status();
    }

    @Benchmark
    @Group("springSecurity")
    @GroupThreads(1)
    public int springPermitAll(SpringPair pair, Client client) throws IOException {
        return client.to(pair.unprotected.uri()).exchange(pair.request).status();
    }

    @Benchmark
    @Group("springSecurity")
    @GroupThreads(1)
    public int springWithKeyward(SpringPair pair, Client client) throws IOException {
        return client.to(pair.protectedByKeyward.uri()).exchange(pair.request).status();
    }
}
