package dev.keyward.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The admin console: {@code /} and its script and style sheet, from the class path. */
final class StaticPages implements SafeHandler.Route {

    private record Page(String contentType, String body) {
    }

    // The page loads nothing from elsewhere and runs no inline script.
    private static final String POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";

    private final Map<String, Page> pages = Map.of(
            "/", new Page("text/html; charset=utf-8", load("index.html")),
            "/console.js", new Page("text/javascript; charset=utf-8", load("console.js")),
            "/console.css", new Page("text/css; charset=utf-8", load("console.css")));

    /** Adds a GET route for each page. */
    void addTo(Router router) {
        pages.keySet().forEach(path -> router.route("GET", path, this));
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        Page page = pages.get(exchange.path());
        exchange.send(200, Map.of("Content-Type", page.contentType(), "Content-Security-Policy", POLICY,
                "Cache-Control", "no-store", "Referrer-Policy", "no-referrer"), page.body());
    }

    private static String load(String name) {
        try (InputStream in = StaticPages.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing console/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
