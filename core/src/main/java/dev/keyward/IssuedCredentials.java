package dev.keyward;

import java.util.Objects;

/**
 * The result of creating or regenerating a connection: the connection and its new
 * secret, which is not available again (only its hash is stored). For an Access Key connection the
 * secret is the access key; for an M2M OAuth connection it is the client secret, and
 * the client id is {@link Connection#clientId()}. {@code toString()} masks the secret.
 *
 * @param connection the connection as stored now
 * @param secret     the new secret
 */
public record IssuedCredentials(Connection connection, Secret secret) {

    public IssuedCredentials {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(secret, "secret");
    }
}
