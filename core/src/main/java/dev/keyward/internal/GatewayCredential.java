package dev.keyward.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The credential an API gateway presents to the introspection endpoint, kept as SHA-256 digests
 * only, so neither the secret nor its length stays in memory. A presented pair is compared
 * digest to digest in constant time, both halves always, so timing tells nothing of which half
 * was wrong. Immutable and thread-safe; {@code toString()} shows the id alone.
 */
public final class GatewayCredential {

    private final String clientId;
    private final byte[] idDigest;
    private final byte[] secretDigest;

    public GatewayCredential(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.idDigest = sha256(clientId);
        this.secretDigest = sha256(clientSecret);
    }

    /** The gateway's client id; not secret. */
    public String clientId() {
        return clientId;
    }

    /** Whether the presented id and secret are the gateway's. */
    public boolean matches(String presentedId, String presentedSecret) {
        boolean id = MessageDigest.isEqual(idDigest, sha256(presentedId));
        boolean secret = MessageDigest.isEqual(secretDigest, sha256(presentedSecret));
        return id & secret;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "GatewayCredential[" + clientId + "]";
    }
}
