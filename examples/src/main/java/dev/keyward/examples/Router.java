package dev.keyward.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the route of a request by its exact path, as sent, and its method. A path that no pattern
 * matches is 404 — also one that only starts like a route, and one that percent-encodes what
 * {@link RequestPaths} keeps out; the values of {@code {name}} segments are percent-decoded. A
 * matched path without a route for the method is 405 with {@code Allow}, except OPTIONS, which is
 * answered 200 with {@code Allow} (and no body) unless a route answers it itself. HEAD is served by
 * the GET route of the same path: the {@link Exchange} sends the GET answer's headers without its
 * body. Routes are added before the server starts; then it is read by many threads at once.
 */
final class Router implements SafeHandler.Route {

    /** The method of a route that answers every method itself, such as the OAuth token endpoint. */
    static final String ANY_METHOD = "*";

    private record Entry(String method, PathPattern pattern, SafeHandler.Route route) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a route; the first route added for a path and method is the one that answers. */
    Router route(String method, String pattern, SafeHandler.Route route) {
        entries.add(new Entry(method, PathPattern.of(pattern), route));
        return this;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        String path = exchange.path();
        if (path == null || !path.startsWith("/") || !RequestPaths.routable(path)) {
            throw HttpError.notFound();
        }
        List<String> segments = PathPattern.segments(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Entry entry : entries) {
            Optional<Map<String, String>> parameters = entry.pattern().match(segments);
            if (parameters.isEmpty()) {
                continue;
            }
            if (serves(entry.method(), exchange.method())) {
                exchange.pathParameters(decoded(parameters.get()));
                entry.route().handle(exchange);
                return;
            }
            allowed.add(entry.method());
            if (entry.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (allowed.isEmpty()) {
            throw HttpError.notFound();
        }
        // Every route answers OPTIONS, so a 405's Allow names it too (RFC 9110 §15.5.6: the methods supported).
        allowed.add("OPTIONS");
        if (exchange.method().equals("OPTIONS")) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Allow", String.join(", ", allowed));
            if (allowed.contains("PATCH")) {
                headers.put("Accept-Patch", AdminApi.PATCH_MEDIA_TYPE);
            }
            exchange.send(200, headers, null);
            return;
        }
        throw HttpError.methodNotAllowed(String.join(", ", allowed));
    }

    private static Map<String, String> decoded(Map<String, String> parameters) {
        Map<String, String> decoded = new HashMap<>(parameters);
        decoded.replaceAll((name, value) -> RequestPaths.decoded(value));
        return decoded;
    }

    private static boolean serves(String routeMethod, String method) {
        return routeMethod.equals(ANY_METHOD) || routeMethod.equals(method)
                || routeMethod.equals("GET") && method.equals("HEAD");
    }
}
