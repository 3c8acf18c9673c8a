package dev.keyward.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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

    @Override
    public void handle(HttpExchange httpExchange) throws IOException {
        Exchange exchange = new Exchange(httpExchange);
        try {
            requireOneHost(httpExchange);
            route.handle(exchange);
        } catch (HttpError e) {
            exchange.sendError(e);
        } catch (KeywardException e) {
            exchange.sendError(HttpError.from(e));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
            exchange.sendError(new HttpError(500, "INTERNAL_ERROR", "the server could not answer this request"));
        } finally {
            httpExchange.close();
        }
    }

    /**
     * An HTTP/1.1 request names its host in exactly one {@code Host} header (RFC 9112 §3.2): without one, or
     * with two, which host it is for is not known, and the server answers 400, as Tomcat does in the Spring
     * demo. The JDK's server routes such a request as any other.
     */
    private static void requireOneHost(HttpExchange exchange) {
        List<String> hosts = exchange.getRequestHeaders().get("Host");
        int count = hosts == null ? 0 : hosts.size();
        if (count > 1 || count == 0 && "HTTP/1.1".equals(exchange.getProtocol())) {
            throw new HttpError(400, "INVALID_INPUT", "a request names its host in one Host header");
        }
    }
}
