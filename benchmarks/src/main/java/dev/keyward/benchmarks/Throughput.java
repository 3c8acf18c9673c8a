package dev.keyward.benchmarks;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Warm-path throughput of one node with one and with two request threads, each thread with
 * its own client's access key, all on one shared {@link Keyward}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class Throughput {

    /** One node, shared by every request thread. */
    @State(Scope.Benchmark)
    public static class Node {
        Keyward keyward;
        RequestHeaders[] clients = new RequestHeaders[4];

        @Setup(Level.Trial)
        public void setUp() {
            keyward = Keyward.builder().store(new InMemoryStore()).revocationCheckInterval(Duration.ofHours(1)).build();
            for (int i = 0; i < clients.length; i++) {
                clients[i] = RequestHeaders.of("Accesskey", Setups.accessKey(keyward, "org-" + i));
                WarmVerification.require(keyward.authenticator().authenticate(clients[i], ApiFamily.REST).granted(),
                        "client granted");
            }
        }
    }

    /** The client one request thread serves. */
    @State(Scope.Thread)
    public static class Client {
        RequestHeaders headers;

        @Setup(Level.Trial)
        public void setUp(Node node, ThreadParams thread) {
            headers = node.clients[thread.getThreadIndex() % node.clients.length];
        }
    }

    @Benchmark
    @Threads(1)
    public AuthenticationResult warmOneThread(Node node, Client client) {
        return node.keyward.authenticator().authenticate(client.headers, ApiFamily.REST);
    }

    @Benchmark
    @Threads(2)
    public AuthenticationResult warmTwoThreads(Node node, Client client) {
        return node.keyward.authenticator().authenticate(client.headers, ApiFamily.REST);
    }
}
