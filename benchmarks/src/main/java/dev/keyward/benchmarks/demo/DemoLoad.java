package dev.keyward.benchmarks.demo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * A load client for a running demo server over loopback: each thread holds one keep-alive
 * connection and sends requests back to back — pings with a warm Access Key, token requests
 * (the client secret checked through the verification cache: the client's first request, the
 * fixture's own, runs Argon2 once and later ones do not; each token is stored as its SHA-256),
 * and pings with forged bearer tokens — first for a warm-up, then for the measured time. Prints one
 * Markdown row per scenario and thread count: requests per second and latency percentiles.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.keyward.benchmarks.demo.DemoLoad --url http://127.0.0.1:8080
 *      [--threads 2,8] [--warmup SECONDS] [--seconds SECONDS]
 * </pre>
 * Every loop is bounded by time; nothing but the given loopback server is contacted.
 */
public final class DemoLoad {

    /** What one thread sends again and again, and the status that counts as answered as expected. */
    private record Scenario(String name, int expectedStatus, IntFunction<byte[]> request) {
    }

    /** What one thread measured. */
    private record ThreadResult(Latencies latencies, int unexpected) {
    }

    private DemoLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI url = null;
        List<Integer> threads = List.of(2, 8);
        int warmup = 5;
        int seconds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = URI.create(args[++i]);
                case "--threads" -> threads = List.of(args[++i].split(",")).stream().map(Integer::valueOf).toList();
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (url == null || !isLoopback(url)) {
            throw new IllegalArgumentException("--url must name a demo on this machine, e.g. http://127.0.0.1:8080");
        }
        Fixture fixture = Fixture.create(url);
        List<Scenario> scenarios = List.of(
                new Scenario("ping, warm Access Key", 200, i -> fixture.ping()),
                new Scenario("token request", 200, i -> fixture.token()),
                new Scenario("ping, forged bearer token", 401, fixture::forged));
        System.out.printf(Locale.ROOT, "%s, %d processors, load average %.2f; %d s warm-up, %d s measured%n%n",
                url, Runtime.getRuntime().availableProcessors(), load(), warmup, seconds);
        System.out.println("| scenario | threads | requests/s | p50 ms | p90 ms | p99 ms | max ms | other status |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Scenario scenario : scenarios) {
            for (int n : threads) {
                System.out.println(run(url, scenario, n, warmup, seconds));
            }
        }
        System.out.printf(Locale.ROOT, "%nload average %.2f at the end%n", load());
    }

    private static String run(URI url, Scenario scenario, int threads, int warmup, int seconds) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ThreadResult>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(client(url, scenario, measureFrom, end)));
            }
            List<Latencies> all = new ArrayList<>();
            int unexpected = 0;
            for (Future<ThreadResult> f : futures) {
                ThreadResult result = f.get();
                all.add(result.latencies());
                unexpected += result.unexpected();
            }
            long[] sorted = Latencies.sorted(all);
            return String.format(Locale.ROOT, "| %s | %d | %,.0f | %s | %s | %s | %s | %d |", scenario.name(), threads,
                    sorted.length / (double) seconds, ms(Latencies.percentile(sorted, 0.50)),
                    ms(Latencies.percentile(sorted, 0.90)), ms(Latencies.percentile(sorted, 0.99)),
                    ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), unexpected);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<ThreadResult> client(URI url, Scenario scenario, long measureFrom, long end) {
        return () -> {
            Latencies latencies = new Latencies();
            int unexpected = 0;
            try (KeepAliveConnection connection = new KeepAliveConnection(url)) {
                for (int i = 0; ; i++) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        break;
                    }
                    int status = connection.exchange(scenario.request().apply(i)).status();
                    if (sent >= measureFrom) {
                        latencies.add(System.nanoTime() - sent);
                        if (status != scenario.expectedStatus()) {
                            unexpected++;
                        }
                    }
                }
            }
            return new ThreadResult(latencies, unexpected);
        };
    }

    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.0f", ms);
    }

    private static boolean isLoopback(URI url) {
        try {
            return InetAddress.getByName(url.getHost()).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
