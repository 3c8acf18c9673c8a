package dev.keyward.examples;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: Keyward's meters in the Prometheus text format, as a scraper reads them,
 * whatever the request's {@code Accept} says: one format, which every Prometheus reads. They hold no
 * key material and, as the demo sets them up, no organization id. Thread-safe.
 */
public final class MetricsPage implements SafeHandler.Route {

    /** The media type of the Prometheus text format, the one both demos answer with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    MetricsPage(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        exchange.send(200, Map.of("Content-Type", CONTENT_TYPE), scrape.get());
    }
}
