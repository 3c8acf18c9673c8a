package dev.keyward.examples;

import dev.keyward.ClientAddress;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import java.io.IOException;

/**
 * One of Keyward's stack-neutral endpoints — introspection, revocation, GitHub's secret scanning
 * alerts — on the JDK server: hands it the method, headers and body as received (and the client's
 * address, to the endpoint that checks one) and writes its answer. The endpoint judges every method
 * itself.
 */
final class EndpointApi implements SafeHandler.Route {

    /** What the endpoints share: method, headers and raw body in, an answer out. */
    @FunctionalInterface
    interface Endpoint {
        TokenResponse handle(String method, RequestHeaders headers, byte[] body);
    }

    /** An endpoint that also checks the client's address (revocation, as the token endpoint does). */
    @FunctionalInterface
    interface AddressedEndpoint {
        TokenResponse handle(String method, RequestHeaders headers, byte[] body, ClientAddress clientAddress);
    }

    private final AddressedEndpoint endpoint;

    private EndpointApi(AddressedEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** An endpoint that needs no client address. */
    static EndpointApi of(Endpoint endpoint) {
        return new EndpointApi((method, headers, body, clientAddress) -> endpoint.handle(method, headers, body));
    }

    /** An endpoint given the client's address as the demo determined it. */
    static EndpointApi addressed(AddressedEndpoint endpoint) {
        return new EndpointApi(endpoint);
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        TokenResponse response = endpoint.handle(exchange.method(), exchange.headers(), exchange.bodyBytes(),
                exchange.clientAddress());
        exchange.send(response.status(), response.headers(), response.body());
    }
}
