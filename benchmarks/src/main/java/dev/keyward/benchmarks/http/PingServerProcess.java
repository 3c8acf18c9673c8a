package dev.keyward.benchmarks.http;

import dev.keyward.Actor;
import dev.keyward.Argon2Parameters;
import dev.keyward.AuthenticationType;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.servlet.KeywardFilter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;

/**
 * A {@link PingServer} in a JVM of its own, so that two servers measured side by side share the machine
 * but not a heap, a collector or the compiler's profiles: one server's garbage never pauses the other,
 * and code both run is not compiled for the mix of the two. The server prints {@code listening PORT KEY}
 * (the access key its Keyward accepts, or {@code -} when it has none) on its standard output, and stops
 * when its standard input closes.
 */
public final class PingServerProcess implements AutoCloseable {

    private final Process process;
    private final URI uri;
    private final String accessKey;

    private PingServerProcess(Process process, URI uri, String accessKey) {
        this.process = process;
        this.uri = uri;
        this.accessKey = accessKey;
    }

    /** Starts a server of this stack ({@code jetty} or {@code spring}), with Keyward in front or not. */
    static PingServerProcess start(String stack, boolean protect) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PingServerProcess.class.getName(), stack, protect ? "keyward" : "none"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the " + stack + " server did not start");
        }
        String[] parts = line.split(" ");
        return new PingServerProcess(process, URI.create("http://127.0.0.1:" + parts[1]),
                parts[2].equals("-") ? null : parts[2]);
    }

    URI uri() {
        return uri;
    }

    /** The access key the server's Keyward accepts; null for a server without Keyward. */
    String accessKey() {
        return accessKey;
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code PingServerProcess jetty|spring keyward|none}. */
    public static void main(String[] args) throws Exception {
        boolean protect = args[1].equals("keyward");
        Keyward keyward = Keyward.builder().store(new InMemoryStore()).argon2(new Argon2Parameters(256, 1, 1)).build();
        String key = protect ? keyward.connections().create(Actor.admin("bench"), OrganizationId.of("bench"), "Key",
                AuthenticationType.ACCESS_KEY).secret().reveal() : "-";
        try (PingServer server = args[0].equals("spring") ? spring(keyward, protect) : jetty(keyward, protect)) {
            System.out.println("listening " + server.uri().getPort() + " " + key);
            System.out.flush();
            // Until the process that started this one closes its end.
            while (System.in.read() >= 0) {
                continue;
            }
        } finally {
            keyward.close();
        }
    }

    private static PingServer jetty(Keyward keyward, boolean protect) throws Exception {
        return new PingServer(protect ? KeywardFilter.builder(keyward.authenticator()).build() : null, null);
    }

    private static PingServer spring(Keyward keyward, boolean protect) throws Exception {
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.register(protect ? SpringChains.WithKeyward.class : SpringChains.PermitAll.class);
        context.addBeanFactoryPostProcessor(beans -> beans.registerSingleton("keyward", keyward));
        return new PingServer(new DelegatingFilterProxy("springSecurityFilterChain", context),
                new ContextLoaderListener(context));
    }
}
