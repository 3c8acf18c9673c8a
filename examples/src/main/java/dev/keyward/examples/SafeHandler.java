package dev.keyward.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.keyward.KeywardException;
import java.io.IOException;
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
    private final Drain drain;

    /** A handler whose requests the drain counts, and turns away once the server is stopping. */
    SafeHandler(Route route, Drain drain) {
        this.route = route;
        this.drain = drain;
    }

    @Override
    public void handle(HttpExchange httpExchange) throws IOException {
        Exchange exchange = new Exchange(httpExchange);
        if (!drain.enter()) {
            try {
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
            LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
            exchange.sendError(new HttpError(500, "INTERNAL_ERROR", "the server could not answer this request"));
        } finally {
            try {
                httpExchange.close();
            } finally {
                drain.exit();
            }
        }
    }
}
