package dev.keyward.examples;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.RequestAuthenticator;
import java.io.IOException;

/**
 * A protected endpoint of the demo's own API: {@code GET /v1/ping} (REST family) or
 * {@code POST /v1/eventManager/event} (Event family). This is all the glue a host needs.
 */
final class ProtectedApi implements SafeHandler.Route {

    private final RequestAuthenticator authenticator;
    private final ApiFamily family;

    ProtectedApi(RequestAuthenticator authenticator, ApiFamily family) {
        this.authenticator = authenticator;
        this.family = family;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        AuthenticationResult result = authenticator.authenticate(exchange.headers(), family, null, exchange.clientAddress());
        if (result instanceof AuthenticationResult.Granted granted) {
            // Where the organization stands against its traffic limits, so clients can slow down in time.
            exchange.sendJson(200, granted.headers(), PrincipalJson.of(granted.principal()));
        } else if (result instanceof AuthenticationResult.Denied denied) {
            exchange.send(denied.httpStatus(), denied.headers(), denied.body());
        }
    }
}
