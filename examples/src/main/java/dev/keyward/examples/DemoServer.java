package dev.keyward.examples;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.keyward.ApiFamily;
import dev.keyward.GitHubSecretScanning;
import dev.keyward.Keyward;
import dev.keyward.jdbc.JdbcStore;
import dev.keyward.micrometer.KeywardMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keyward demo: the admin API, the token, introspection and revocation endpoints, GitHub's
 * secret scanning alerts, two protected endpoints and Keyward's meters in the Prometheus format
 * ({@code GET /metrics}) on the
 * JDK's HTTP server, set up for untrusted clients ({@link HttpServerSetup}), over a JDBC
 * store in a connection pool. Embeds Keyward through its public API only.
 */
public final class DemoServer implements RunningDemo {

    private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);
    /** How long stopping waits for the requests in flight: longer than any request may take (its deadline). */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService housekeeping;
    private final HikariDataSource database;
    private final Keyward keyward;
    private final Drain drain;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoServer(HttpServer server, ExecutorService workers, ScheduledExecutorService housekeeping,
            HikariDataSource database, Keyward keyward, Drain drain) {
        this.drain = drain;
        this.keyward = keyward;
        this.server = server;
        this.workers = workers;
        this.housekeeping = housekeeping;
        this.database = database;
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        DemoServer server;
        try {
            server = start(options);
        } catch (RuntimeException e) {
            // An operator's mistake or the machine's state (a port in use, a database held or unreachable):
            // said in one line, with what each cause says, and no stack trace.
            System.err.println("Keyward demo could not start: " + causes(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "keyward-demo-shutdown"));
        System.out.println(Banner.text(server.uri(), DemoDatabase.describe(options)));
    }

    /** What a failure and each of its causes say, most general first, repeated messages once. */
    static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        String last = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (!message.equals(last) && (last == null || !last.contains(message))) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
            last = message;
        }
        return text.toString();
    }

    /** Starts a server; it accepts requests when this returns. */
    public static DemoServer start(DemoOptions options) {
        HikariDataSource database = DemoDatabase.open(options);
        Keyward keyward = null;
        try {
            JdbcStore.Builder storage = JdbcStore.builder(database);
            DataSource push = DemoDatabase.pushConnections(options);
            if (push != null) {
                storage.pushConnections(push);
            }
            JdbcStore store = storage.build();
            store.migrate();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            keyward = DemoKeyward.build(options, store, KeywardMetrics.of(metrics));
            HttpServer server = HttpServerSetup.create(new InetSocketAddress(options.host(), options.port()));
            // One context for every path: the JDK server matches contexts by prefix, the router exactly.
            LoopbackHosts hosts = new LoopbackHosts(options.allowedHosts());
            Router router = routes(keyward, metrics);
            Drain drain = new Drain();
            server.createContext("/", new SafeHandler(exchange -> {
                hosts.check(exchange.path(), exchange.host(), exchange.header("Origin"), exchange.localAddress());
                router.handle(exchange);
            }));
            ExecutorService workers = HttpServerSetup.exchangeThreads();
            server.setExecutor(drain.counting(workers));
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
            Keyward started = keyward;
            housekeeping.scheduleWithFixedDelay(() -> DemoKeyward.purge(started), 1, 1, TimeUnit.MINUTES);
            server.start();
            return new DemoServer(server, workers, housekeeping, database, keyward, drain);
        } catch (IOException e) {
            closeAfterFailedStart(keyward, database);
            throw new IllegalStateException("could not listen on " + options.host() + ":" + options.port(), e);
        } catch (RuntimeException e) {
            closeAfterFailedStart(keyward, database);
            throw e;
        }
    }

    /** Keyward's threads and listening connection first, then the pool. */
    private static void closeAfterFailedStart(Keyward keyward, HikariDataSource database) {
        if (keyward != null) {
            keyward.close();
        }
        database.close();
    }

    /** Every route of the demo; any other path is 404. */
    private static Router routes(Keyward keyward, PrometheusMeterRegistry metrics) {
        // Form bodies: Keyward refuses those far shorter than the demos' cap itself, as invalid_request.
        int form = JsonBodies.MAX_BODY_BYTES;
        Router router = new Router()
                // Every method: the endpoint refuses all but POST itself, in the error format of OAuth clients.
                .route(Router.ANY_METHOD, "/oauth/token", EndpointApi.addressed(keyward.tokenEndpoint()::handle, form))
                .route(Router.ANY_METHOD, "/oauth/introspect",
                        EndpointApi.of(keyward.introspectionEndpoint()::handle, form))
                .route(Router.ANY_METHOD, "/oauth/revoke",
                        EndpointApi.addressed(keyward.revocationEndpoint()::handle, form))
                .route(Router.ANY_METHOD, "/secret-scanning/github", EndpointApi.of(
                        keyward.githubSecretScanning()::handle, GitHubSecretScanning.MAX_BODY_LENGTH))
                .route("GET", "/v1/ping", new ProtectedApi(keyward.authenticator(), ApiFamily.REST))
                .route("POST", "/v1/eventManager/event", new ProtectedApi(keyward.authenticator(), ApiFamily.EVENT));
        new AdminApi(keyward.connections()).addTo(router);
        new StaticPages().addTo(router);
        router.route("GET", "/metrics", new MetricsPage(metrics::scrape));
        return router;
    }

    @Override
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getHostString();
        // An IPv6 address, such as the one of every address, is bracketed in a URI.
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    /**
     * Turns new requests away (503) and answers those in flight, for at most {@link #DRAIN}; then stops
     * accepting, closes every connection, writes the last uses noted, and closes the database. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int left = drain.close(DRAIN, () -> LOG.info("Keyward demo stopping: new requests are turned away"
                + " while those in flight are answered"));
        if (left > 0) {
            LOG.info("Keyward demo stopping: {} request(s) were in flight", left);
        }
        server.stop(0);
        workers.shutdownNow();
        housekeeping.shutdownNow();
        keyward.close();
        database.close();
    }
}
