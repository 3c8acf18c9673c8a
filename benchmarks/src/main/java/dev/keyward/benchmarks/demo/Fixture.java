package dev.keyward.benchmarks.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.CredentialPrefixes;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * What the load needs on a running demo, made through its admin API: a new organization
 * with an Access Key (verified once, so warm) and an M2M OAuth client, and forged bearer
 * tokens — right prefix, shape and checksum, unknown lookup ids — that each cost the server
 * a store read and no Argon2.
 */
final class Fixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String host;
    final String accessKey;
    final String basicCredentials;
    final String[] forgedTokens;

    private Fixture(String host, String accessKey, String basicCredentials, String[] forgedTokens) {
        this.host = host;
        this.accessKey = accessKey;
        this.basicCredentials = basicCredentials;
        this.forgedTokens = forgedTokens;
    }

    static Fixture create(URI server) throws IOException {
        String host = server.getHost() + ":" + server.getPort();
        String org = "load-" + UUID.randomUUID();
        try (KeepAliveConnection admin = new KeepAliveConnection(server)) {
            JsonNode key = created(admin, host, org, "admin", "{\"name\":\"Load key\",\"authenticationType\":\"ACCESS_KEY\"}");
            JsonNode client = created(admin, host, org, "super", "{\"name\":\"Load client\",\"authenticationType\":\"OAUTH\"}");
            String basic = Base64.getEncoder().encodeToString((client.get("clientId").asText() + ":"
                    + client.get("clientSecret").asText()).getBytes(StandardCharsets.UTF_8));
            Fixture fixture = new Fixture(host, key.get("accessKey").asText(), basic, forgedTokens(10_000));
            expect(admin.exchange(fixture.ping()), 200, "warm-up ping");
            expect(admin.exchange(fixture.token()), 200, "warm-up token request");
            return fixture;
        }
    }

    byte[] ping() {
        return ascii("GET /v1/ping HTTP/1.1\r\nHost: " + host + "\r\nAccesskey: " + accessKey + "\r\n\r\n");
    }

    byte[] token() {
        String form = "grant_type=client_credentials";
        return ascii("POST /oauth/token HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Basic " + basicCredentials
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                + "\r\n\r\n" + form);
    }

    byte[] forged(int i) {
        return ascii("GET /v1/ping HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                + forgedTokens[i % forgedTokens.length] + "\r\n\r\n");
    }

    private static JsonNode created(KeepAliveConnection admin, String host, String org, String actor, String json)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ascii("POST /admin/orgs/" + org + "/connections HTTP/1.1\r\nHost: " + host + "\r\nX-Actor: "
                + actor + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return JSON.readTree(expect(admin.exchange(request), 201, "creating a connection").body());
    }

    private static KeepAliveConnection.Answer expect(KeepAliveConnection.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException(what + " answered " + answer.status() + ", not " + status);
        }
        return answer;
    }

    private static String[] forgedTokens(int count) {
        CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
        String[] tokens = new String[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = codec.issue(CredentialKind.BEARER_TOKEN, codec.newLookupId());
        }
        return tokens;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
