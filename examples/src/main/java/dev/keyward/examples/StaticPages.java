package dev.keyward.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The admin console: {@code /} and its script and style sheet, from the class path. Immutable. */
public final class StaticPages implements SafeHandler.Route {

    /** A page: its media type and text. */
    public record Page(String contentType, String body) {

        /** The headers it is sent with. */
        public Map<String, String> headers() {
            return Map.of("Content-Type", contentType, "Content-Security-Policy", POLICY,
                    "Cache-Control", "no-store", "Referrer-Policy", "no-referrer");
        }
    }

    // The page loads nothing from elsewhere and runs no inline script.
    private static final String POLICY =
            "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final Map<String, Page> pages = Map.of(
            "/", new Page("text/html; charset=utf-8", load("index.html")),
            "/console.js", new Page("text/javascript; charset=utf-8", load("console.js")),
            "/console.css", new Page("text/css; charset=utf-8", load("console.css")));

    /** Adds a GET route for each page. */
    void addTo(Router router) {
        pages.keySet().forEach(path -> router.route("GET", path, this));
    }

    /** The paths of the pages. */
    public Set<String> paths() {
        return pages.keySet();
    }

    /** The page at this path, if any. */
    public Optional<Page> page(String path) {
        return Optional.ofNullable(pages.get(path));
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        Page page = pages.get(exchange.path());
        exchange.send(200, page.headers(), page.body());
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
