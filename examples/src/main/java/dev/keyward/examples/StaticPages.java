package dev.keyward.examples;

import java.io.IOException;
import java.util.Map;

/** Everything outside the API: a short index for {@code /}, 404 for the rest. */
final class StaticPages implements SafeHandler.Route {

    @Override
    public void handle(Exchange exchange) throws IOException {
        if (!exchange.path().equals("/")) {
            throw HttpError.notFound();
        }
        if (!exchange.method().equals("GET")) {
            throw HttpError.methodNotAllowed("GET");
        }
        exchange.send(200, Map.of("Content-Type", "text/plain; charset=utf-8"),
                "Keyward demo. See the README for the API, or run the tour.\n");
    }
}
