package dev.keyward.examples;

import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import java.io.IOException;

/**
 * One of Keyward's stack-neutral endpoints — introspection, revocation, GitHub's secret scanning
 * alerts — on the JDK server: hands it the method, headers and body as received and writes its
 * answer. The endpoint judges every method itself.
 */
final class EndpointApi implements SafeHandler.Route {

    /** What the endpoints share: method, headers and raw body in, an answer out. */
    @FunctionalInterface
    interface Endpoint {
        TokenResponse handle(String method, RequestHeaders headers, byte[] body);
    }

    private final Endpoint endpoint;

    EndpointApi(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        TokenResponse response = endpoint.handle(exchange.method(), exchange.headers(), exchange.bodyBytes());
        exchange.send(response.status(), response.headers(), response.body());
    }
}
