package dev.keyward.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.keyward.CredentialFormat;
import dev.keyward.KeywardException;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route and turns every failure into a JSON answer: refusals keep their status and
 * stable code; anything unexpected becomes a bare 500 — no stack trace reaches a client.
 */
final class SafeHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SafeHandler.class);

    /** A route of the demo. */
    @FunctionalInterface
    interface Route {
        void handle(Exchange exchange) throws IOException;
    }

    private final Route route;

    SafeHandler(Route route) {
        this.route = route;
    }

    /**
     * Why the request is not one RFC 9112 allows, in words, where the JDK server reads it on: a target with a
     * fragment (§3.2), a {@code Content-Length} that is not digits alone (RFC 9110 §8.6, {@code +29} among them,
     * which the JDK server reads as 29). Null when neither.
     */
    private static String unframed(HttpExchange exchange) {
        if (exchange.getRequestURI().getRawFragment() != null) {
            return "the request target must not hold a fragment (#)";
        }
        for (String length : exchange.getRequestHeaders().getOrDefault("Content-Length", List.of())) {
            if (length.isEmpty() || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "Content-Length must be digits";
            }
        }
        return null;
    }

    @Override
    public void handle(HttpExchange httpExchange) throws IOException {
        Exchange exchange = new Exchange(httpExchange);
        String unframed = unframed(httpExchange);
        if (unframed != null) {
            // What Tomcat refuses the JDK server reads on: refused here too, the connection then closed.
            try {
                httpExchange.getResponseHeaders().set("Connection", "close");
                exchange.sendError(HttpError.badRequest(unframed));
            } finally {
                httpExchange.close();
            }
            return;
        }
        if (!Drain.admitted()) {
            // The server was stopping when this request came: turned away, as the drain counted it out.
            try {
                // Read first what the client sends with it, up to the demo's cap, so that the connection closes
                // cleanly and the client reads the answer, rather than a reset for bytes left unread.
                httpExchange.getRequestBody().readNBytes(JsonBodies.MAX_BODY_BYTES);
                httpExchange.getResponseHeaders().set("Connection", "close");
                exchange.sendError(new HttpError(503, "UNAVAILABLE", "the server is stopping"));
            } finally {
                httpExchange.close();
            }
            return;
        }
        try {
            route.handle(exchange);
        } catch (HttpError e) {
            exchange.sendError(e);
        } catch (KeywardException e) {
            exchange.sendError(HttpError.from(e));
        } catch (RuntimeException e) {
            // The path as a client sent it, a credential it put there (or one a few characters off) cut out.
            LOG.error("{} {} failed", exchange.method(), CredentialFormat.redacted(exchange.path()), e);
            exchange.sendError(new HttpError(500, "INTERNAL_ERROR", "the server could not answer this request"));
        } finally {
            httpExchange.close();
        }
    }
}
