package dev.keyward.examples;

import dev.keyward.TokenEndpoint;
import dev.keyward.TokenResponse;
import java.io.IOException;

/** {@code POST /oauth/token}: hands the request to Keyward's token endpoint and writes its answer. */
final class TokenApi implements SafeHandler.Route {

    private final TokenEndpoint endpoint;

    TokenApi(TokenEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        TokenResponse response = endpoint.handle(exchange.method(), exchange.headers(), exchange.bodyBytes(),
                exchange.clientAddress());
        exchange.send(response.status(), response.headers(), response.body());
    }
}
