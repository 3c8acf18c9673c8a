package dev.keyward.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** A stand-in for GitHub's secret scanning: a P-256 key pair of its own, and alerts it signs as GitHub does. */
final class GitHubAlerts {

    static final String KEY_ID = "demo-scanning-key-1";

    private final KeyPair keys;

    GitHubAlerts() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyPair keys() {
        return keys;
    }

    /** The public key as PEM, as GitHub publishes it. */
    String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** An alert body reporting these values as found in a public repository. */
    static String alert(String... tokens) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < tokens.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"token\":\"").append(tokens[i])
                    .append("\",\"type\":\"keyward_access_key\",\"url\":\"https://github.com/o/r/blob/c/f.env\","
                            + "\"source\":\"content\"}");
        }
        return json.append("]").toString();
    }

    /** The Base64 DER ECDSA P-256/SHA-256 signature of the body. */
    String sign(String body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
