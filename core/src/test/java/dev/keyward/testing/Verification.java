package dev.keyward.testing;

import dev.keyward.ApiFamily;
import dev.keyward.CredentialPrefixes;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;

/**
 * Checks secrets the way clients use them: an access key through the request authenticator,
 * a client secret by asking the token endpoint for a token.
 */
public final class Verification {

    private final Keyward keyward;

    public Verification(Keyward keyward) {
        this.keyward = keyward;
    }

    /** Whether the secret is currently a valid access key or client secret of some connection. */
    public boolean verifies(String secret) {
        CredentialPrefixes prefixes = keyward.config().prefixes();
        if (secret.startsWith(prefixes.clientSecret())) {
            return token(Requests.clientIdOf(secret, prefixes), secret) != null;
        }
        return keyward.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).granted();
    }

    /** A bearer token for the client, or null if the token endpoint refuses. */
    public String token(String clientId, String clientSecret) {
        var response = keyward.tokenEndpoint().handle("POST", Requests.basicForm(clientId, clientSecret),
                "grant_type=client_credentials");
        return response.status() == 200 ? Requests.accessTokenOf(response.body()) : null;
    }

    /** Whether a request with this bearer token is granted on the API family. */
    public boolean bearerVerifies(String token, ApiFamily family) {
        return keyward.authenticator().authenticate(RequestHeaders.of("Authorization", "Bearer " + token), family)
                .granted();
    }
}
