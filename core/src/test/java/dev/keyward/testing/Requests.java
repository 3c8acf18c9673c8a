package dev.keyward.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.CredentialPrefixes;
import dev.keyward.RequestHeaders;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Request headers and bodies as clients send them. */
public final class Requests {

    public static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    public static RequestHeaders accessKey(String key) {
        return RequestHeaders.of("Accesskey", key);
    }

    public static RequestHeaders bearer(String token) {
        return RequestHeaders.of("Authorization", "Bearer " + token);
    }

    /** {@code Authorization: Basic} with id and secret form-encoded (RFC 6749 §2.3.1), and a form content type. */
    public static RequestHeaders basicForm(String clientId, String clientSecret) {
        return RequestHeaders.of("Authorization", basic(clientId, clientSecret), "Content-Type", FORM);
    }

    public static String basic(String clientId, String clientSecret) {
        String pair = encode(clientId) + ":" + encode(clientSecret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The client id that goes with a client secret: the client id prefix and the secret's lookup id. */
    public static String clientIdOf(String clientSecret, CredentialPrefixes prefixes) {
        return prefixes.clientId() + CredentialLayout.lookupIdOf(clientSecret);
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String accessTokenOf(String body) {
        return json(body).get("access_token").asText();
    }
}
