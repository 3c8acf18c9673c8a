package dev.keyward.benchmarks.http;

import dev.keyward.Actor;
import dev.keyward.Argon2Parameters;
import dev.keyward.AuthenticationType;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.benchmarks.demo.KeepAliveConnection;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.servlet.KeywardFilter;
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
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;

/**
 * Requests per millisecond to a trivial {@code GET /ping} on Jetty 12 over loopback, with and
 * without Keyward in front (the request carries an access key already verified once, so Keyward
 * takes its warm path): as a servlet filter ({@code jetty}), and in a Spring Security chain
 * against a chain that permits all ({@code springSecurity}). Every request carries the same
 * bytes, key included, whether anything checks it or not.
 *
 * <p>The two servers of a comparison run side by side in one fork, each called by a client thread
 * of its own over a kept-alive connection, so that whatever else the machine does in the meantime
 * slows both alike: run one after the other, their figures drifted apart by more than the
 * difference measured. A request that costs more CPU takes longer, and its client sends fewer.
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

        Keyward keyward;
        PingServer unprotected;
        PingServer protectedByKeyward;
        byte[] request;

        abstract PingServer start(Keyward keyward, boolean protect) throws Exception;

        @Setup(Level.Trial)
        public void start() throws Exception {
            keyward = Keyward.builder().store(new InMemoryStore()).argon2(new Argon2Parameters(256, 1, 1)).build();
            String key = keyward.connections().create(Actor.admin("bench"), OrganizationId.of("bench"), "Key",
                    AuthenticationType.ACCESS_KEY).secret().reveal();
            request = ("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nAccesskey: " + key + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            unprotected = start(keyward, false);
            protectedByKeyward = start(keyward, true);
            for (PingServer server : new PingServer[] {unprotected, protectedByKeyward}) {
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
            keyward.close();
        }
    }

    /** Jetty with Keyward's servlet filter, and with no filter. */
    public static class JettyPair extends Pair {
        @Override
        PingServer start(Keyward keyward, boolean protect) throws Exception {
            return new PingServer(protect ? KeywardFilter.builder(keyward.authenticator()).build() : null, null);
        }
    }

    /** Jetty with a Spring Security chain: Keyward's configurer, and permit-all. */
    public static class SpringPair extends Pair {
        @Override
        PingServer start(Keyward keyward, boolean protect) throws Exception {
            AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
            context.register(protect ? SpringChains.WithKeyward.class : SpringChains.PermitAll.class);
            context.addBeanFactoryPostProcessor(beans -> beans.registerSingleton("keyward", keyward));
            return new PingServer(new DelegatingFilterProxy("springSecurityFilterChain", context),
                    new ContextLoaderListener(context));
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
