package dev.keyward.examples;

import dev.keyward.ClientAddress;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import java.io.IOException;

/**
 * One of Keyward's stack-neutral endpoints — the token endpoint, introspection, revocation, GitHub's
 * secret scanning alerts — on the JDK server: hands it the method, headers and body as received (and
 * the client's address, to the endpoints that check one) and writes its answer. The endpoint judges
 * every method itself, and the body too: the demo reads no more of it than a bound past the
 * endpoint's own limit, and leaves refusing a longer one to the endpoint, in its own format, as the
 * servlet adapter does.
 */
final class EndpointApi implements SafeHandler.Route {

    /** What the endpoints share: method, headers and raw body in, an answer out. */
    @FunctionalInterface
    interface Endpoint {
        TokenResponse handle(String method, RequestHeaders headers, byte[] body);
    }

    /** An endpoint that also checks the client's address (the token endpoint, revocation). */
    @FunctionalInterface
    interface AddressedEndpoint {
        TokenResponse handle(String method, RequestHeaders headers, byte[] body, ClientAddress clientAddress);
    }

    private final AddressedEndpoint endpoint;
    private final int maxBodyBytes;

    private EndpointApi(AddressedEndpoint endpoint, int maxBodyBytes) {
        this.endpoint = endpoint;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** An endpoint that needs no client address, given at most {@code maxBodyBytes} of a body and one byte more. */
    static EndpointApi of(Endpoint endpoint, int maxBodyBytes) {
        return new EndpointApi((method, headers, body, clientAddress) -> endpoint.handle(method, headers, body),
                maxBodyBytes);
    }

    /** An endpoint given the client's address as the demo determined it, and the body as {@link #of} says. */
    static EndpointApi addressed(AddressedEndpoint endpoint, int maxBodyBytes) {
        return new EndpointApi(endpoint, maxBodyBytes);
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        TokenResponse response = endpoint.handle(exchange.method(), exchange.headers(),
                exchange.bodyBytes(maxBodyBytes), exchange.clientAddress());
        exchange.send(response.status(), response.headers(), response.body());
    }
}
