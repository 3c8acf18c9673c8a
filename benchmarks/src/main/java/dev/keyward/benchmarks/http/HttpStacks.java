package dev.keyward.benchmarks.http;

import dev.keyward.benchmarks.demo.KeepAliveConnection;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * bytes, key included, whether anything checks it or not, and every answer is checked to be 200.
 *
 * <p>The two servers of a comparison each run in a JVM of their own ({@link PingServerProcess}), so
 * neither's garbage collection pauses the other, nor do they share the compiler's profiles. One client
 * calls them in turn over a kept-alive connection to each, one request in flight at a time, the order
 * of the two swapped at every call, and adds up the time it waited for each ({@link Waited}). So the
 * two are measured under the same conditions to within a request, and their requests never compete
 * for the machine. A server's figure is its requests divided by the time the client waited for them:
 * requests per millisecond with one in flight, the inverse of the mean round trip, which includes the
 * client's own writing and reading. A request that costs the server more CPU takes longer. What a
 * server defers (its collector, its compiler) may run while the other one is timed, for both alike.
 *
 * <p>Run side by side instead, each with a client thread of its own, the servers' throughputs swung
 * with how the two cores happened to be shared between four busy processes in each iteration, by more
 * than the difference measured; run one after the other, with the machine's drift between runs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(4)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 6)
public class HttpStacks {

    /** The two servers of a stack ({@link ServerPair}), and a connection to each. */
    @State(Scope.Thread)
    public abstract static class Pair {

        ServerPair servers;
        KeepAliveConnection toUnprotected;
        KeepAliveConnection toProtected;
        boolean protectedFirst;

        /** {@code jetty} or {@code spring}, as {@link PingServerProcess} takes it. */
        abstract String stack();

        @Setup(Level.Trial)
        public void start() throws Exception {
            servers = ServerPair.start(stack());
            toUnprotected = new KeepAliveConnection(servers.unprotected.uri());
            toProtected = new KeepAliveConnection(servers.protectedByKeyward.uri());
            servers.exchange(toUnprotected);
            servers.exchange(toProtected);
        }

        /** One request to each server, in the order swapped at every call, each timed. */
        void exchangeWithBoth(Waited waited) throws IOException {
            protectedFirst = !protectedFirst;
            if (protectedFirst) {
                waited.withKeywardNanos += servers.exchange(toProtected);
                waited.withoutKeywardNanos += servers.exchange(toUnprotected);
            } else {
                waited.withoutKeywardNanos += servers.exchange(toUnprotected);
                waited.withKeywardNanos += servers.exchange(toProtected);
            }
            waited.requests++;
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            try (ServerPair closedLast = servers; KeepAliveConnection a = toUnprotected;
                    KeepAliveConnection b = toProtected) {
                // Each is closed, the connections before the servers, even if closing one of them fails.
            }
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

    /**
     * What the client waited for each server in an iteration, and how many requests it sent each: JMH
     * reports these per iteration, and the result table turns each server's pair of them into its
     * throughput ({@code withKeyward}, {@code withoutKeyward}, in requests per ms).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Waited {
        public long requests;
        public long withKeywardNanos;
        public long withoutKeywardNanos;

        @Setup(Level.Iteration)
        public void reset() {
            requests = 0;
            withKeywardNanos = 0;
            withoutKeywardNanos = 0;
        }
    }

    @Benchmark
    public void jetty(JettyPair pair, Waited waited) throws IOException {
        pair.exchangeWithBoth(waited);
    }

    @Benchmark
    public void springSecurity(SpringPair pair, Waited waited) throws IOException {
        pair.exchangeWithBoth(waited);
    }
}
