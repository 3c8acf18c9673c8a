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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The comparisons of {@link HttpStacks} with the machine busy: four client threads, each with a kept-alive
 * connection to both servers, keep four requests in flight, and all of them go to one server for half a
 * second, then to the other, in turn ({@link Servers#target}). Two cores are then fully used by the clients
 * and the one server being called, so a request that costs the server more CPU leaves it fewer requests
 * in its half-seconds. The two servers get the same time, so the ratio of their requests in an
 * iteration is the ratio of their throughputs ({@link Served}); whatever else slows the machine for
 * longer than a second slows both.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(4)
@Threads(4)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 6)
public class HttpStacksUnderLoad {

    /** How long all requests go to one server before they go to the other. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** The two servers of a stack, shared by the client threads, and whose turn it is. */
    @State(Scope.Benchmark)
    public abstract static class Servers {
        ServerPair servers;
        private volatile long epoch;
        private volatile int protectedTurn;

        abstract String stack();

        @Setup(Level.Trial)
        public void start() throws Exception {
            servers = ServerPair.start(stack());
        }

        /** Turns start anew with each iteration, the protected server first in every other one. */
        @Setup(Level.Iteration)
        public void startTurns() {
            protectedTurn ^= 1;
            epoch = System.nanoTime();
        }

        /** Whose turn it is at this time: true for the server with Keyward. */
        boolean protectedTurnAt(long nanoTime) {
            return ((nanoTime - epoch) / SLICE_NANOS & 1) == protectedTurn;
        }

        /** The turn this time falls in, to tell whether a request stayed within one. */
        long turnAt(long nanoTime) {
            return (nanoTime - epoch) / SLICE_NANOS;
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            servers.close();
        }
    }

    /** Jetty with Keyward's servlet filter, and with no filter. */
    public static class JettyServers extends Servers {
        @Override
        String stack() {
            return "jetty";
        }
    }

    /** Jetty with a Spring Security chain: Keyward's configurer, and permit-all. */
    public static class SpringServers extends Servers {
        @Override
        String stack() {
            return "spring";
        }
    }

    /** A client thread's kept-alive connection to each server. */
    @State(Scope.Thread)
    public static class Connections {
        KeepAliveConnection toProtected;
        KeepAliveConnection toUnprotected;

        KeepAliveConnection to(Servers servers, boolean protectedTurn) {
            if (toProtected == null) {
                toProtected = new KeepAliveConnection(servers.servers.protectedByKeyward.uri());
                toUnprotected = new KeepAliveConnection(servers.servers.unprotected.uri());
            }
            return protectedTurn ? toProtected : toUnprotected;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            if (toProtected != null) {
                try {
                    toProtected.close();
                } finally {
                    toUnprotected.close();
                }
            }
        }
    }

    /**
     * The requests each server answered in an iteration, counting only those sent and answered within one
     * turn: JMH adds up the threads' counts, and the result table pairs the two servers' iteration by
     * iteration ({@code withKeywardRequests}, {@code withoutKeywardRequests}).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Served {
        public long withKeywardRequests;
        public long withoutKeywardRequests;

        @Setup(Level.Iteration)
        public void reset() {
            withKeywardRequests = 0;
            withoutKeywardRequests = 0;
        }
    }

    @Benchmark
    public void jetty(JettyServers servers, Connections connections, Served served) throws IOException {
        exchange(servers, connections, served);
    }

    @Benchmark
    public void springSecurity(SpringServers servers, Connections connections, Served served) throws IOException {
        exchange(servers, connections, served);
    }

    private static void exchange(Servers servers, Connections connections, Served served) throws IOException {
        long sent = System.nanoTime();
        boolean protectedTurn = servers.protectedTurnAt(sent);
        servers.servers.exchange(connections.to(servers, protectedTurn));
        if (servers.turnAt(System.nanoTime()) != servers.turnAt(sent)) {
            return;
        }
        if (protectedTurn) {
            served.withKeywardRequests++;
        } else {
            served.withoutKeywardRequests++;
        }
    }
}
