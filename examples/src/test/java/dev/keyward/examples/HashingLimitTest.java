package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bound on routes that hash a new secret, over real HTTP with a route that holds its turn until released. */
class HashingLimitTest {

    private static final Duration WAIT = Duration.ofMillis(300);

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer server;

    @BeforeEach
    void startServerWithOneTurn() throws Exception {
        HashingLimit limit = new HashingLimit(1, WAIT);
        // Made like the demo's: the first JDK server of a JVM fixes the settings of all the others.
        server = HttpServerSetup.create(new InetSocketAddress("127.0.0.1", 0));
        server.createContext("/", new SafeHandler(limit.around(exchange -> {
            entered.countDown();
            await(release);
            exchange.sendJson(200, Map.of("hashed", true));
        })));
        server.setExecutor(threads);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<HttpResponse<String>> post() {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return http.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestBeyondTheTurnsWaitsItsTimeThen503WithRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> first = post();
        await(entered);

        long start = System.nanoTime();
        HttpResponse<String> second = post().get(30, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(WAIT);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).contains("1");
        assertThat(Exchange.JSON.readTree(second.body()).get("errorCode").asText()).isEqualTo("OVERLOADED");
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void turnIsGivenBackWhenTheRouteEnds() throws Exception {
        release.countDown();

        assertThat(post().get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post().get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
