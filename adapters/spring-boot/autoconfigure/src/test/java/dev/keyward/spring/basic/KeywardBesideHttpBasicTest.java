package dev.keyward.spring.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A chain with {@code httpBasic()} as well: the token endpoint takes client credentials in Basic
 * (RFC 6749 §2.3.1) before Spring Security's Basic filter would try them as a user's login.
 */
@SpringBootTest(classes = HttpBasicApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:basic;DB_CLOSE_DELAY=-1", "keyward.argon2.memory-kib=256",
                "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1"})
public class KeywardBesideHttpBasicTest {

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Keyward keyward;

    /** An HTTP Basic {@code Authorization} value. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    IssuedCredentials client() {
        return keyward.connections().create(Actor.superAdmin("s"), OrganizationId.of("org-" + UUID.randomUUID()), "Client",
                AuthenticationType.OAUTH);
    }

    HttpResponse<String> token(String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth/token"))
                .header("Authorization", authorization).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientCredentialsInBasicThenATokenWhoseBearerIsGranted() throws Exception {
        IssuedCredentials client = client();

        HttpResponse<String> token = token(basic(client.connection().oauthClientId().orElseThrow(), client.secret().reveal()));

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
        assertThat(m.find()).isTrue();
        HttpResponse<String> ping = get("/v1/ping", "Bearer " + m.group(1));
        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo(client.connection().id().value());
    }

    @Test
    void wrongClientSecretThenKeywardsInvalidClientNotSpringsBasicChallenge() throws Exception {
        IssuedCredentials client = client();

        HttpResponse<String> token = token(basic(client.connection().oauthClientId().orElseThrow(), "kwcs_wrong"));

        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(token.body()).contains("\"error\":\"invalid_client\"");
        assertThat(token.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"keyward\", charset=\"UTF-8\"");
        assertThat(token.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void theHostsOwnBasicLoginStillWorksOnItsOwnPages() throws Exception {
        HttpResponse<String> me = get("/host/me", basic(HttpBasicApplication.USER, HttpBasicApplication.PASSWORD));
        HttpResponse<String> wrong = get("/host/me", basic(HttpBasicApplication.USER, "wrong"));

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).isEqualTo(HttpBasicApplication.USER);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"Realm\""));
    }
}
